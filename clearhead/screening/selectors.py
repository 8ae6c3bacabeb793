from django.db.models import QuerySet

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.screening.models import ScreeningResult


def screening_result_list_for_patient(*, actor, patient) -> QuerySet[ScreeningResult]:
    """Return a patient's saved results, for the patient themself only.

    Care teams reach results through the clinic app's scoped selectors.
    Records the read as SCREENING_VIEWED.
    """
    if not policy.is_self(actor, patient):
        return ScreeningResult.objects.none()
    audit_record(actor=actor, action=AuditAction.SCREENING_VIEWED, patient=patient)
    return ScreeningResult.objects.filter(patient=patient)
