from django.apps import AppConfig


class BreakGlassConfig(AppConfig):
    name = "clearhead.breakglass"
    label = "breakglass"
    verbose_name = "Emergency access"
