from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clearhead.core import clock
from clearhead.directory.models import Facility, Feed, ListingReport, Meeting


class ListingAdmin(admin.ModelAdmin):
    """Retired rows too (kept for history), marked as such."""

    def get_queryset(self, request):
        return self.model.all_objects.select_related("feed")


@admin.register(Facility)
class FacilityAdmin(ListingAdmin):
    list_display = ["name", "city", "state", "feed", "retired_at"]
    list_filter = ["feed", "state", "mental_health_only", "approximate_location"]
    search_fields = ["name", "program_name", "city", "zip_code"]
    readonly_fields = [
        "feed",
        "source",
        "source_id",
        "content_hash",
        "unmapped",
        "retired_at",
    ]


@admin.register(Meeting)
class MeetingAdmin(ListingAdmin):
    list_display = ["name", "fellowship", "attendance", "city", "state", "feed"]
    list_filter = ["feed", "fellowship", "attendance", "approximate_location"]
    search_fields = ["name", "city", "postal_code"]
    readonly_fields = ["feed", "source", "source_id", "content_hash", "retired_at"]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """Feeds are made by imports; here an operator can see them and set or
    clear the URL the worker refreshes them from."""

    list_display = [
        "name",
        "kind",
        "format",
        "url",
        "last_confirmed_at",
        "last_imported_at",
        "last_fetch_problem",
    ]
    list_filter = ["kind", "format"]
    fields = [
        "name",
        "kind",
        "format",
        "url",
        "options",
        "last_confirmed_at",
        "last_imported_at",
        "last_fetched_at",
        "last_fetch_problem",
    ]
    readonly_fields = [
        "name",
        "kind",
        "format",
        "options",
        "last_confirmed_at",
        "last_imported_at",
        "last_fetched_at",
        "last_fetch_problem",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description=_("Mark as resolved"))
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
