from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "clearhead.education"
    label = "education"
    verbose_name = "Education library"
