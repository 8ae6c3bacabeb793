from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "clearhead.interop"
    label = "interop"
    verbose_name = "FHIR export"
