from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clearhead.audit.decorators import no_patient_data
from clearhead.safety import safety_plan


@login_not_required
@no_patient_data
@require_safe
def help_now(request: HttpRequest) -> HttpResponse:
    """The crisis and help lines of this deployment's region."""
    return render(request, "safety/help_now.html")


@login_not_required
@no_patient_data
@require_safe
def safety_plan_blank(request: HttpRequest) -> HttpResponse:
    """A blank safety plan to print and fill in by hand: no account, nothing saved."""
    return render(
        request,
        "safety/safety_plan.html",
        {"rows": safety_plan.rows(None), "reviewed": safety_plan.REVIEWED},
    )
