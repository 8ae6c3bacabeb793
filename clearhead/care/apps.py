from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "clearhead.care"
    label = "care"
    verbose_name = "Care relationship"
