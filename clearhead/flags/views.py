"""The patient's one-tap "tell my care team now" about a crisis flag, and
taking it back."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import shows_patient_data
from clearhead.core.redirects import safe_next
from clearhead.flags import crisis


@shows_patient_data(AuditAction.CONSENT_SIGNED)
@require_POST
def crisis_tell_care_team(request: HttpRequest, public_id) -> HttpResponse:
    """Consent to tell the care team of this one crisis flag, then show it is done.

    Only the patient's own open crisis flag (404 otherwise); other roles 403.
    Then back to `next` (a page of this site), else the patient's home.
    """
    flag = crisis.own_open_crisis(actor=request.user, public_id=public_id)
    crisis.crisis_tell_care_team(actor=request.user, flag=flag)
    messages.success(
        request,
        gettext(
            "Done. Your care team will get an e-mail asking them to sign in and "
            "reach out to you. Please still call a help line if you need someone now."
        ),
    )
    # Back to the page the box was on (the page after a check-in sends its
    # address), else the patient's home.
    return redirect(
        safe_next(request, request.POST.get("next")) or "recovery:dashboard"
    )


@shows_patient_data(AuditAction.CONSENT_REVOKED)
@require_POST
def crisis_disclosure_revoke(request: HttpRequest, public_id) -> HttpResponse:
    """Revoke one "tell my care team now" consent (the patient's own; 404
    otherwise; other roles 403), then back to "My care team"."""
    crisis.disclosure_revoke(actor=request.user, public_id=public_id)
    messages.success(
        request,
        gettext(
            "Revoked. Your care team no longer sees that alert in Clearhead, and we "
            "will not e-mail them about it again. What they were already told "
            "cannot be taken back."
        ),
    )
    return redirect("clinic:my_care")
