from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecoveryConfig(AppConfig):
    name = "clearhead.recovery"
    label = "recovery"
    verbose_name = _("Recovery companion")

    def ready(self) -> None:
        # Registers the deployment check, and the sign-out hook that forgets
        # the browser's reminder notifications.
        from clearhead.recovery import checks, signals  # noqa: F401
