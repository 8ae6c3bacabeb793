"""Patients invite supporters and sign, or revoke, what each may see."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from clearhead.accounts.models import Role, hash_secret, normalize_email
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.core import clock
from clearhead.core.codes import new_code, normalize_code
from clearhead.sharing.models import (
    PURPOSES,
    SUPPORTER_CODE_DAYS,
    SUPPORTER_KINDS,
    Consent,
    SupporterLink,
)

# One answer for every code that cannot be used (unknown, used, expired,
# cancelled), so a code never tells anyone whose it was.
CODE_REFUSED = "That code does not work. Ask for a new one."


def _require_role(actor, role) -> None:
    if not (actor and actor.is_authenticated and actor.role == role):
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
    _require_role(actor, Role.PATIENT)
    if days not in SUPPORTER_CODE_DAYS:
        raise ValidationError({"days": "Choose how many days the code works."})
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
    _require_role(actor, Role.PATIENT)
    link = SupporterLink.objects.select_for_update().get(pk=link.pk)
    if link.patient_id != actor.pk:
        raise PermissionDenied
    if link.accepted_at is not None:
        raise ValidationError("Someone already used this code.")
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


@transaction.atomic
def supporter_accept(*, actor, code: str) -> SupporterLink:
    """The supporter accepts; they see nothing until the patient signs a consent."""
    _require_role(actor, Role.SUPPORTER)
    link = (
        SupporterLink.objects.select_for_update()
        .filter(code_hash=hash_secret(normalize_code(code)))
        .first()
    )
    if link is None or not link.is_pending:
        raise ValidationError({"code": CODE_REFUSED})
    link.supporter, link.accepted_at = actor, clock.now()
    link.save(update_fields=["supporter", "accepted_at"])
    audit_record(
        actor=actor,
        action=AuditAction.SUPPORTER_JOINED,
        patient=link.patient,
        subject=link,
    )
    return link


@transaction.atomic
def consent_sign(
    *,
    actor,
    link: SupporterLink,
    kinds: list[str],
    purpose: str,
    expires_on: date,
    signature: str,
) -> Consent:
    """Record the patient's signed consent for one supporter. Audited."""
    _require_role(actor, Role.PATIENT)
    if link.patient_id != actor.pk or link.supporter_id is None or link.ended_at:
        raise PermissionDenied
    errors = {}
    if not kinds or any(kind not in SUPPORTER_KINDS for kind in kinds):
        errors["kinds"] = "Choose what this person may see."
    if purpose not in PURPOSES:
        errors["purpose"] = "Choose why you are sharing."
    if expires_on <= clock.today_for(actor):
        errors["expires_on"] = "Choose an end date in the future."
    if len(signature.strip()) < 2:
        errors["signature"] = "Type your name to sign."
    if errors:
        raise ValidationError(errors)
    consent = Consent.objects.create(
        link=link,
        patient=actor,
        purpose=purpose,
        kinds=[k for k in SUPPORTER_KINDS if k in kinds],
        expires_on=expires_on,
        signature=signature.strip(),
        signed_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CONSENT_SIGNED,
        patient=actor,
        subject=consent,
        extra={"kinds": consent.kinds},
    )
    return consent


@transaction.atomic
def consent_revoke(*, actor, consent: Consent) -> Consent:
    """Revoke at once: the supporter's next request already sees nothing."""
    if consent.patient_id != actor.pk:
        raise PermissionDenied
    if consent.revoked_at is None:
        consent.revoked_at = clock.now()
        consent.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CONSENT_REVOKED,
            patient=actor,
            subject=consent,
        )
    return consent
