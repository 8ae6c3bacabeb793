from django.contrib import admin

from clearhead.clinic.models import Program, ProgramMembership


class MembershipInline(admin.TabularInline):
    model = ProgramMembership
    extra = 1
    autocomplete_fields = ["clinician"]
    readonly_fields = ["ended_at", "ended_by"]
    # A membership ends (clinic.services.membership_end); its row is history.
    can_delete = False


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    """Administrators set up programs and their clinicians; patients' records
    are not shown here."""

    list_display = ["name", "city", "state"]
    search_fields = ["name"]
    inlines = [MembershipInline]
