from django.apps import AppConfig


class FlagsConfig(AppConfig):
    name = "clearhead.flags"
    label = "flags"
    verbose_name = "Early-warning flags"
