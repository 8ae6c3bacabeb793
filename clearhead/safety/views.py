from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clearhead.audit.decorators import no_patient_data


@login_not_required
@no_patient_data
@require_safe
def help_now(request: HttpRequest) -> HttpResponse:
    """The crisis and help lines of this deployment's region."""
    return render(request, "safety/help_now.html")
