from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clearhead.audit import selectors
from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import shows_patient_data
from clearhead.audit.services import audit_record
from clearhead.breakglass.models import EmergencyAccess


@shows_patient_data(AuditAction.ACCOUNT_VIEWED)
@require_safe
def who_has_seen(request: HttpRequest) -> HttpResponse:
    """The patient's own view of who opened their record, and what went out."""
    if not request.user.is_patient:
        raise PermissionDenied
    accesses = list(selectors.accesses_by_others(patient=request.user))
    disclosures = list(selectors.disclosures_of(patient=request.user))
    emergencies = list(
        EmergencyAccess.objects.filter(patient=request.user).select_related("admin")
    )
    audit_record(
        actor=request.user, action=AuditAction.ACCOUNT_VIEWED, patient=request.user
    )
    return render(
        request,
        "audit/who_has_seen.html",
        {
            "accesses": accesses,
            "disclosures": disclosures,
            "emergencies": emergencies,
        },
    )
