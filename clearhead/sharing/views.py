from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import shows_patient_data
from clearhead.care import policy
from clearhead.care import services as care_services
from clearhead.care.models import REVOCATION_STATEMENT
from clearhead.sharing import selectors, services
from clearhead.sharing.forms import (
    ConsentForm,
    SupporterAcceptForm,
    SupporterInviteForm,
)


def _role(request, holds_role):
    """The signed-in person, if `holds_role` (a `care.policy.is_<role>`)."""
    if not holds_role(request.user):
        raise PermissionDenied
    return request.user


def _apply_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _invite(request, patient):
    form = SupporterInviteForm(request.POST)
    if not form.is_valid():
        return _page(request, patient, invite_form=form, status=400)
    _, code = services.supporter_invite(
        actor=patient,
        relation=form.cleaned_data["relation"],
        days=form.cleaned_data["days"],
    )
    request.session["new_supporter_code"] = code
    return redirect("sharing:my_supporters")


def _cancel(request, patient):
    link = selectors.pending_link_for_patient(
        patient=patient, public_id=request.POST.get("link")
    )
    if link is None:
        raise Http404
    services.supporter_invite_cancel(actor=patient, link=link)
    messages.success(request, gettext("Cancelled. That code no longer links anyone."))
    return redirect("sharing:my_supporters")


def _sign(request, patient):
    link = selectors.link_for_patient(
        patient=patient, public_id=request.POST.get("link")
    )
    if link is None:
        raise Http404
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            care_services.consent_sign(actor=patient, link=link, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                gettext("Signed. They can see what you chose, until you revoke it."),
            )
            return redirect("sharing:my_supporters")
    return render(
        request,
        "sharing/consent_error.html",
        {"form": form, "link": link},
        status=400,
    )


def _revoke(request, patient):
    consent = selectors.consent_for_patient(
        patient=patient, public_id=request.POST.get("consent")
    )
    if consent is None:
        raise Http404
    care_services.consent_revoke(actor=patient, consent=consent)
    messages.success(
        request,
        gettext("Revoked. They can no longer see anything you shared under it."),
    )
    return redirect("sharing:my_supporters")


# The page's forms, by their `action`; each returns a response when done.
_PATIENT_ACTIONS = {
    "invite": _invite,
    "cancel": _cancel,
    "sign": _sign,
    "revoke": _revoke,
}


def _patient_post(request, patient):
    """Handle one of the page's forms; return a response when done."""
    handler = _PATIENT_ACTIONS.get(request.POST.get("action"))
    return handler(request, patient) if handler else None


@shows_patient_data(
    AuditAction.ACCOUNT_VIEWED,
    AuditAction.SUPPORTER_INVITED,
    AuditAction.CONSENT_SIGNED,
    AuditAction.CONSENT_REVOKED,
    AuditAction.SUPPORTER_INVITE_CANCELLED,
)
@require_http_methods(["GET", "POST"])
def my_supporters(request: HttpRequest) -> HttpResponse:
    """The patient's family and friends, and what each one may see."""
    patient = _role(request, policy.is_patient)
    if request.method == "POST":
        response = _patient_post(request, patient)
        if response is not None:
            return response
    return _page(request, patient)


def _page(request, patient, *, invite_form=None, status=200) -> HttpResponse:
    context = {
        "links": selectors.links_for_patient(actor=patient),
        "invite_form": invite_form or SupporterInviteForm(),
        "consent_form": ConsentForm(),
        "new_code": request.session.pop("new_supporter_code", None),
        "statement": REVOCATION_STATEMENT,
    }
    return render(request, "sharing/my_supporters.html", context, status=status)


@shows_patient_data(
    AuditAction.ACCOUNT_VIEWED,
    AuditAction.SUPPORTER_VIEWED,
    AuditAction.SUPPORTER_JOINED,
    AuditAction.SUPPORTER_CODE_REFUSED,
)
@require_http_methods(["GET", "POST"])
def supporter_home(request: HttpRequest) -> HttpResponse:
    """A supporter's own page: what they were granted, and help for themselves."""
    if not policy.is_supporter(request.user):
        # Refused (403), in words: a parent who signed up as a patient by
        # mistake is offered the change while the account holds nothing.
        return render(request, "sharing/not_a_supporter.html", status=403)
    supporter = request.user
    form = SupporterAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.supporter_accept(
                actor=supporter, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                gettext(
                    "You are now linked with %(patient)s. They choose what you can see."
                )
                % {"patient": link.patient},
            )
            return redirect("sharing:supporter_home")
    overview = selectors.supporter_overview(actor=supporter)
    context = {"form": form, "overview": overview}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "sharing/supporter_home.html", context, status=status)
