"""Reads for the program's staff, scoped to the programs they are in now."""

from dataclasses import dataclass

from django.http import Http404

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.core import clock
from clearhead.referrals import rules
from clearhead.referrals.models import Referral, Status


@dataclass
class QueueRow:
    referral: Referral
    overdue: bool
    due_at: object


def _visible_to(actor):
    return Referral.objects.filter(
        program__in=policy.programs_of(actor)
    ).select_related("program", "facility")


def _row(referral: Referral, now) -> QueueRow:
    zone = referral.program.time_zone
    return QueueRow(
        referral=referral,
        overdue=rules.is_overdue(
            status=referral.status, sent_at=referral.sent_at, now=now, zone=zone
        ),
        due_at=rules.contact_due_at(referral.sent_at, zone),
    )


def referral_queue(*, actor, closed: bool = False) -> list[QueueRow]:
    """The referrals of the actor's programs: open ones (overdue first, then
    oldest first), or the closed ones. Each shown referral is recorded."""
    referrals = _visible_to(actor)
    referrals = (
        referrals.filter(status=Status.CLOSED)
        if closed
        else referrals.exclude(status=Status.CLOSED)
    )
    now = clock.now()
    rows = [_row(referral, now) for referral in referrals.order_by("sent_at")]
    rows.sort(key=lambda row: (not row.overdue, row.referral.sent_at))
    for row in rows:
        audit_record(
            actor=actor, action=AuditAction.REFERRAL_QUEUE_VIEWED, subject=row.referral
        )
    if not rows:  # an empty queue was looked at too
        audit_record(
            actor=actor, action=AuditAction.REFERRAL_QUEUE_VIEWED, extra={"shown": 0}
        )
    return rows


def referral_for_staff(*, actor, public_id, record: bool = True) -> QueueRow:
    """One referral of the actor's programs (404 for any other), recorded as opened."""
    referral = _visible_to(actor).filter(public_id=public_id).first()
    if referral is None:
        raise Http404
    if record:
        audit_record(actor=actor, action=AuditAction.REFERRAL_VIEWED, subject=referral)
    return _row(referral, clock.now())
