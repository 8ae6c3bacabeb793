"""A program's referral queue (its staff) and its referral settings (an
administrator). The referrals themselves live in the `referrals` app."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import no_patient_data, shows_patient_data
from clearhead.care import policy
from clearhead.clinic import selectors
from clearhead.clinic.forms import ProgramReferralsForm, ReferralStatusForm
from clearhead.core.forms import form_errors_from
from clearhead.directory import selectors as directory_selectors
from clearhead.referrals import selectors as referral_selectors
from clearhead.referrals import services as referral_services
from clearhead.referrals.models import CloseReason, Status


def _clinician(request):
    if not policy.is_clinician(request.user):
        raise PermissionDenied
    return request.user


@shows_patient_data(AuditAction.REFERRAL_QUEUE_VIEWED)
@require_safe
def referral_queue(request: HttpRequest) -> HttpResponse:
    """The program's referrals: open ones, overdue first; `?closed=1` the closed."""
    clinician = _clinician(request)
    closed = request.GET.get("closed") == "1"
    rows = referral_selectors.referral_queue(actor=clinician, closed=closed)
    return render(
        request, "clinic/referral_queue.html", {"rows": rows, "closed": closed}
    )


def _status_form(data=None):
    reasons = [
        (code, label)
        for code, label in CloseReason.choices
        if code not in ("withdrawn", "consent_ended")
    ]
    return ReferralStatusForm(data, statuses=Status.choices, reasons=reasons)


@shows_patient_data(AuditAction.REFERRAL_VIEWED, AuditAction.REFERRAL_STATUS_CHANGED)
@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, public_id) -> HttpResponse:
    clinician = _clinician(request)
    posted = request.method == "POST"
    row = referral_selectors.referral_for_staff(
        actor=clinician, public_id=public_id, record=not posted
    )
    form = _status_form(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            referral_services.referral_status_change(
                actor=clinician, referral=row.referral, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors_from(error, form)
        else:
            messages.success(request, gettext("The referral's status was saved."))
            return redirect("clinic:referral_detail", public_id=public_id)
    if posted:  # the page again, with the errors: a reading of its own
        row = referral_selectors.referral_for_staff(
            actor=clinician, public_id=public_id
        )
    context = {"row": row, "referral": row.referral, "form": form}
    return render(
        request, "clinic/referral_detail.html", context, status=400 if posted else 200
    )


def _settings_saved(request, program, form) -> bool:
    """Save the form's settings; False, with the reason on the form, if not."""
    data = form.cleaned_data
    facility = None
    if data["add_listing"]:
        facility = directory_selectors.facility_listed(data["add_listing"])
        if facility is None:
            form.add_error(
                "add_listing", gettext("The finder has no listing at this address.")
            )
            return False
    saved = referral_services.referral_settings_save(
        actor=request.user,
        program=program,
        retention_days=data["retention_days"],
        add_listing=facility,
        remove_listing_ids=[int(pk) for pk in data["remove"]],
    )
    if not saved:
        form.add_error(
            "add_listing", gettext("Another program already has this listing.")
        )
    return saved


@no_patient_data
@require_http_methods(["GET", "POST"])
def program_referrals(request: HttpRequest, public_id) -> HttpResponse:
    """An administrator links the program to its listings in the finder and
    sets how long closed referrals are kept."""
    if not policy.can_manage_programs(request.user):
        raise PermissionDenied
    program = selectors.program_get(public_id=public_id)
    listings = list(directory_selectors.program_listings_of(program))
    form = ProgramReferralsForm(
        request.POST or None,
        listings=listings,
        initial={
            "retention_days": referral_services.settings_for(program).retention_days
        },
    )
    posted = request.method == "POST"
    if posted and form.is_valid() and _settings_saved(request, program, form):
        messages.success(request, gettext("The referral settings were saved."))
        return redirect("clinic:program_referrals", public_id=program.public_id)
    context = {"program": program, "listings": listings, "form": form}
    return render(request, "clinic/program_referrals.html", context)
