from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "clearhead.screening"
    label = "screening"
    verbose_name = "Self-assessment"
