from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "clearhead.recovery"
    label = "recovery"
    verbose_name = "Recovery companion"
