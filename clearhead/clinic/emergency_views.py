"""The page that shows a patient's record during emergency access."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import shows_patient_data
from clearhead.breakglass.selectors import emergency_access_of
from clearhead.clinic.emergency import emergency_record


@shows_patient_data(AuditAction.EMERGENCY_RECORD_VIEWED)
@require_safe
def record(request: HttpRequest, public_id) -> HttpResponse:
    """The patient's record, read-only, while the access lasts."""
    if not request.user.is_admin:
        raise PermissionDenied
    access = emergency_access_of(admin=request.user, public_id=public_id)
    if not access.is_open:
        return render(
            request, "clinic/emergency_ended.html", {"access": access}, status=403
        )
    data = emergency_record(actor=request.user, access=access)
    return render(
        request, "clinic/emergency_record.html", {"access": access, "data": data}
    )
