from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "clearhead.safety"
    label = "safety"
    verbose_name = "Safety and crisis help"
