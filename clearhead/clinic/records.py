"""Writes to a patient's clinical record, by members of their care team only.

Each function checks the care team, saves in one transaction, and writes
the audit row. Signed notes are never edited: corrections are addenda.
"""

import re
from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.care.models import CHART_NUMBER_MAX, CHART_NUMBER_PATTERN, Enrollment
from clearhead.clinic.models import (
    INTERVENTIONS,
    PLAN_PHASES,
    SUBSTANCES,
    Appointment,
    DrugTest,
    IntakeAssessment,
    LevelChange,
    NoteAddendum,
    PlanGoal,
    PlanPhase,
    PlanReview,
    ProgressNote,
)
from clearhead.core import clock
from clearhead.flags import services as flag_services
from clearhead.screening.instruments import INSTRUMENTS
from clearhead.screening.models import ScreeningResult

TEST_RESULTS = ("negative", "positive", "inconclusive")


def _require_care_team(actor, enrollment: Enrollment) -> None:
    """The program's records are changed only by a care team that may see them.

    Checked afresh on every write, never from what a read found earlier.
    """
    if not policy.may_change_enrollment(actor, enrollment):
        raise PermissionDenied


def _audit(actor, action, enrollment, subject=None, **extra):
    audit_record(
        actor=actor,
        action=action,
        patient=enrollment.patient,
        subject=subject or enrollment,
        extra=extra,
    )


@transaction.atomic
def intake_record(*, actor, enrollment: Enrollment, answers: dict) -> IntakeAssessment:
    """Score and keep the instruments given at intake, and the level-of-care guidance.

    `answers` maps instrument ids to validated answers; it must include
    "level-of-care". Each instrument is saved as a result administered by
    the clinician. Audited as INTAKE_RECORDED.
    """
    _require_care_team(actor, enrollment)
    for instrument_id, instrument_answers in answers.items():
        instrument = INSTRUMENTS[instrument_id]
        ScreeningResult.objects.create(
            patient=enrollment.patient,
            instrument_id=instrument_id,
            instrument_version=instrument.version,
            answers=instrument_answers,
            result=instrument.result(instrument_answers),
            administered_by=actor,
        )
    care = answers["level-of-care"]
    intake = IntakeAssessment.objects.create(
        enrollment=enrollment,
        clinician=actor,
        care_answers=care,
        guidance=INSTRUMENTS["level-of-care"].result(care),
    )
    _audit(
        actor,
        AuditAction.INTAKE_RECORDED,
        enrollment,
        intake,
        instruments=sorted(answers),
    )
    return intake


def _change_level(actor, enrollment: Enrollment, level: str, reason: str) -> None:
    if level != enrollment.level_of_care:
        LevelChange.objects.create(
            enrollment=enrollment,
            from_level=enrollment.level_of_care,
            to_level=level,
            changed_by=actor,
            reason=reason,
        )
        enrollment.level_of_care = level
        enrollment.save(update_fields=["level_of_care", "updated_at"])


@transaction.atomic
def intake_decide(
    *, actor, intake: IntakeAssessment, level: str, reason: str = ""
) -> IntakeAssessment:
    """Record the level of care chosen; a level unlike the guidance needs a reason."""
    enrollment = intake.enrollment
    _require_care_team(actor, enrollment)
    if level != intake.guidance["level"] and not reason.strip():
        raise ValidationError(
            {"reason": gettext("Say why the level differs from the guidance.")}
        )
    intake.level_chosen, intake.reason, intake.decided_at = (
        level,
        reason.strip(),
        clock.now(),
    )
    intake.save(update_fields=["level_chosen", "reason", "decided_at"])
    _change_level(actor, enrollment, level, reason.strip())
    _audit(actor, AuditAction.LEVEL_DECIDED, enrollment, intake, level=level)
    return intake


