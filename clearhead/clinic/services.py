"""Writes of the clinician workspace; each authorizes, saves, and audits."""

from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clearhead.accounts.models import hash_secret, normalize_email
from clearhead.audit import guesses
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.care import services as care_services
from clearhead.care.models import (
    Enrollment,
    Program,
    ProgramMembership,
)
from clearhead.care.policy import is_patient
from clearhead.care.services import care_team_consent_sign
from clearhead.clinic import emails
from clearhead.clinic.models import ContactLog, PatientInvitation, PlanPhase
from clearhead.core import clock
from clearhead.core.codes import new_code, normalize_code
from clearhead.flags import services as flag_services
from clearhead.screening.selectors import saved_detox_first

INVITATION_LIFETIME = timedelta(days=14)


@transaction.atomic
def patient_invitation_create(
    *, actor, program: Program, email: str = "", level_of_care: str = "outpatient"
) -> tuple[PatientInvitation, str]:
    """Invite a patient into the clinician's care; return the invitation and code.

    The code is shown to the clinician once (to read out or write down) and,
    with an e-mail address, sent as a link. Audited as PATIENT_INVITED.
    """
    if not policy.is_clinician(actor) or not policy.can_invite_to(actor, program):
        raise PermissionDenied
    code = new_code()
    invitation = PatientInvitation.objects.create(
        program=program,
        invited_by=actor,
        email=normalize_email(email),
        level_of_care=level_of_care,
        code_hash=hash_secret(code),
        expires_at=clock.now() + INVITATION_LIFETIME,
    )
    audit_record(actor=actor, action=AuditAction.PATIENT_INVITED, subject=invitation)
    if invitation.email:
        transaction.on_commit(
            lambda: emails.send_patient_invitation(invitation=invitation, code=code)
        )
    return invitation, code


def _usable(invitation: PatientInvitation) -> bool:
    """Not yet accepted, not expired, and its clinician may still invite to the program.

    An invitation from a clinician who has since left the program would
    make them the patient's whole care team without their seeing the
    patient: the check-ins (crisis flags included) would reach nobody.
    """
    return (
        not invitation.accepted_at
        and invitation.expires_at > clock.now()
        and policy.can_invite_to(invitation.invited_by, invitation.program)
    )


def patient_invitation_find(code: str) -> PatientInvitation | None:
    """The usable invitation behind a code (any case, spaces ignored), or None."""
    invitation = (
        PatientInvitation.objects.select_related("program", "invited_by")
        .filter(code_hash=hash_secret(normalize_code(code)))
        .first()
    )
    if invitation is None or not _usable(invitation):
        return None
    return invitation


# One answer for every code that cannot be used, so a code tells nothing.
JOIN_CODE_REFUSED = _(
    "That code does not work. It may be mistyped, used, or out of date."
)


def patient_invitation_for_code(*, actor, code: str) -> PatientInvitation:
    """The invitation a patient typed (or followed) the code of, to name its program.

    A code that does not work is refused with one answer whatever the reason,
    and audited (JOIN_CODE_REFUSED, naming no patient or program); too many of
    those and every code is refused for a while (`clearhead.audit.guesses`),
    so a patient account cannot find programs' codes by trying.
    """
    if not is_patient(actor):
        raise PermissionDenied
    if guesses.guessing_blocked(actor=actor, refused=AuditAction.JOIN_CODE_REFUSED):
        raise ValidationError({"code": guesses.TOO_MANY_WRONG})
    invitation = patient_invitation_find(code)
    if invitation is None:
        audit_record(actor=actor, action=AuditAction.JOIN_CODE_REFUSED)
        raise ValidationError({"code": JOIN_CODE_REFUSED})
    return invitation


