from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "clearhead.directory"
    label = "directory"
    verbose_name = "Treatment and meeting finder"
