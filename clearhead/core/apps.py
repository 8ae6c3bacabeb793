from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "clearhead.core"
    label = "core"
    verbose_name = "Clearhead core"

    def ready(self) -> None:
        from clearhead.core import checks  # noqa: F401  (registers the checks)
