from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from clearhead.breakglass.models import EmergencyAccess


def emergency_accesses_to(*, patient) -> QuerySet[EmergencyAccess]:
    """Every emergency access to the patient's record, with who opened it."""
    return EmergencyAccess.objects.filter(patient=patient).select_related("admin")


def emergency_access_of(*, admin, public_id) -> EmergencyAccess:
    """One of the administrator's own emergency accesses, or 404."""
    return get_object_or_404(
        EmergencyAccess.objects.select_related("patient"),
        public_id=public_id,
        admin=admin,
    )
