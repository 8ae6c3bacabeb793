"""Reads for clinicians, always scoped to their own care teams, and audited."""

import operator
from collections import defaultdict
from datetime import timedelta
from functools import reduce
from zoneinfo import ZoneInfo

from django.db.models import Max, Min, Q
from django.http import Http404
from django.utils import timezone

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record, audit_record_for_patients
from clearhead.clinic import policies
from clearhead.clinic.caseload import CaseloadRow, caseload_row
from clearhead.clinic.models import Appointment, Enrollment
from clearhead.recovery.models import DailyCheckIn, RecoveryProfile
from clearhead.recovery.selectors import warning_facts
from clearhead.sharing.models import care_team_kinds

WINDOW_DAYS = 30


def _today_in(zone_name: str | None):
    zone = ZoneInfo(zone_name) if zone_name else timezone.get_current_timezone()
    return timezone.now().astimezone(zone).date()


def caseload_for_clinician(*, actor) -> list[CaseloadRow]:
    """Every patient on the clinician's care teams, most urgent first.

    A fixed number of queries however many patients: enrollments, profiles,
    recent check-ins, last check-in days and use days are each one query.
    Each patient whose data is shown gets a CASELOAD_VIEWED audit row.
    """
    enrollments = list(
        policies.enrollments_visible_to(actor)
        .select_related("patient", "program")
        .order_by("patient__display_name", "pk")
    )
    shared = care_team_kinds([e.pk for e in enrollments], timezone.localdate())
    for enrollment in enrollments:
        enrollment.set_sharing(shared[enrollment.pk])
    patient_ids = [e.patient_id for e in enrollments if "checkin_summary" in e.sharing]
    profiles = {
        p.patient_id: p
        for p in RecoveryProfile.objects.filter(patient_id__in=patient_ids).only(
            "patient_id", "stop_date", "time_zone"
        )
    }
    since = timezone.now().date() - timedelta(days=WINDOW_DAYS + 1)
    recent = defaultdict(list)
    for checkin in DailyCheckIn.objects.filter(
        patient_id__in=patient_ids, day__gte=since
    ).only(
        "patient_id",
        "public_id",
        "day",
        "craving",
        "confidence",
        "used_ketamine",
        "self_harm_thoughts",
        "body_advice",
    ):
        recent[checkin.patient_id].append(checkin)
    last_days = dict(
        DailyCheckIn.objects.filter(patient_id__in=patient_ids)
        .values("patient_id")
        .annotate(last=Max("day"))
        .values_list("patient_id", "last")
    )
    stale = {pid: day for pid, day in last_days.items() if day < since}
    older_last = {
        c.patient_id: c
        for c in DailyCheckIn.objects.filter(
            reduce(
                operator.or_,
                (Q(patient_id=pid, day=day) for pid, day in stale.items()),
                Q(pk__in=[]),
            )
        ).only(
            "patient_id",
            "public_id",
            "day",
            "craving",
            "confidence",
            "used_ketamine",
            "self_harm_thoughts",
            "body_advice",
        )
    }
    next_appointments = dict(
        Appointment.objects.filter(
            enrollment__in=[e.pk for e in enrollments], starts_at__gte=timezone.now()
        )
        .values("enrollment_id")
        .annotate(next=Min("starts_at"))
        .values_list("enrollment_id", "next")
    )
    use_days = defaultdict(list)
    for patient_id, day in DailyCheckIn.objects.filter(
        patient_id__in=patient_ids, used_ketamine=True
    ).values_list("patient_id", "day"):
        use_days[patient_id].append(day)
    rows = []
    for enrollment in enrollments:
        profile = profiles.get(enrollment.patient_id)
        rows.append(
            caseload_row(
                enrollment,
                today=_today_in(profile.time_zone if profile else None),
                stop_date=profile.stop_date if profile else None,
                recent=warning_facts(recent[enrollment.patient_id]),
                use_days=use_days[enrollment.patient_id],
                last_checkin=last_days.get(enrollment.patient_id),
                older_last=next(
                    iter(warning_facts([older_last[enrollment.patient_id]])), None
                )
                if enrollment.patient_id in older_last
                else None,
            )
        )
    for row in rows:
        row.next_appointment = next_appointments.get(row.enrollment.pk)
    # Every patient listed is shown, by name at least: each gets an audit row.
    audit_record(actor=actor, action=AuditAction.CASELOAD_VIEWED)
    audit_record_for_patients(
        actor=actor,
        action=AuditAction.CASELOAD_VIEWED,
        patient_ids=policies.enrollments_visible_to(actor).values("patient_id"),
    )
    return sorted(rows, key=lambda row: row.urgency)


def enrollment_for_clinician(*, actor, public_id) -> Enrollment:
    """One enrollment on the clinician's care teams; anyone else gets 404."""
    enrollment = (
        policies.enrollments_visible_to(actor)
        .select_related("patient", "program")
        .filter(public_id=public_id)
        .first()
    )
    if enrollment is None:
        raise Http404
    return enrollment


