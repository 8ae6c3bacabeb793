"""GET /api/v1/patients/{id}/fhir: a patient's record as a FHIR R4 Bundle."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from ninja import Router

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import shows_patient_data
from clearhead.care import policy
from clearhead.interop.export import patient_bundle

router = Router(tags=["interoperability"])


@router.get("/patients/{patient_id}/fhir", url_name="patient_fhir")
@shows_patient_data(AuditAction.FHIR_EXPORTED)
def export_patient_fhir(request: HttpRequest, patient_id: str):
    """For clinicians on the patient's care team. Others get 404."""
    if not policy.is_clinician(request.auth):
        raise PermissionDenied
    enrollment = policy.enrollment_for(
        request.auth, patient__public_id=_uuid_or_404(patient_id)
    )
    if enrollment is None:
        raise Http404
    response = JsonResponse(
        patient_bundle(actor=request.auth, enrollment=enrollment),
        content_type="application/fhir+json",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="patient-{patient_id}.fhir.json"'
    )
    return response


def _uuid_or_404(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None
