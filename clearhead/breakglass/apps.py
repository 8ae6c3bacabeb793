from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreakGlassConfig(AppConfig):
    name = "clearhead.breakglass"
    label = "breakglass"
    verbose_name = _("Emergency access")
