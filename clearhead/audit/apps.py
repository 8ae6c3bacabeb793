from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "clearhead.audit"
    label = "audit"
    verbose_name = "Audit log"
