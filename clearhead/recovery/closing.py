"""Closing a patient's account: their own entries go, program records stay.

A program must keep its clinical records (intake, notes, drug tests, plans,
appointments, and instruments a clinician gave) for years after care ends,
so those are kept but detached from the login: the e-mail address and name
are replaced and the account can no longer sign in. Everything the patient
entered for themselves is deleted. The audit log is kept whole, since it is
the record of who saw what.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils.translation import gettext

from clearhead.accounts.models import ApiToken, User
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care.models import Consent, Enrollment, SupporterLink
from clearhead.care.policy import is_patient
from clearhead.care.services import program_outcomes_invalidate
from clearhead.core import clock
from clearhead.recovery.models import (
    CheckInWeek,
    DailyCheckIn,
    DecisionalBalance,
    MilestoneCelebration,
    PushSubscription,
    RecoveryProfile,
    RelapsePreventionPlan,
    ReminderSent,
    RoutineItem,
    ThoughtRecord,
)
from clearhead.recovery.rollups import patient_lock_statements
from clearhead.screening.models import ScreeningResult

# What the patient entered for themselves, deleted on closing.
OWN_ENTRIES = (
    DailyCheckIn,
    CheckInWeek,
    RecoveryProfile,
    RelapsePreventionPlan,
    RoutineItem,
    ThoughtRecord,
    DecisionalBalance,
    MilestoneCelebration,
    ReminderSent,
    PushSubscription,
)


def account_close_preview(*, actor) -> list[str]:
    """What closing would keep, for the patient's own page. Audited as
    ACCOUNT_VIEWED: the list names the programs caring for them."""
    if not is_patient(actor):
        raise PermissionDenied
    audit_record(actor=actor, action=AuditAction.ACCOUNT_VIEWED, patient=actor)
    return what_is_kept(actor)


def what_is_kept(patient) -> list[str]:
    """Plain-language list of the program records that closing keeps."""
    programs = sorted(
        {
            e.program.name
            for e in Enrollment.objects.filter(patient=patient).select_related(
                "program"
            )
        }
    )
    return [
        gettext(
            "%(program)s's clinical record of your care (intake, treatment plan, "
            "notes, test results and appointments). The law requires programs to "
            "keep these for a number of years."
        )
        % {"program": name}
        for name in programs
    ]


@transaction.atomic
def account_close(*, actor, password: str) -> list[str]:
    """Close the actor's own account. Returns what was kept, for the goodbye page."""
    if not is_patient(actor):
        raise PermissionDenied
    if not actor.check_password(password):
        raise ValidationError({"password": gettext("That is not your password.")})
    # The patient's writers take turns with the closing: a check-in let in
    # before it is committed first and deleted here; one let in after finds
    # the account closed and rolls back (recovery.services._flags_sync).
    with connection.cursor() as cursor:
        for sql, params in patient_lock_statements(actor.pk):
            cursor.execute(sql, params)
    kept = what_is_kept(actor)
    now = clock.now()
    for model in OWN_ENTRIES:
        model.objects.filter(patient=actor).delete()
    ScreeningResult.objects.filter(patient=actor, administered_by=None).delete()
    Consent.objects.filter(patient=actor, revoked_at=None).update(revoked_at=now)
    # Their check-ins and consents are gone from every week of the report.
    program_outcomes_invalidate(patient_id=actor.pk)
    SupporterLink.objects.filter(patient=actor, ended_at=None).update(ended_at=now)
    Enrollment.objects.filter(patient=actor, status=Enrollment.Status.ACTIVE).update(
        status=Enrollment.Status.DISCHARGED
    )
    ApiToken.objects.filter(user=actor, revoked_at=None).update(revoked_at=now)
    audit_record(
        actor=actor,
        action=AuditAction.ACCOUNT_CLOSED,
        patient=actor,
        subject=actor,
        extra={"program_records_kept": len(kept)},
    )
    User.objects.filter(pk=actor.pk).update(
        email=f"closed-{actor.public_id.hex}@closed.invalid",
        display_name="Closed account",
        is_active=False,
        session_epoch=models.F("session_epoch") + 1,
    )
    actor.refresh_from_db()
    actor.set_unusable_password()
    actor.save(update_fields=["password"])
    return kept
