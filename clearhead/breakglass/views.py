from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import no_patient_data, shows_patient_data
from clearhead.breakglass import services
from clearhead.breakglass.forms import EmergencyAccessForm
from clearhead.breakglass.models import EmergencyAccess


@no_patient_data
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """The administrator's form: whose record, why, and for how long."""
    if not request.user.is_admin:
        raise PermissionDenied
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = services.emergency_access_start(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.warning(
                request, "Emergency access is open. The patient has been told."
            )
            return redirect("breakglass:record", public_id=access.public_id)
    recent = EmergencyAccess.objects.filter(admin=request.user).select_related(
        "patient"
    )[:20]
    return render(request, "breakglass/start.html", {"form": form, "recent": recent})


@shows_patient_data(AuditAction.EMERGENCY_RECORD_VIEWED)
@require_safe
def record(request: HttpRequest, public_id) -> HttpResponse:
    """The patient's record, read-only, while the access lasts."""
    if not request.user.is_admin:
        raise PermissionDenied
    access = get_object_or_404(
        EmergencyAccess.objects.select_related("patient"),
        public_id=public_id,
        admin=request.user,
    )
    if not access.is_open():
        return render(request, "breakglass/ended.html", {"access": access}, status=403)
    data = services.emergency_record(actor=request.user, access=access)
    return render(request, "breakglass/record.html", {"access": access, "data": data})
