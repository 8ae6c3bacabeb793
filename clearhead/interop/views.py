"""The patient's own record as a FHIR R4 Bundle, to download."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import shows_patient_data
from clearhead.interop.export import own_bundle


@shows_patient_data(AuditAction.DATA_EXPORTED)
@require_safe
def my_record_fhir(request: HttpRequest) -> JsonResponse:
    """Everything about the signed-in patient (only a patient: others 403)."""
    response = JsonResponse(
        own_bundle(actor=request.user),
        content_type="application/fhir+json",
        json_dumps_params={"indent": 2},
    )
    response["Content-Disposition"] = (
        'attachment; filename="clearhead-my-record.fhir.json"'
    )
    return response
