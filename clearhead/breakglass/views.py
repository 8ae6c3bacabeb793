from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from clearhead.audit.decorators import no_patient_data
from clearhead.breakglass import selectors, services
from clearhead.breakglass.forms import EmergencyAccessForm


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
                request, gettext("Emergency access is open. The patient has been told.")
            )
            return redirect("emergency:record", public_id=access.public_id)
    recent = selectors.emergency_accesses_by(admin=request.user)
    context = {"form": form, "recent": recent}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "breakglass/start.html", context, status=status)
