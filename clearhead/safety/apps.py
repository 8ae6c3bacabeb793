from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "clearhead.safety"
    label = "safety"
    verbose_name = "Safety and crisis help"

    def ready(self) -> None:
        from clearhead.safety import checks  # noqa: F401  (registers the check)
