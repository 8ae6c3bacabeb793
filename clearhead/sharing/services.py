"""Patients invite supporters and sign, or revoke, what each may see."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from clearhead.accounts.models import hash_secret, normalize_email
from clearhead.audit import guesses
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.care.models import SupporterLink
from clearhead.core import clock
from clearhead.core.codes import new_code, normalize_code
from clearhead.sharing.models import SUPPORTER_CODE_DAYS

# One answer for every code that cannot be used (unknown, used, expired,
# cancelled), so a code never tells anyone whose it was. In English here
# (tests compare it), in the reader's language when raised.
CODE_REFUSED = gettext_noop("That code does not work. Ask for a new one.")


def _require(holds_role, actor) -> None:
    """`holds_role`: `policy.is_patient` or `policy.is_supporter`."""
    if not holds_role(actor):
        raise PermissionDenied


@transaction.atomic
def supporter_invite(
    *,
    actor,
    relation: str = "",
    email: str = "",
    days: int = max(SUPPORTER_CODE_DAYS),
) -> tuple[SupporterLink, str]:
    """A code the patient gives to a family member or friend. Audited.

    It works once, for `days` days (14 unless the patient picks fewer).
    """
    _require(policy.is_patient, actor)
    if days not in SUPPORTER_CODE_DAYS:
        raise ValidationError({"days": gettext("Choose how many days the code works.")})
    code = new_code()
    link = SupporterLink.objects.create(
        patient=actor,
        relation=relation.strip(),
        invited_email=normalize_email(email),
        code_hash=hash_secret(code),
        expires_at=clock.now() + timedelta(days=days),
    )
    audit_record(
        actor=actor,
        action=AuditAction.SUPPORTER_INVITED,
        patient=actor,
        subject=link,
        extra={"days": days},
    )
    return link, code


@transaction.atomic
def supporter_invite_cancel(*, actor, link: SupporterLink) -> SupporterLink:
    """The patient withdraws a code nobody has used yet; it stops working at once.

    Audited as SUPPORTER_INVITE_CANCELLED. A link already accepted is not
    cancelled here: the patient revokes its consents instead.
    """
    _require(policy.is_patient, actor)
    link = SupporterLink.objects.select_for_update().get(pk=link.pk)
    if link.patient_id != actor.pk:
        raise PermissionDenied
    if link.accepted_at is not None:
        raise ValidationError(gettext("Someone already used this code."))
    if link.ended_at is None:
        link.ended_at = clock.now()
        link.save(update_fields=["ended_at"])
        audit_record(
            actor=actor,
            action=AuditAction.SUPPORTER_INVITE_CANCELLED,
            patient=actor,
            subject=link,
        )
    return link


def supporter_accept(*, actor, code: str) -> SupporterLink:
    """The supporter accepts; they see nothing until the patient signs a consent.

    The code she already used, sent again (a double tap), returns her link
    and changes nothing. Any other code that does not work is refused with
    one answer whatever the reason, and audited (SUPPORTER_CODE_REFUSED,
    naming no patient); too many of those and every code is refused for a
    while (`clearhead.audit.guesses`), so codes cannot be guessed by trying.
    """
    _require(policy.is_supporter, actor)
    if guesses.guessing_blocked(
        actor=actor, refused=AuditAction.SUPPORTER_CODE_REFUSED
    ):
        # The audit app's words, in the reader's language where it has them.
        raise ValidationError({"code": gettext(guesses.TOO_MANY_WRONG)})
    try:
        return _supporter_accept(actor=actor, code=code)
    except ValidationError:
        # Outside the refused transaction, so that the refusal is kept.
        audit_record(actor=actor, action=AuditAction.SUPPORTER_CODE_REFUSED)
        raise


@transaction.atomic
def _supporter_accept(*, actor, code: str) -> SupporterLink:
    link = (
        SupporterLink.objects.select_for_update()
        .filter(code_hash=hash_secret(normalize_code(code)))
        .first()
    )
    if link is not None and link.supporter_id == actor.pk and link.ended_at is None:
        return link  # her own code sent twice (a double tap): already linked
    if link is None or not link.is_pending:
        raise ValidationError({"code": gettext(CODE_REFUSED)})
    link.supporter, link.accepted_at = actor, clock.now()
    link.save(update_fields=["supporter", "accepted_at"])
    audit_record(
        actor=actor,
        action=AuditAction.SUPPORTER_JOINED,
        patient=link.patient,
        subject=link,
    )
    return link
