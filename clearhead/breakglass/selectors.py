"""Reading emergency accesses. "Open" is `EmergencyAccessQuerySet.open()`."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from clearhead.breakglass.models import EmergencyAccess

RECENT = 20


def emergency_accesses_to(*, patient) -> QuerySet[EmergencyAccess]:
    """Every emergency access to the patient's record, with who opened it."""
    return EmergencyAccess.objects.filter(patient=patient).select_related("admin")


def emergency_accesses_by(*, admin) -> QuerySet[EmergencyAccess]:
    """The administrator's own most recent accesses, newest first, each with
    its patient and `is_open`. Nobody else's: another administrator's
    accesses are not theirs to see."""
    if not admin.is_admin:
        return EmergencyAccess.objects.none()
    return (
        EmergencyAccess.objects.filter(admin=admin)
        .with_is_open()
        .select_related("patient")[:RECENT]
    )


def emergency_access_of(*, admin, public_id) -> EmergencyAccess:
    """One of the administrator's own emergency accesses (with `is_open`), or 404."""
    return get_object_or_404(
        EmergencyAccess.objects.with_is_open().select_related("patient"),
        public_id=public_id,
        admin=admin,
    )


def open_emergency_patients(*, admin, patient_ids) -> set[int]:
    """Which of these patients' records the administrator may read now."""
    return set(
        EmergencyAccess.objects.open()
        .filter(admin=admin, patient_id__in=list(patient_ids))
        .values_list("patient_id", flat=True)
    )
