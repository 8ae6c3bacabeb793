"""Patients invite supporters and sign, or revoke, what each may see."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from clearhead.accounts.models import Role, hash_secret, normalize_email
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.core import clock
from clearhead.core.codes import new_code, normalize_code
from clearhead.sharing.models import PURPOSES, SUPPORTER_KINDS, Consent, SupporterLink


def _require_role(actor, role) -> None:
    if not (actor and actor.is_authenticated and actor.role == role):
        raise PermissionDenied


@transaction.atomic
def supporter_invite(
    *, actor, relation: str = "", email: str = ""
) -> tuple[SupporterLink, str]:
    """A code the patient gives to a family member or friend. Audited."""
    _require_role(actor, Role.PATIENT)
    code = new_code()
    link = SupporterLink.objects.create(
        patient=actor,
        relation=relation.strip(),
        invited_email=normalize_email(email),
        code_hash=hash_secret(code),
    )
    audit_record(
        actor=actor, action=AuditAction.SUPPORTER_INVITED, patient=actor, subject=link
    )
    return link, code


@transaction.atomic
def supporter_accept(*, actor, code: str) -> SupporterLink:
    """The supporter accepts; they see nothing until the patient signs a consent."""
    _require_role(actor, Role.SUPPORTER)
    link = (
        SupporterLink.objects.select_for_update()
        .filter(code_hash=hash_secret(normalize_code(code)))
        .first()
    )
    if link is None or link.accepted_at or link.ended_at:
        raise ValidationError({"code": "That code does not work. Ask for a new one."})
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
