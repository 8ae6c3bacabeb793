from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "clearhead.clinic"
    label = "clinic"
    verbose_name = _("Clinician workspace")

    def ready(self):
        from clearhead.clinic import signals  # noqa: F401  (connects receivers)
