from django.contrib import admin

from clearhead.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited or deleted by hand."""

    list_display = [
        "occurred_at",
        "action",
        "actor",
        "patient",
        "channel",
        "ip_address",
    ]
    list_filter = ["action"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