@transaction.atomic
def patient_invitation_accept(
    *, actor, invitation: PatientInvitation, sharing: list[str], signature: str = ""
) -> Enrollment:
    """The patient joins the program's care, and signs a consent for what they share.

    The inviting clinician joins the patient's care team. Audited as
    ENROLLMENT_CREATED and, when anything is shared, CONSENT_SIGNED.
    """
    if not is_patient(actor):
        raise PermissionDenied
    invitation = PatientInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not _usable(invitation):
        raise ValidationError(
            gettext("This invitation has already been used or has expired.")
        )
    if invitation.email and invitation.email != actor.email:
        raise ValidationError(
            gettext("This invitation was sent to another e-mail address.")
        )
    if Enrollment.objects.filter(
        program=invitation.program, patient=actor, status=Enrollment.Status.ACTIVE
    ).exists():
        raise ValidationError(gettext("You are already in this program's care."))
    enrollment = Enrollment.objects.create(
        program=invitation.program,
        patient=actor,
        level_of_care=invitation.level_of_care,
        started_on=clock.today_in(invitation.program.time_zone),
        created_by=invitation.invited_by,
    )
    care_team_consent_sign(
        actor=actor, enrollment=enrollment, sharing=sharing, signature=signature
    )
    enrollment.care_team.add(invitation.invited_by)
    flag_services.caseload_entries_refresh(patient_ids=[actor.pk])
    withdrawal_phase_from_self_check(actor=actor, enrollment=enrollment)
    invitation.accepted_at = clock.now()
    invitation.enrollment = enrollment
    invitation.save(update_fields=["accepted_at", "enrollment"])
    audit_record(
        actor=actor,
        action=AuditAction.ENROLLMENT_CREATED,
        patient=actor,
        subject=enrollment,
        extra={"shared": enrollment.sharing},
    )
    return enrollment


@transaction.atomic
def enrollment_sharing_update(
    *, actor, enrollment: Enrollment, sharing: list[str], signature: str = ""
) -> Enrollment:
    """The patient changes what their care team sees (care.services'), and
    the caseload's stored view of their flags follows at once."""
    care_services.enrollment_sharing_update(
        actor=actor, enrollment=enrollment, sharing=sharing, signature=signature
    )
    flag_services.caseload_entries_refresh(patient_ids=[enrollment.patient_id])
    return enrollment


WITHDRAWAL = "withdrawal"


def withdrawal_phase_from_self_check(*, actor, enrollment: Enrollment):
    """ "Detox first" in the patient's saved self-check: suggest the withdrawal phase.

    Called as the patient joins a program (in the joining's transaction).
    When their latest saved level-of-care result says detox first
    (screening.selectors.saved_detox_first: saved results only, never an
    anonymous one), the program's plan gets a withdrawal phase, planned and
    marked for a clinician to confirm, naming the result it came from. A
    plan that already has a withdrawal phase is left as it is. Audited as
    WITHDRAWAL_PHASE_SUGGESTED (no answers). Returns the phase, or None.
    """
    if not policy.is_self(actor, enrollment.patient):
        raise PermissionDenied
    result = saved_detox_first(patient=enrollment.patient)
    if result is None:
        return None
    phase, created = PlanPhase.objects.get_or_create(
        enrollment=enrollment,
        kind=WITHDRAWAL,
        defaults={
            "status": "planned",
            "self_check_result_id": result.public_id,
            "awaiting_confirmation": True,
        },
    )
    if not created:
        return None
    audit_record(
        actor=actor,
        action=AuditAction.WITHDRAWAL_PHASE_SUGGESTED,
        patient=enrollment.patient,
        subject=phase,
        extra={"enrollment": str(enrollment.public_id)},
    )
    return phase


# What an administrator sets on a program, in the order the form shows it.
PROGRAM_FIELDS = ("name", "time_zone", "address", "city", "state", "phone")


def _require_program_manager(actor) -> None:
    if not policy.can_manage_programs(actor):
        raise PermissionDenied


def _clean_program(details: dict) -> dict:
    """The program's details, stripped; ValidationError naming each bad field."""
    unknown = set(details) - set(PROGRAM_FIELDS)
    if unknown:
        raise TypeError(f"Not a program detail: {', '.join(sorted(unknown))}")
    cleaned = {name: str(details.get(name, "")).strip() for name in PROGRAM_FIELDS}
    errors = {}
    if not cleaned["name"]:
        errors["name"] = gettext("Give the program a name.")
    try:
        ZoneInfo(cleaned["time_zone"])
    except (ZoneInfoNotFoundError, ValueError):
        errors["time_zone"] = gettext("Choose the time zone the program works in.")
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def program_create(*, actor, **details) -> Program:
    """Create a program from PROGRAM_FIELDS; name and an IANA time zone are required.

    Administrators only (else PermissionDenied). Audited as PROGRAM_CREATED.
    """
    _require_program_manager(actor)
    program = Program.objects.create(**_clean_program(details))
    audit_record(actor=actor, action=AuditAction.PROGRAM_CREATED, subject=program)
    return program


