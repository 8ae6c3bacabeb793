"""The public pages: send a referral, the page after, the status link,
withdrawing. No account is needed; each page is in the reader's language."""

from datetime import datetime, timedelta

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import no_patient_data, shows_patient_data
from clearhead.audit.middleware import client_ip
from clearhead.core import clock
from clearhead.core.ratelimit import RateLimited
from clearhead.referrals import flow, services

# The status link of the referral this browser just sent, for the page after
# sending and its reloads, for ten minutes only (a shared phone's next user
# must not find it); quick exit forgets it with the session.
SENT_TOKEN = "referrals:sent_token"  # noqa: S105 (a session key)
SENT_TOKEN_KEPT = timedelta(minutes=10)


def _too_many(request) -> HttpResponse:
    return render(request, "referrals/too_many.html", status=429)


def _review(request, page, status=200) -> HttpResponse:
    context = {"page": page, **flow.review(page)}
    return render(request, "referrals/review.html", context, status=status)


def _send(request, page) -> HttpResponse:
    try:
        _, token = services.referral_send(
            **flow.to_send(page), client_address=client_ip(request) or ""
        )
    except RateLimited:
        return _too_many(request)
    until = clock.now() + SENT_TOKEN_KEPT
    request.session[SENT_TOKEN] = {"token": token, "until": until.isoformat()}
    return redirect("referrals:sent")


@login_not_required
@no_patient_data
@never_cache
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest) -> HttpResponse:
    """Choose the program, the parts of the results and a way to be reached;
    then read what will be sent and the consent; then send."""
    action = request.POST.get("action", "")
    data = request.POST if request.method == "POST" else request.GET
    try:
        page = flow.send_page(data, stage="consent" if action == "send" else "details")
    except flow.Broken:
        return render(request, "referrals/broken.html", status=400)
    if action == "edit":
        return render(request, "referrals/send.html", {"page": page})
    if page.form.is_bound and page.form.is_valid():
        return _send(request, page) if action == "send" else _review(request, page)
    if action == "send" and flow.details_valid(page):
        return _review(request, page, status=400)  # the consent is missing
    status = 400 if page.form.is_bound else 200
    return render(request, "referrals/send.html", {"page": page}, status=status)


@login_not_required
@no_patient_data
@never_cache
@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    kept = request.session.get(SENT_TOKEN) or {}
    fresh = kept and clock.now() < datetime.fromisoformat(kept["until"])
    if kept and not fresh:
        del request.session[SENT_TOKEN]
    token = kept["token"] if fresh else None
    return render(request, "referrals/sent.html", {"token": token})


@login_not_required
@shows_patient_data(AuditAction.REFERRAL_STATUS_VIEWED)
@never_cache
@require_safe
def status(request: HttpRequest, token: str) -> HttpResponse:
    try:
        referral = services.referral_status_read(
            token=token, client_address=client_ip(request) or ""
        )
    except RateLimited:
        return _too_many(request)
    except services.NotFound:
        raise Http404 from None
    return render(
        request, "referrals/status.html", {"referral": referral, "token": token}
    )


@login_not_required
@shows_patient_data(AuditAction.REFERRAL_WITHDRAWN)
@require_POST
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.referral_withdraw(token=token, client_address=client_ip(request) or "")
    except RateLimited:
        return _too_many(request)
    except services.NotFound:
        raise Http404 from None
    request.session.pop(SENT_TOKEN, None)
    return redirect("referrals:withdrawn")


@login_not_required
@no_patient_data
@require_safe
def withdrawn(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/withdrawn.html")
