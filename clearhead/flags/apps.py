from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlagsConfig(AppConfig):
    name = "clearhead.flags"
    label = "flags"
    verbose_name = _("Early-warning flags")
