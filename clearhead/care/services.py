"""Consents: the patient signs, changes and revokes what each recipient sees.

A consent names its recipient (a supporter through their link, or a care
team through the enrollment), what it covers, and until when. Every write is
the patient's own and is audited.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.care.models import (
    DISCLOSURE_KINDS,
    PURPOSES,
    REVOCATION_STATEMENT,
    SHARE_KINDS,
    SUPPORTER_KINDS,
    Consent,
    Enrollment,
    Program,
    SupporterLink,
)
from clearhead.care.time_zones import today_for
from clearhead.core import clock


def program_outcomes_invalidate(
    *, program_ids: Iterable[int] = (), patient_id: int | None = None
) -> None:
    """Mark what the outcomes report stored of closed weeks (clinic.OutcomesWeek)
    out of date, for these programs, or for every program `patient_id` is
    enrolled in: a write changed what such a week holds (a care team's
    consent given or revoked, a drug test, check-ins added to a closed week
    or removed). One UPDATE, raising `Program.outcomes_generation`.

    Call in the writer's transaction: a report computing meanwhile read the
    generation before its figures, so what it stores is filed under the old
    one, which no reader takes. (Consents ending by date raise nothing: the
    report checks for them when it reads, clinic.outcomes.)
    """
    programs = Program.objects.filter(pk__in=program_ids)
    if patient_id is not None:
        programs = Program.objects.filter(
            pk__in=Enrollment.objects.filter(patient_id=patient_id).values("program_id")
        )
    programs.update(outcomes_generation=F("outcomes_generation") + 1)


def _require_patient(actor) -> None:
    if not policy.is_patient(actor):
        raise PermissionDenied


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
    _require_patient(actor)
    if link.patient_id != actor.pk or link.supporter_id is None or link.ended_at:
        raise PermissionDenied
    errors = {}
    if not kinds or any(kind not in SUPPORTER_KINDS for kind in kinds):
        errors["kinds"] = gettext("Choose what this person may see.")
    if purpose not in PURPOSES:
        errors["purpose"] = gettext("Choose why you are sharing.")
    if expires_on <= today_for(actor):
        errors["expires_on"] = gettext("Choose an end date in the future.")
    if len(signature.strip()) < 2:
        errors["signature"] = gettext("Type your name to sign.")
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
        revocation_statement=str(REVOCATION_STATEMENT),
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


def disclosure_consents_end(*, actor, record_id, event: str) -> int:
    """End every consent in force to disclose the one record `record_id`.

    For a consent whose end is an event (e.g. "when my care team has
    reviewed this alert"), called by the service where that event happens
    (`actor`: who made it happen, e.g. the reviewing clinician), inside its
    transaction. Recorded as revoked, audited as CONSENT_REVOKED with
    {"ended_by": event}. Returns how many ended.
    """
    now = clock.now()
    ended = list(Consent.objects.filter(record_id=record_id, revoked_at=None))
    for consent in ended:
        consent.revoked_at = now
        consent.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CONSENT_REVOKED,
            patient=consent.patient,
            subject=consent,
            extra={"ended_by": event},
        )
    return len(ended)


def _check_sharing(sharing: list[str]) -> list[str]:
    unknown = [kind for kind in sharing if kind not in SHARE_KINDS]
    if unknown:
        raise ValidationError(
            {
                "sharing": gettext("Unknown kind of information: %(kinds)s")
                % {"kinds": ", ".join(unknown)}
            }
        )
    return [kind for kind in SHARE_KINDS if kind in sharing]


def care_team_consent_sign(
    *, actor, enrollment: Enrollment, sharing: list[str], signature: str = ""
) -> None:
    """Revoke the care team's consent in force and, if anything is shared, sign a new one.

    Called inside the caller's transaction (joining a program, changing what
    is shared); audited as CONSENT_REVOKED and CONSENT_SIGNED.
    """
    kinds = _check_sharing(sharing)
    if kinds and len(signature.strip()) < 2:
        raise ValidationError({"signature": gettext("Type your name to sign.")})
    now = clock.now()
    # A consent to one disclosure (record_id) is not part of what is shared
    # day to day: changing the sharing leaves it as it was.
    for consent in Consent.objects.filter(
        enrollment=enrollment, revoked_at=None, record_id=None
    ):
        consent_revoke(actor=actor, consent=consent)
    if kinds:
        consent = Consent.objects.create(
            enrollment=enrollment,
            patient=actor,
            purpose="treatment",
            kinds=kinds,
            expiry_event=gettext("end of treatment"),
            signature=signature.strip(),
            signed_at=now,
            revocation_statement=str(REVOCATION_STATEMENT),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CONSENT_SIGNED,
            patient=actor,
            subject=consent,
            extra={"kinds": kinds},
        )
    enrollment.forget_sharing()


@transaction.atomic
def enrollment_sharing_update(
    *, actor, enrollment: Enrollment, sharing: list[str], signature: str = ""
) -> Enrollment:
    """The patient changes what their care team sees: a new consent, in force at once."""
    if enrollment.patient_id != actor.pk:
        raise PermissionDenied
    care_team_consent_sign(
        actor=actor, enrollment=enrollment, sharing=sharing, signature=signature
    )
    audit_record(
        actor=actor,
        action=AuditAction.SHARING_CHANGED,
        patient=actor,
        subject=enrollment,
        extra={"shared": enrollment.sharing},
    )
    return enrollment


def disclosure_consent_sign(
    *, actor, enrollment: Enrollment, kind: str, record_id, expiry_event: str
) -> Consent:
    """Record the patient's consent to tell their care team of one record.

    `kind`: a DISCLOSURE_KINDS code; `record_id`: the public id of the one
    record disclosed (a crisis flag). The patient's own enrollment only
    (PermissionDenied otherwise). The patient's tap is their signature: the
    page says, beside the button, what is told, to whom and why, and that
    they may revoke it. Call inside the caller's transaction. Audited as
    CONSENT_SIGNED (kinds and record id, no clinical detail).
    """
    _require_patient(actor)
    if enrollment.patient_id != actor.pk or kind not in DISCLOSURE_KINDS:
        raise PermissionDenied
    consent = Consent.objects.create(
        enrollment=enrollment,
        patient=actor,
        purpose="patient_request",
        kinds=[kind],
        record_id=record_id,
        expiry_event=expiry_event,
        signature=str(actor),
        signed_at=clock.now(),
        revocation_statement=str(REVOCATION_STATEMENT),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CONSENT_SIGNED,
        patient=actor,
        subject=consent,
        extra={"kinds": consent.kinds, "record": str(record_id)},
    )
    return consent