@transaction.atomic
def program_update(*, actor, program: Program, **details) -> Program:
    """Change a program's details (all of PROGRAM_FIELDS, as for program_create).

    Administrators only. Audited as PROGRAM_UPDATED with the names of the
    fields that changed.
    """
    _require_program_manager(actor)
    cleaned = _clean_program(details)
    changed = [
        name for name, value in cleaned.items() if getattr(program, name) != value
    ]
    for name in changed:
        setattr(program, name, cleaned[name])
    if changed:
        program.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.PROGRAM_UPDATED,
        subject=program,
        extra={"fields": changed},
    )
    return program


@transaction.atomic
def membership_add(*, actor, program: Program, clinician) -> ProgramMembership:
    """Make an active clinician a current member of the program.

    A clinician whose earlier membership ended gets a new one; the old row
    stays as history. Administrators only. Audited as MEMBERSHIP_ADDED.
    """
    _require_program_manager(actor)
    if not policy.is_clinician(clinician):
        raise ValidationError(
            {"clinician": gettext("Only an active clinician can be added.")}
        )
    # Locking the program makes two admins adding the same person wait in turn.
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.memberships.filter(clinician=clinician, ended_at=None).exists():
        raise ValidationError(
            {
                "clinician": gettext("%(clinician)s is already a member.")
                % {"clinician": clinician}
            }
        )
    membership = ProgramMembership.objects.create(program=program, clinician=clinician)
    audit_record(
        actor=actor,
        action=AuditAction.MEMBERSHIP_ADDED,
        subject=membership,
        extra={
            "program": str(program.public_id),
            "clinician": str(clinician.public_id),
        },
    )
    return membership


@transaction.atomic
def membership_end(*, actor, membership: ProgramMembership) -> ProgramMembership:
    """End a current membership now: the clinician stops seeing the program's patients.

    The row is kept with `ended_at` and `ended_by`, never deleted; the
    clinician's pending patient invitations to the program expire at the
    same instant. Administrators only. Audited as MEMBERSHIP_ENDED.
    """
    _require_program_manager(actor)
    membership = ProgramMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.ended_at is not None:
        raise ValidationError(gettext("This membership has already ended."))
    membership.ended_at = clock.now()
    membership.ended_by = actor
    membership.save(update_fields=["ended_at", "ended_by"])
    # Their pending invitations to the program expire now, so that adding
    # them again later does not bring old codes back to life.
    revoked = PatientInvitation.objects.filter(
        program=membership.program,
        invited_by=membership.clinician,
        accepted_at=None,
        expires_at__gt=membership.ended_at,
    ).update(expires_at=membership.ended_at)
    audit_record(
        actor=actor,
        action=AuditAction.MEMBERSHIP_ENDED,
        subject=membership,
        extra={
            "program": str(membership.program.public_id),
            "clinician": str(membership.clinician.public_id),
            "invitations_revoked": revoked,
        },
    )
    return membership


@transaction.atomic
def contact_log_record(
    *, actor, enrollment: Enrollment, kind: str, note: str = ""
) -> ContactLog:
    """Log that `actor` reached the enrollment's patient, or tried to, just now.

    `kind` is a ContactLog.Kind value; `note` (optional) at most
    ContactLog.NOTE_MAX_LENGTH characters: ValidationError naming the field
    otherwise. Only a care team that may write the enrollment's records now
    (`care.policy.may_change_enrollment`, asked afresh): PermissionDenied
    otherwise. Audited as CONTACT_LOGGED with the kind, never the note.
    """
    if not policy.may_change_enrollment(actor, enrollment):
        raise PermissionDenied
    note = note.strip()
    errors = {}
    if kind not in ContactLog.Kind.values:
        errors["kind"] = gettext("Choose how you reached them, or tried to.")
    if len(note) > ContactLog.NOTE_MAX_LENGTH:
        errors["note"] = gettext("Use at most %(count)s characters.") % {
            "count": ContactLog.NOTE_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    contact = ContactLog.objects.create(
        enrollment=enrollment, clinician=actor, kind=kind, note=note, at=clock.now()
    )
    audit_record(
        actor=actor,
        action=AuditAction.CONTACT_LOGGED,
        patient=enrollment.patient,
        subject=contact,
        extra={"kind": kind, "fields": ["note"] if note else []},
    )
    return contact
