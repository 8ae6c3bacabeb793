"""Opening and using emergency access. Every step is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from clearhead.accounts.models import Role, User, normalize_email
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.breakglass import emails
from clearhead.breakglass.models import DURATIONS, EmergencyAccess

MIN_REASON_LENGTH = 20


@transaction.atomic
def emergency_access_start(
    *, actor, patient_email: str, reason: str, minutes: int
) -> EmergencyAccess:
    """Open one patient's record to an administrator for a fixed time."""
    if not actor.is_admin:
        raise PermissionDenied
    errors = {}
    patient = User.objects.filter(
        email=normalize_email(patient_email), role=Role.PATIENT, is_active=True
    ).first()
    if patient is None:
        errors["patient_email"] = gettext("No patient has that e-mail address.")
    if len(reason.strip()) < MIN_REASON_LENGTH:
        errors["reason"] = gettext(
            "Say why, in at least %(count)s characters. The patient will read it."
        ) % {"count": MIN_REASON_LENGTH}
    if minutes not in DURATIONS:
        errors["minutes"] = gettext("Choose 15 minutes, 30 minutes or 1 hour.")
    if errors:
        raise ValidationError(errors)
    access = EmergencyAccess.lasting(
        minutes, admin=actor, patient=patient, reason=reason.strip()
    )
    access.save()
    audit_record(
        actor=actor,
        action=AuditAction.EMERGENCY_ACCESS_STARTED,
        patient=patient,
        subject=access,
        extra={"minutes": minutes},
    )
    transaction.on_commit(lambda: emails.send_emergency_access_notice(access=access))
    return access


def emergency_record_viewed(*, actor, access: EmergencyAccess) -> None:
    """Allow the record's reading only while the access is open and only to its
    admin, and record that it was read (the page itself is clinic's)."""
    if access.admin_id != actor.pk or not actor.is_admin:
        raise PermissionDenied
    if not EmergencyAccess.objects.open().filter(pk=access.pk).exists():
        raise PermissionDenied("This emergency access has ended.")
    audit_record(
        actor=actor,
        action=AuditAction.EMERGENCY_RECORD_VIEWED,
        patient=access.patient,
        subject=access,
    )
