from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clearhead.care.models import Program, ProgramMembership
from clearhead.core.admin import NeverDeleteAdmin


class MembershipInline(admin.TabularInline):
    """Who was a member, and when: shown, never changed here.

    Members are added and ended on the program's page in the app
    (/clinic/programs/), the one path that checks and audits each change
    (MEMBERSHIP_ADDED, MEMBERSHIP_ENDED); an ended row is history.
    """

    model = ProgramMembership
    verbose_name_plural = _(
        "Memberships (read only here: add and end them on the program's page "
        "under /clinic/programs/)"
    )
    extra = 0
    fields = readonly_fields = ["clinician", "joined_at", "ended_at", "ended_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Program)
class ProgramAdmin(NeverDeleteAdmin):
    """Administrators set up programs and their clinicians; patients' records
    are not shown here.

    A program is never deleted here: its enrollments and clinical records are
    kept for years after care ends, and the delete page would list them,
    naming each patient.
    """

    list_display = ["name", "city", "state"]
    search_fields = ["name"]
    inlines = [MembershipInline]
