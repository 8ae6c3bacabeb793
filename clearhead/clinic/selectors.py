"""Reads for clinicians, always scoped to their own care teams, and audited."""

import operator
from collections import defaultdict
from datetime import timedelta
from functools import reduce
from zoneinfo import ZoneInfo

from django.db.models import Max, Q
from django.http import Http404
from django.utils import timezone

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record, audit_record_for_patients
from clearhead.clinic import policies
from clearhead.clinic.caseload import CaseloadRow, caseload_row
from clearhead.clinic.models import Enrollment
from clearhead.recovery.models import DailyCheckIn, RecoveryProfile
from clearhead.recovery.selectors import warning_facts

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
