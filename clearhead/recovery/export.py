"""Everything a patient entered, in one document they can download."""

from django.core.exceptions import PermissionDenied

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.core import clock
from clearhead.recovery.body_check import advice as body_advice
from clearhead.recovery.models import (
    BODY_CHECK_SYMPTOMS,
    BODY_CHECK_WARNING_SIGNS,
    EARLY_RECOVERY_SYMPTOMS,
    BodyCheck,
    DailyCheckIn,
    DecisionalBalance,
    EarlyRecoveryEntry,
    MilestoneCelebration,
    RecoveryProfile,
    RelapsePreventionPlan,
    RoutineCheck,
    RoutineItem,
    SafetyPlan,
    ThoughtRecord,
)
from clearhead.recovery.services import CHECKIN_FIELDS
from clearhead.safety import safety_plan as safety_plan_steps
from clearhead.screening.models import ScreeningResult


def _row(instance, fields) -> dict:
    return {field: getattr(instance, field) for field in fields}


def patient_data_export(*, actor, patient) -> dict:
    """Return all the patient's own records. Audited as DATA_EXPORTED."""
    if not policy.is_self(actor, patient):
        raise PermissionDenied
    audit_record(actor=actor, action=AuditAction.DATA_EXPORTED, patient=patient)
    return patient_record_collect(patient)


def patient_record_collect(patient) -> dict:
    """Everything the patient entered. Unchecked and unaudited: callers do both."""
    profile = RecoveryProfile.objects.filter(patient=patient).first()
    plan = RelapsePreventionPlan.objects.filter(patient=patient).first()
    balance = DecisionalBalance.objects.filter(patient=patient).first()
    safety = (
        SafetyPlan.objects.filter(patient=patient)
        .select_related("written_with")
        .first()
    )
    return {
        "exported_at": clock.now(),
        "account": {
            "email": patient.email,
            "name": patient.display_name,
            "role": patient.role,
            "joined": patient.date_joined,
            "time_zone": patient.time_zone,
        },
        "profile": _row(
            profile,
            (
                "stop_date",
                "reasons",
                "usual_triggers",
                "reminder_time",
                "reminder_channel",
                "weekly_spend",
                "phone",
                "best_time_to_call",
            ),
        )
        | {
            "contacts": [
                _row(c, ("name", "relation", "phone")) for c in profile.contacts.all()
            ]
        }
        if profile
        else None,
        "checkins": [
            _row(
                c, (*CHECKIN_FIELDS, "body_advice", "late", "recorded_at", "created_at")
            )
            | {"id": c.public_id}
            for c in DailyCheckIn.objects.filter(patient=patient)
        ],
        "relapse_prevention_plan": _row(
            plan,
            (
                "warning_signs",
                "high_risk_situations",
                "coping_strategies",
                "after_a_lapse",
                "updated_at",
            ),
        )
        if plan
        else None,
        "routine": [
            _row(item, ("kind", "title", "weekdays", "time"))
            | {
                "done_on": list(
                    RoutineCheck.objects.filter(item=item).values_list("day", flat=True)
                )
            }
            for item in RoutineItem.objects.filter(patient=patient)
        ],
        "thought_log": [
            _row(
                r,
                (
                    "situation",
                    "thoughts",
                    "feelings",
                    "craving",
                    "what_i_did",
                    "how_it_went",
                    "created_at",
                ),
            )
            for r in ThoughtRecord.objects.filter(patient=patient)
        ],
        "pros_and_cons": _row(
            balance,
            (
                "good_things_about_using",
                "costs_of_using",
                "good_things_about_stopping",
                "costs_of_stopping",
            ),
        )
        if balance
        else None,
        "self_assessments": [
            _row(
                r,
                (
                    "instrument_id",
                    "instrument_version",
                    "answers",
                    "result",
                    "created_at",
                ),
            )
            for r in ScreeningResult.objects.filter(patient=patient)
        ],
        "milestones": [
            _row(m, ("days", "run_started", "celebrated_at"))
            for m in MilestoneCelebration.objects.filter(patient=patient)
        ],
        "safety_plan": {
            "steps": {
                step.key: {"title": str(step.title), "lines": lines}
                for step, lines in safety_plan_steps.rows(safety.items)
            },
            "written_with": str(safety.written_with) if safety.written_with else None,
            "created_at": safety.created_at,
            "updated_at": safety.updated_at,
        }
        if safety
        else None,
        "early_recovery": {
            "turned_on": bool(profile and profile.early_recovery_on),
            "entries": [
                _row(
                    e,
                    (
                        "day",
                        *EARLY_RECOVERY_SYMPTOMS,
                        "self_harm_thoughts",
                        "created_at",
                        "updated_at",
                    ),
                )
                | {"id": e.public_id}
                for e in EarlyRecoveryEntry.objects.filter(patient=patient).order_by(
                    "day"
                )
            ],
        },
        "body_checks": [
            _row(
                c,
                (
                    "day",
                    *BODY_CHECK_SYMPTOMS,
                    *BODY_CHECK_WARNING_SIGNS,
                    "created_at",
                    "updated_at",
                ),
            )
            | {"id": c.public_id, "advice": body_advice(c.answers)["advice"]}
            for c in BodyCheck.objects.filter(patient=patient).order_by("day")
        ],
    }
