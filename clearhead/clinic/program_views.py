"""Programs and their clinicians, for administrators. No health information."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from clearhead.audit.decorators import no_patient_data
from clearhead.care import policy
from clearhead.clinic import selectors, services
from clearhead.clinic.forms import MembershipAddForm, ProgramForm
from clearhead.clinic.services import PROGRAM_FIELDS
from clearhead.core import clock
from clearhead.core.forms import form_errors_from


def _admin(request: HttpRequest):
    if not policy.can_manage_programs(request.user):
        raise PermissionDenied
    return request.user


@no_patient_data
@require_http_methods(["GET"])
def program_list(request: HttpRequest) -> HttpResponse:
    _admin(request)
    return render(
        request, "clinic/program_list.html", {"programs": selectors.program_list()}
    )


@no_patient_data
@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    initial = {"time_zone": clock.region_time_zone()}
    form = ProgramForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            messages.success(
                request,
                gettext("%(program)s was created. Now add its clinicians.")
                % {"program": program},
            )
            return redirect("clinic:program_detail", public_id=program.public_id)
    return render(request, "clinic/program_form.html", {"form": form})


@no_patient_data
@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, public_id) -> HttpResponse:
    actor = _admin(request)
    program = selectors.program_get(public_id=public_id)
    initial = {name: getattr(program, name) for name in PROGRAM_FIELDS}
    form = ProgramForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(actor=actor, program=program, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            messages.success(request, gettext("The program's details were saved."))
            return redirect("clinic:program_detail", public_id=program.public_id)
    context = {"form": form, "program": program}
    return render(request, "clinic/program_form.html", context)


@no_patient_data
@require_http_methods(["GET", "POST"])
def program_detail(request: HttpRequest, public_id) -> HttpResponse:
    """The program, its members past and present, and a form to add a clinician."""
    actor = _admin(request)
    program = selectors.program_get(public_id=public_id)
    clinicians = selectors.clinicians_to_add(program=program)
    form = MembershipAddForm(request.POST or None, clinicians=clinicians)
    if request.method == "POST" and form.is_valid():
        clinician = form.cleaned_data["clinician"]
        try:
            services.membership_add(actor=actor, program=program, clinician=clinician)
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            messages.success(
                request,
                gettext("%(clinician)s is now a member of %(program)s.")
                % {"clinician": clinician, "program": program},
            )
            return redirect("clinic:program_detail", public_id=program.public_id)
    current, past = selectors.membership_list_for_program(program=program)
    context = {
        "program": program,
        "current": current,
        "past": past,
        "form": form,
        "can_add": clinicians.exists(),
    }
    return render(request, "clinic/program_detail.html", context)


@no_patient_data
@require_POST
def membership_end(request: HttpRequest, public_id, pk: int) -> HttpResponse:
    actor = _admin(request)
    program = selectors.program_get(public_id=public_id)
    membership = selectors.membership_get_current(program=program, pk=pk)
    try:
        services.membership_end(actor=actor, membership=membership)
    except ValidationError:
        # Another administrator ended it between our read and our write: the
        # same answer as a second click on an ended membership.
        raise Http404 from None
    messages.success(
        request,
        gettext(
            "%(clinician)s is no longer a member of %(program)s "
            "and no longer sees its patients."
        )
        % {"clinician": membership.clinician, "program": program},
    )
    return redirect("clinic:program_detail", public_id=program.public_id)
