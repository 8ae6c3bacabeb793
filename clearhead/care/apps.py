from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "clearhead.care"
    label = "care"
    verbose_name = _("Care relationship")

    def ready(self):
        from clearhead.care import signals  # noqa: F401  (connects receivers)
