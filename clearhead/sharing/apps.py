from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "clearhead.sharing"
    label = "sharing"
    verbose_name = "Consents and supporters"