@transaction.atomic
def plan_phase_save(
    *,
    actor,
    enrollment: Enrollment,
    kind: str,
    status: str,
    target_date=None,
    responsible=None,
    interventions: list[str] = (),
) -> PlanPhase:
    _require_care_team(actor, enrollment)
    if kind not in dict(PLAN_PHASES) or any(
        code not in INTERVENTIONS for code in interventions
    ):
        raise ValidationError(gettext("Unknown phase or intervention."))
    if (
        responsible is not None
        and not policy.current_care_team(enrollment).filter(pk=responsible.pk).exists()
    ):
        raise ValidationError(
            {"responsible": gettext("Choose someone on the care team.")}
        )
    phase, _created = PlanPhase.objects.update_or_create(
        enrollment=enrollment,
        kind=kind,
        defaults={
            "status": status,
            "target_date": target_date,
            "responsible": responsible,
            "interventions": [code for code in INTERVENTIONS if code in interventions],
            # A clinician saving the phase confirms one the self-check suggested.
            "awaiting_confirmation": False,
        },
    )
    _audit(actor, AuditAction.PLAN_CHANGED, enrollment, phase, phase=kind)
    return phase


@transaction.atomic
def plan_goal_add(
    *,
    actor,
    enrollment: Enrollment,
    kind: str,
    description: str,
    objective: str,
    target_date=None,
) -> PlanGoal:
    """A goal in the plan's `kind` phase (made, planned, if it is not there yet)."""
    _require_care_team(actor, enrollment)
    phase = PlanPhase.objects.get_or_create(enrollment=enrollment, kind=kind)[0]
    goal = PlanGoal.objects.create(
        phase=phase,
        description=description.strip(),
        objective=objective.strip(),
        target_date=target_date,
        created_by=actor,
    )
    _audit(actor, AuditAction.PLAN_CHANGED, phase.enrollment, goal, phase=phase.kind)
    return goal


@transaction.atomic
def plan_review_record(
    *, actor, enrollment: Enrollment, decision: str, new_level: str = ""
) -> PlanReview:
    """Record a plan review (e.g. after a lapse) and any step up or down in care."""
    _require_care_team(actor, enrollment)
    review = PlanReview.objects.create(
        enrollment=enrollment,
        clinician=actor,
        decision=decision.strip(),
        new_level=new_level,
    )
    if new_level:
        _change_level(actor, enrollment, new_level, decision.strip())
    _audit(actor, AuditAction.PLAN_REVIEWED, enrollment, review, level=new_level)
    return review


@transaction.atomic
def note_write(
    *,
    actor,
    enrollment: Enrollment,
    data: str,
    assessment: str,
    plan: str,
    sign: bool = False,
) -> ProgressNote:
    _require_care_team(actor, enrollment)
    note = ProgressNote.objects.create(
        enrollment=enrollment,
        author=actor,
        data=data.strip(),
        assessment=assessment.strip(),
        plan=plan.strip(),
    )
    _audit(actor, AuditAction.NOTE_WRITTEN, enrollment, note)
    return note_sign(actor=actor, note=note) if sign else note


@transaction.atomic
def note_edit(
    *, actor, note: ProgressNote, data: str, assessment: str, plan: str
) -> ProgressNote:
    """Change an unsigned note of one's own; a signed note is locked."""
    note = ProgressNote.objects.select_for_update().get(pk=note.pk)
    _require_care_team(actor, note.enrollment)
    if note.is_signed:
        raise PermissionDenied(
            "A signed note cannot be changed. Add an addendum instead."
        )
    if note.author_id != actor.pk:
        raise PermissionDenied
    note.data, note.assessment, note.plan = (
        data.strip(),
        assessment.strip(),
        plan.strip(),
    )
    note.save(update_fields=["data", "assessment", "plan", "updated_at"])
    _audit(actor, AuditAction.NOTE_WRITTEN, note.enrollment, note)
    return note


@transaction.atomic
def note_sign(*, actor, note: ProgressNote) -> ProgressNote:
    note = ProgressNote.objects.select_for_update().get(pk=note.pk)
    if note.author_id != actor.pk or note.is_signed:
        raise PermissionDenied
    note.signed_at = clock.now()
    note.save(update_fields=["signed_at"])
    _audit(actor, AuditAction.NOTE_SIGNED, note.enrollment, note)
    return note


@transaction.atomic
def note_addendum_add(*, actor, note: ProgressNote, text: str) -> NoteAddendum:
    _require_care_team(actor, note.enrollment)
    if not note.is_signed:
        raise ValidationError(gettext("Edit the note itself until it is signed."))
    addendum = NoteAddendum.objects.create(note=note, author=actor, text=text.strip())
    _audit(actor, AuditAction.NOTE_ADDENDUM, note.enrollment, note)
    return addendum


