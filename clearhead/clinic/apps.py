from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clearhead.clinic"
    label = "clinic"
    verbose_name = "Clinician workspace"
