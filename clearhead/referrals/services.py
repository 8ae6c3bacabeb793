"""Writes: sending, withdrawing, a program's status changes, settings, the
retention pass. Each writes its audit row in the same transaction.

A referral's person has no account, so no event names a patient; the
referral's public id is the subject and `extra` holds codes and ids only.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.core import clock
from clearhead.core.ratelimit import take
from clearhead.directory import services as directory_services
from clearhead.referrals.consent import CONSENT_LASTS_DAYS
from clearhead.referrals.models import (
    DEFAULT_RETENTION_DAYS,
    MIN_RETENTION_DAYS,
    CloseReason,
    Referral,
    ReferralSettings,
    Status,
)

# Asking a status link: per address, a fixed window (core.ratelimit). Enough
# for a person who checks now and then, far too few to try tokens.
STATUS_LIMIT = 20
STATUS_WINDOW_SECONDS = 15 * 60
# Sending: a person sends one or two; a script would send hundreds.
SEND_LIMIT = 5
SEND_WINDOW_SECONDS = 60 * 60
TOKEN_BYTES = 32  # 256 bits, as API tokens and invitation links


class NotFound(Exception):
    """No referral has this token (or it was deleted)."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def referral_send(
    *,
    program,
    facility,
    parts: list[dict],
    name: str,
    phone: str,
    email: str,
    best_time: str,
    consent_text: str,
    signature: str,
    client_address: str,
) -> tuple[Referral, str]:
    """Send a referral; return it and its secret token, which is shown once
    and stored only as its hash. Raises core.ratelimit.RateLimited."""
    take(
        scope="referral-send",
        client_address=client_address,
        limit=SEND_LIMIT,
        window_seconds=SEND_WINDOW_SECONDS,
    )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    referral = Referral.objects.create(
        program=program,
        facility=facility,
        token_hash=token_hash(token),
        parts=parts,
        name=name,
        phone=phone,
        email=email,
        best_time=best_time,
        language=get_language() or "",
        consent_text=consent_text,
        signature=signature,
        sent_at=clock.now(),
    )
    audit_record(
        actor=None,
        action=AuditAction.REFERRAL_SENT,
        subject=referral,
        extra={
            "program": str(program.public_id),
            "parts": [part["instrument"] for part in parts],
        },
    )
    return referral, token