@transaction.atomic
def drug_test_record(
    *,
    actor,
    enrollment: Enrollment,
    collected_on,
    specimen: str,
    method: str,
    results: dict[str, str],
    notes: str = "",
) -> DrugTest:
    _require_care_team(actor, enrollment)
    bad = [
        f"{s}: {r}"
        for s, r in results.items()
        if s not in SUBSTANCES or r not in TEST_RESULTS
    ]
    if bad or not results:
        raise ValidationError(
            {"results": gettext("Record at least one substance with a known result.")}
        )
    if collected_on > clock.today_in(enrollment.program.time_zone):
        raise ValidationError(
            {"collected_on": gettext("The collection date cannot be in the future.")}
        )
    test = DrugTest.objects.create(
        enrollment=enrollment,
        collected_on=collected_on,
        specimen=specimen,
        method=method,
        results=results,
        notes=notes.strip(),
        recorded_by=actor,
    )
    _audit(actor, AuditAction.DRUG_TEST_RECORDED, enrollment, test)
    flag_services.drug_test_flag_sync(
        patient=enrollment.patient,
        drug_test_id=str(test.public_id),
        ketamine_positive="positive"
        in (results.get("ketamine"), results.get("norketamine")),
        day=collected_on,
    )
    return test


@transaction.atomic
def appointment_save(
    *,
    actor,
    enrollment: Enrollment,
    kind: str,
    starts_on: date,
    start_time: time,
    minutes: int = 50,
    place: str = "",
    video_url: str = "",
) -> Appointment:
    """Book an appointment at `start_time` on `starts_on` in the program's zone.

    The wall time is what the clinician typed; the zone is the program's
    (docs/architecture.md, "Time"). Care team only (PermissionDenied);
    audited as APPOINTMENT_SAVED.
    """
    _require_care_team(actor, enrollment)
    appointment = Appointment.objects.create(
        enrollment=enrollment,
        kind=kind,
        starts_on=starts_on,
        start_time=start_time,
        time_zone=enrollment.program.time_zone,
        minutes=minutes,
        place=place.strip(),
        video_url=video_url,
        clinician=actor,
    )
    _audit(actor, AuditAction.APPOINTMENT_SAVED, enrollment, appointment)
    return appointment


@transaction.atomic
def appointment_attendance(
    *, actor, appointment: Appointment, attended: bool
) -> Appointment:
    _require_care_team(actor, appointment.enrollment)
    appointment.attended = attended
    appointment.save(update_fields=["attended"])
    _audit(actor, AuditAction.APPOINTMENT_SAVED, appointment.enrollment, appointment)
    return appointment


@transaction.atomic
def chart_number_set(*, actor, enrollment: Enrollment, chart_number: str) -> Enrollment:
    """Set (or clear, with "") the program's chart number for this patient.

    Letters, digits and - / . inside, at most CHART_NUMBER_MAX; one patient
    in care per number in a program. Audited as CHART_NUMBER_CHANGED with
    the field name only.
    """
    _require_care_team(actor, enrollment)
    chart_number = chart_number.strip()
    if chart_number and (
        len(chart_number) > CHART_NUMBER_MAX
        or not re.fullmatch(CHART_NUMBER_PATTERN, chart_number)
    ):
        raise ValidationError(
            {
                "chart_number": gettext(
                    "Use up to %(count)s letters and numbers; "
                    "- / and . may go between them."
                )
                % {"count": CHART_NUMBER_MAX}
            }
        )
    if (
        chart_number
        and Enrollment.objects.filter(
            program_id=enrollment.program_id,
            status=Enrollment.Status.ACTIVE,
            chart_number__iexact=chart_number,
        )
        .exclude(pk=enrollment.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "chart_number": gettext(
                    "Another patient in care here has this chart number."
                )
            }
        )
    if chart_number != enrollment.chart_number:
        enrollment.chart_number = chart_number
        enrollment.save(update_fields=["chart_number", "updated_at"])
        _audit(
            actor, AuditAction.CHART_NUMBER_CHANGED, enrollment, fields=["chart_number"]
        )
    return enrollment