def patient_record_for_clinician(*, actor, enrollment: Enrollment) -> dict:
    """What the patient shares with this care team. Audited as PATIENT_RECORD_VIEWED."""
    from clearhead.recovery.models import RelapsePreventionPlan
    from clearhead.screening.models import ScreeningResult

    patient = enrollment.patient
    profile = RecoveryProfile.objects.filter(patient=patient).first()
    today = _today_in(profile.time_zone if profile else None)
    record = {"enrollment": enrollment, "profile": profile, "today": today}
    if enrollment.shares("checkin_summary") or enrollment.shares("checkins"):
        checkins = list(
            DailyCheckIn.objects.filter(
                patient=patient, day__gte=today - timedelta(days=90)
            )
        )
        record["row"] = caseload_row(
            enrollment,
            today=today,
            stop_date=profile.stop_date if profile else None,
            recent=warning_facts(
                [c for c in checkins if c.day >= today - timedelta(days=WINDOW_DAYS)]
            ),
            use_days=list(
                DailyCheckIn.objects.filter(
                    patient=patient, used_ketamine=True
                ).values_list("day", flat=True)
            ),
            last_checkin=checkins[0].day if checkins else None,
        )
        if enrollment.shares("checkins"):
            record["checkins"] = checkins
    if enrollment.shares("plan"):
        record["plan"] = RelapsePreventionPlan.objects.filter(patient=patient).first()
    if enrollment.shares("screenings"):
        record["screenings"] = list(
            ScreeningResult.objects.filter(patient=patient)[:50]
        )
    audit_record(
        actor=actor,
        action=AuditAction.PATIENT_RECORD_VIEWED,
        patient=patient,
        subject=enrollment,
        extra={"shared": sorted(enrollment.sharing)},
    )
    return record


def audit_own_care_view(*, actor) -> None:
    audit_record(actor=actor, action=AuditAction.PATIENT_RECORD_VIEWED, patient=actor)


REASSESS_DAYS = 28


def instrument_history(*, enrollment) -> dict:
    """PHQ-9 and GAD-7 totals over time, and whether each is due again (4 weeks)."""
    from clearhead.screening.models import ScreeningResult

    results = list(
        ScreeningResult.objects.filter(
            patient=enrollment.patient, instrument_id__in=["phq9", "gad7"]
        ).order_by("created_at")
    )
    today = timezone.now().date()
    history = {}
    for instrument_id in ("phq9", "gad7"):
        points = [
            (r.created_at.date(), r.result["total"])
            for r in results
            if r.instrument_id == instrument_id
        ]
        last = points[-1][0] if points else None
        history[instrument_id] = {
            "points": points,
            "due": last is None or (today - last).days >= REASSESS_DAYS,
            "last": last,
        }
    return history


def treatment_plan(*, actor, enrollment) -> dict:
    """The plan's phases, goals and reviews. Audited as TREATMENT_PLAN_VIEWED."""
    from clearhead.clinic.models import PlanPhase

    phases = {
        phase.kind: phase
        for phase in PlanPhase.objects.filter(enrollment=enrollment)
        .select_related("responsible")
        .prefetch_related("goals")
    }
    lapse = (
        DailyCheckIn.objects.filter(
            patient=enrollment.patient,
            used_ketamine=True,
            day__gte=timezone.now().date() - timedelta(days=14),
        )
        .order_by("-day")
        .first()
    )
    audit_record(
        actor=actor,
        action=AuditAction.TREATMENT_PLAN_VIEWED,
        patient=enrollment.patient,
        subject=enrollment,
    )
    return {
        "enrollment": enrollment,
        "phases": phases,
        "reviews": list(
            enrollment.reviews.select_related("clinician").order_by("-reviewed_at")
        ),
        "recent_lapse": lapse.day
        if lapse and enrollment.shares("checkin_summary")
        else None,
    }


def phase_initial(phase, kind: str) -> dict:
    if phase is None:
        return {"kind": kind, "status": "planned"}
    return {
        "kind": kind,
        "status": phase.status,
        "target_date": phase.target_date,
        "responsible": phase.responsible_id,
        "interventions": phase.interventions,
    }


def test_timeline(*, enrollment) -> list[dict]:
    """Drug tests beside the patient's self-reported use, newest first."""
    tests = list(enrollment.drug_tests.all())
    reported = set()
    if enrollment.shares("checkin_summary") or enrollment.shares("checkins"):
        reported = set(
            DailyCheckIn.objects.filter(
                patient=enrollment.patient, used_ketamine=True
            ).values_list("day", flat=True)
        )
    days = sorted({t.collected_on for t in tests} | reported, reverse=True)
    return [
        {
            "day": day,
            "tests": [t for t in tests if t.collected_on == day],
            "reported_use": day in reported,
        }
        for day in days
    ]


def treatment_plans_for_patient(*, actor) -> list[dict]:
    """The patient's own treatment plans, one per program. Audited."""
    from clearhead.clinic.models import PlanPhase

    enrollments = list(
        Enrollment.objects.filter(
            patient=actor, status=Enrollment.Status.ACTIVE
        ).select_related("program")
    )
    phases = (
        PlanPhase.objects.filter(enrollment__in=enrollments)
        .prefetch_related("goals")
        .select_related("responsible")
    )
    audit_record(actor=actor, action=AuditAction.TREATMENT_PLAN_VIEWED, patient=actor)
    upcoming = Appointment.objects.filter(
        enrollment__in=enrollments, starts_at__gte=timezone.now()
    )
    return [
        {
            "enrollment": enrollment,
            "phases": [p for p in phases if p.enrollment_id == enrollment.pk],
            "appointments": [a for a in upcoming if a.enrollment_id == enrollment.pk],
        }
        for enrollment in enrollments
    ]