def _by_token(token: str, client_address: str) -> Referral:
    take(
        scope="referral-status",
        client_address=client_address,
        limit=STATUS_LIMIT,
        window_seconds=STATUS_WINDOW_SECONDS,
    )
    referral = (
        Referral.objects.select_related("program")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if referral is None:
        raise NotFound
    return referral


def referral_status_read(*, token: str, client_address: str) -> Referral:
    """The referral behind a status link, recorded as read. Raises NotFound
    or RateLimited (every ask counts, found or not)."""
    referral = _by_token(token, client_address)
    audit_record(
        actor=None, action=AuditAction.REFERRAL_STATUS_VIEWED, subject=referral
    )
    return referral


@transaction.atomic
def referral_withdraw(*, token: str, client_address: str) -> Referral:
    """The person takes their referral back: everything they sent is deleted
    (the row keeps only its program, dates and status, so the link can say
    it was withdrawn and the program's queue shows a closed line)."""
    referral = _by_token(token, client_address)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _close_and_forget(referral, CloseReason.WITHDRAWN, clock.now())
    audit_record(actor=None, action=AuditAction.REFERRAL_WITHDRAWN, subject=referral)
    return referral


def _close_and_forget(referral: Referral, reason: str, now) -> None:
    """Close a referral and delete everything the person sent (the row keeps
    its program, dates and status until the retention pass deletes it)."""
    referral.parts = []
    referral.name = referral.phone = referral.email = referral.best_time = ""
    referral.consent_text = referral.signature = ""
    referral.status = Status.CLOSED
    referral.close_reason = reason
    referral.closed_at = referral.closed_at or now
    referral.save()


def referrals_close_consent_ended(now) -> int:
    """The worker's daily pass: a referral still open when the person's
    consent ends (consent.CONSENT_LASTS_DAYS after sending, the date the
    consent names) is closed, and what they sent deleted, one audited
    closing each; the program may no longer use it (42 CFR 2.31(a)(6)).
    Returns how many were closed."""
    ended = Referral.objects.filter(
        sent_at__lte=now - timedelta(days=CONSENT_LASTS_DAYS)
    ).exclude(status=Status.CLOSED)
    closed = 0
    for referral_id in ended.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            referral = Referral.objects.select_for_update().get(pk=referral_id)
            if referral.status == Status.CLOSED:
                continue  # closed meanwhile by the program or the person
            _close_and_forget(referral, CloseReason.CONSENT_ENDED, now)
            audit_record(
                actor=None, action=AuditAction.REFERRAL_CONSENT_ENDED, subject=referral
            )
        closed += 1
    return closed


def _may_work_on(actor, referral: Referral) -> bool:
    return policy.is_clinician(actor) and (
        policy.programs_of(actor).filter(pk=referral.program_id).exists()
    )


@transaction.atomic
def referral_status_change(
    *, actor, referral: Referral, status: str, close_reason: str = ""
) -> Referral:
    """A member of the referral's program moves it on (audited). A closed
    referral stays closed: the person's consent ended with it."""
    if not _may_work_on(actor, referral):
        raise PermissionDenied
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.is_withdrawn:
        raise ValidationError(_("The person withdrew this referral."))
    if referral.status == Status.CLOSED:
        # The consent ends when the program closes the referral (consent.py):
        # it cannot be opened again, nor its retention clock restarted.
        raise ValidationError(
            _("This referral is closed. The person can send a new one.")
        )
    if status not in Status.values:
        raise ValidationError(_("Choose a status."))
    if status == Status.CLOSED:
        if close_reason not in CloseReason.values or close_reason in (
            CloseReason.WITHDRAWN,
            CloseReason.CONSENT_ENDED,
        ):
            raise ValidationError(_("Choose why the referral is closed."))
    else:
        close_reason = ""
    now = clock.now()
    before = referral.status
    referral.status = status
    referral.close_reason = close_reason
    if status != Status.NEW and referral.contacted_at is None:
        referral.contacted_at = now
    referral.closed_at = now if status == Status.CLOSED else None
    referral.save()
    audit_record(
        actor=actor,
        action=AuditAction.REFERRAL_STATUS_CHANGED,
        subject=referral,
        extra={"from": before, "to": status, "reason": close_reason},
    )
    return referral


def settings_for(program) -> ReferralSettings:
    return ReferralSettings.objects.filter(program=program).first() or ReferralSettings(
        program=program, retention_days=DEFAULT_RETENTION_DAYS
    )


@transaction.atomic
def referral_settings_save(
    *, actor, program, retention_days: int, add_listing=None, remove_listing_ids=()
) -> bool:
    """An administrator sets a program's listings and retention. Returns
    False when the listing to add is another program's (nothing else changes
    then)."""
    if not policy.can_manage_programs(actor):
        raise PermissionDenied
    if add_listing is not None and not directory_services.program_listing_add(
        program=program, facility=add_listing
    ):
        return False
    removed = directory_services.program_listing_remove(
        program=program, facility_ids=remove_listing_ids
    )
    ReferralSettings.objects.update_or_create(
        program=program, defaults={"retention_days": retention_days}
    )
    audit_record(
        actor=actor,
        action=AuditAction.REFERRAL_SETTINGS_CHANGED,
        subject=program,
        extra={
            "retention_days": retention_days,
            "listing_added": str(add_listing.public_id) if add_listing else "",
            "listings_removed": removed,
        },
    )
    return True


def referrals_delete_expired(now) -> int:
    """The worker's daily pass: delete closed referrals older than their
    program's retention period, one audited deletion each."""
    deleted = 0
    closed = Referral.objects.filter(
        status=Status.CLOSED, closed_at__lte=now - timedelta(days=MIN_RETENTION_DAYS)
    )
    for referral in closed.select_related("program__referral_settings").iterator():
        days = getattr(
            getattr(referral.program, "referral_settings", None),
            "retention_days",
            DEFAULT_RETENTION_DAYS,
        )
        if referral.closed_at + timedelta(days=days) > now:
            continue
        with transaction.atomic():
            audit_record(
                actor=None,
                action=AuditAction.REFERRAL_DELETED,
                subject=referral,
                extra={"program": str(referral.program.public_id), "days": days},
            )
            referral.delete()
        deleted += 1
    return deleted
