from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import F

from clearhead.accounts.models import ApiToken, Invitation, Role, User
from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import no_patient_data, shows_patient_data
from clearhead.audit.services import audit_record, audit_record_for_patients
from clearhead.core.admin import NeverDeleteAdmin


@admin.register(User)
class UserAdmin(NeverDeleteAdmin):
    """Accounts' non-clinical fields only, every view of one audited.

    No account is deleted here: a patient closes their own account
    (`clearhead/recovery/closing.py`, which keeps the program's records and
    the audit log whole); an operator deactivates one instead. Nothing related
    to the account (enrollments, check-ins, plans, contacts…) is listed.
    """

    list_display = ["email", "display_name", "role", "is_active", "date_joined"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "display_name"]
    fields = ["email", "display_name", "role", "is_active", "date_joined", "last_login"]
    readonly_fields = ["date_joined", "last_login"]

    def _audit_opened(self, request, object_id) -> None:
        person = self.get_object(request, unquote(object_id))
        if person is None or not self.has_view_or_change_permission(request, person):
            return  # Django answers with its own redirect or 403
        audit_record(
            actor=request.user,
            action=AuditAction.ADMIN_ACCOUNT_VIEWED,
            patient=person if person.is_patient else None,
            subject=person,
        )

    # Saving the form records the change too (save_model).
    @shows_patient_data(AuditAction.ADMIN_ACCOUNT_VIEWED, AuditAction.PROFILE_UPDATED)
    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._audit_opened(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    @shows_patient_data(AuditAction.ADMIN_ACCOUNT_VIEWED)
    def history_view(self, request, object_id, extra_context=None):
        self._audit_opened(request, object_id)
        return super().history_view(request, object_id, extra_context)

    # Names, addresses and roles, no health information; still, each patient
    # on the page gets a row of their own in "who has seen my record".
    @no_patient_data
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            audit_record_for_patients(
                actor=request.user,
                action=AuditAction.ADMIN_ACCOUNTS_LISTED,
                patient_ids=User.objects.filter(
                    pk__in=[person.pk for person in changelist.result_list],
                    role=Role.PATIENT,
                )
                .annotate(patient_id=F("pk"))
                .values("patient_id"),
            )
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=AuditAction.PROFILE_UPDATED if change else AuditAction.USER_CREATED,
            patient=obj if obj.is_patient else None,
            subject=obj,
            extra={"fields": sorted(form.changed_data), "via": "admin"},
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    fields = ["email", "role", "invited_by", "created_at", "expires_at", "accepted_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # invitations are made from the staff page, which e-mails them


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
