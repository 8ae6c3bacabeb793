from django.contrib import admin

from clearhead.core import clock
from clearhead.directory.models import Facility, ListingReport, Meeting


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "state", "source", "source_updated"]
    list_filter = ["source", "state"]
    search_fields = ["name", "program_name", "city", "zip_code"]
    readonly_fields = ["source", "source_id", "content_hash", "unmapped"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["name", "fellowship", "attendance", "city", "state", "source"]
    list_filter = ["source", "fellowship", "attendance"]
    search_fields = ["name", "city", "postal_code"]
    readonly_fields = ["source", "source_id", "content_hash"]


@admin.action(description="Mark as resolved")
def mark_resolved(modeladmin, request, queryset):
    queryset.filter(resolved_at=None).update(resolved_at=clock.now())


@admin.register(ListingReport)
class ListingReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "facility", "problem", "details", "resolved_at"]
    list_filter = ["problem", "resolved_at"]
    readonly_fields = ["facility", "problem", "details", "created_at"]
    actions = [mark_resolved]

    def has_add_permission(self, request):
        return False
