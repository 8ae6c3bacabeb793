from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clearhead.core import clock
from clearhead.directory import services
from clearhead.directory.models import (
    Facility,
    Feed,
    InfusionReview,
    ListingReport,
    Meeting,
    ProgramListing,
)


class ChangesListings:
    """Edits made here change what the finders list: the cached finder pages
    are drawn afresh (services.listings_changed)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.listings_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.listings_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.listings_changed()


class ListingAdmin(ChangesListings, admin.ModelAdmin):
    """Retired rows too (kept for history), marked as such."""

    def get_queryset(self, request):
        return self.model.all_objects.select_related("feed")


@admin.action(description=_("Mark as ketamine infusion therapy (hide from the finder)"))
def mark_infusion(modeladmin, request, queryset):
    services.infusion_review_set(queryset, InfusionReview.INFUSION)


@admin.action(description=_("Mark as not infusion therapy (list in the finder)"))
def mark_not_infusion(modeladmin, request, queryset):
    services.infusion_review_set(queryset, InfusionReview.NOT_INFUSION)


@admin.register(Facility)
class FacilityAdmin(ListingAdmin):
    """Ketamine infusion clinics: filter on "infusion review" to see what the
    importer flagged, then mark each (an action, or the field on its page)."""

    list_display = ["name", "city", "state", "feed", "infusion_review", "retired_at"]
    list_filter = [
        "infusion_review",
        "feed",
        "state",
        "mental_health_only",
        "approximate_location",
    ]
    search_fields = ["name", "program_name", "city", "zip_code"]
    readonly_fields = [
        "feed",
        "source",
        "source_id",
        "content_hash",
        "unmapped",
        "infusion_terms",
        "retired_at",
    ]
    actions = [mark_infusion, mark_not_infusion]


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


@admin.register(ProgramListing)
class ProgramListingAdmin(ChangesListings, admin.ModelAdmin):
    """Which program (running Clearhead) a listing belongs to: its page then
    takes referrals. Program administrators set it at
    /clinic/programs/<id>/referrals/ too."""

    list_display = ["facility", "program", "created_at"]
    raw_id_fields = ["facility"]
    list_select_related = ["facility", "program"]
