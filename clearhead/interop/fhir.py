"""FHIR R4 resources from Clearhead records: pure mapping functions.

Every resource carries the security labels for substance-use information
(confidentiality R, act code SUD) so that a receiving system knows 42 CFR
Part 2 protects it. Codes: LOINC where one exists (see the instruments);
otherwise a code system of this deployment.

Words taken from other apps (an answer's label, a flag's name) may be marked
for translation: they are str()'d here, and `interop.export` builds every
resource in English, so an export reads the same whatever the reader's
language.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from clearhead.interop import loinc

# Every LOINC coding comes from loinc.coding(): LOINC's own display or none.
LOINC = loinc.SYSTEM
SECURITY = [
    {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "code": "R"},
    {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "SUD"},
]
SURVEY = [
    {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                "code": "survey",
            }
        ]
    }
]
LABORATORY = [
    {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                "code": "laboratory",
            }
        ]
    }
]
INTERPRETATION = {"positive": "POS", "negative": "NEG", "inconclusive": "IND"}
CHECKIN_MEASURES = {
    "craving": ("Craving (0-10)", "integer"),
    "mood": ("Mood (1-5)", "integer"),
    "stress": ("Stress (0-10)", "integer"),
    "confidence": ("Confidence in staying stopped (0-10)", "integer"),
    "sleep_hours": ("Hours of sleep", "quantity"),
    "used_ketamine": ("Used ketamine since last check-in", "boolean"),
    "self_harm_thoughts": ("Thoughts of self-harm", "boolean"),
}


def _resource(resource_type: str, resource_id: str, **fields) -> dict:
    return {
        "resourceType": resource_type,
        "id": resource_id,
        "meta": {"security": SECURITY},
        **fields,
    }


def _ref(resource_type: str, resource_id) -> dict:
    return {"reference": f"{resource_type}/{resource_id}"}


def patient(user, base_url: str, phone: str = "") -> dict:
    """The Patient; `phone` (stored E.164, core.phones) only when the reader
    may see the patient's contact details."""
    fields = {}
    if phone:
        fields["telecom"] = [{"system": "phone", "value": phone}]
    return _resource(
        "Patient",
        str(user.public_id),
        identifier=[
            {"system": f"{base_url}/fhir/patient-id", "value": str(user.public_id)}
        ],
        name=[{"text": user.display_name or "Patient"}],
        **fields,
    )


def _coding_for(instrument, value):
    option = next((o for o in instrument.options if o.value == value), None)
    if option and option.loinc:
        return {"valueCoding": loinc.coding(option.loinc)}
    if isinstance(value, bool):
        return {"valueBoolean": value}
    return {"valueInteger": value}


def questionnaire_response(result, instrument, subject_id: str, base_url: str) -> dict:
    """A completed instrument, answer by answer."""
    values = (
        result.answers
        if isinstance(result.answers, list)
        else [
            result.answers.get(item.key)
            for item in [*instrument.items, *instrument.extra_items]
        ]
    )
    items = [*instrument.items, *instrument.extra_items]
    answered = []
    for item, value in zip(items, values, strict=False):
        if value is None:
            continue
        link_id = f"/{item.loinc}" if item.loinc else item.key
        answered.append(
            {
                "linkId": link_id,
                "text": str(item.text),
                "answer": [_coding_for(instrument, value)],
            }
        )
    questionnaire = (
        f"{LOINC}/q/{instrument.loinc_panel}"
        if instrument.loinc_panel
        else f"{base_url}/fhir/Questionnaire/{instrument.id}"
    )
    return _resource(
        "QuestionnaireResponse",
        f"qr-{result.public_id}",
        status="completed",
        questionnaire=questionnaire,
        subject=_ref("Patient", subject_id),
        authored=result.created_at.isoformat(),
        item=answered,
    )


def score_observation(result, instrument, subject_id: str, base_url: str) -> dict:
    """The instrument's result as an Observation, with the LOINC total-score code where one exists."""
    score = result.result
    total = score.get("total", score.get("criteria_met", score.get("yes_count")))
    code = (
        {
            "coding": [loinc.coding(instrument.loinc_total)],
            "text": f"{instrument.title} total score",
        }
        if instrument.loinc_total
        else {
            "coding": [
                {
                    "system": f"{base_url}/fhir/CodeSystem/instrument",
                    "code": instrument.id,
                }
            ],
            "text": str(instrument.title),
        }
    )
    label = (
        score.get("severity")
        or score.get("concern")
        or score.get("advice")
        or score.get("level")
    )
    value = (
        {"valueInteger": total} if total is not None else {"valueString": str(label)}
    )
    return _resource(
        "Observation",
        f"obs-{result.public_id}",
        status="final",
        category=SURVEY,
        code=code,
        subject=_ref("Patient", subject_id),
        effectiveDateTime=result.created_at.isoformat(),
        interpretation=[{"text": str(label).replace("_", " ")}] if label else None,
        derivedFrom=[_ref("QuestionnaireResponse", f"qr-{result.public_id}")],
        **value,
    )


def _checkin_value(kind: str, value) -> dict:
    if kind == "boolean":
        return {"valueBoolean": bool(value)}
    if kind == "quantity":
        return {
            "valueQuantity": {
                "value": float(value),
                "unit": "h",
                "system": "http://unitsofmeasure.org",
                "code": "h",
            }
        }
    return {"valueInteger": int(value)}


def checkin_observation(checkin, subject_id: str, base_url: str) -> dict:
    """A check-in as one Observation with a component per answer."""
    components = [
        {
            "code": {
                "coding": [
                    {"system": f"{base_url}/fhir/CodeSystem/check-in", "code": name}
                ],
                "text": label,
            },
            **_checkin_value(kind, getattr(checkin, name)),
        }
        for name, (label, kind) in CHECKIN_MEASURES.items()
        if getattr(checkin, name) is not None
    ]
    return _resource(
        "Observation",
        f"checkin-{checkin.public_id}",
        status="final",
        category=SURVEY,
        code={
            "coding": [
                {
                    "system": f"{base_url}/fhir/CodeSystem/check-in",
                    "code": "daily-check-in",
                }
            ],
            "text": "Daily recovery check-in",
        },
        subject=_ref("Patient", subject_id),
        effectiveDateTime=checkin.day.isoformat(),
        component=components,
    )


def drug_test_observations(test, subject_id: str) -> list[dict]:
    """One Observation per substance tested."""
    from clearhead.clinic.models import SUBSTANCES

    return [
        _resource(
            "Observation",
            f"test-{test.public_id}-{substance}",
            status="final",
            category=LABORATORY,
            code={
                "text": f"{SUBSTANCES[substance]} [presence] in {test.get_specimen_display().lower()} ({test.get_method_display().lower()})"
            },
            subject=_ref("Patient", subject_id),
            effectiveDateTime=test.collected_on.isoformat(),
            valueCodeableConcept={"text": result},
            interpretation=[
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                            "code": INTERPRETATION[result],
                        }
                    ]
                }
            ],
        )
        for substance, result in test.results.items()
    ]


GOAL_STATUS = {
    "planned": "proposed",
    "active": "active",
    "done": "completed",
    "stopped": "cancelled",
}
PHASE_STATUS = {
    "planned": "not-started",
    "active": "in-progress",
    "done": "completed",
    "stopped": "stopped",
}


def goal(goal_row, subject_id: str) -> dict:
    target = (
        [{"dueDate": goal_row.target_date.isoformat()}]
        if goal_row.target_date
        else None
    )
    return _resource(
        "Goal",
        f"goal-{goal_row.public_id}",
        lifecycleStatus=GOAL_STATUS[goal_row.status],
        description={
            "text": f"{goal_row.description}. Measured by: {goal_row.objective}"
        },
        subject=_ref("Patient", subject_id),
        target=target,
    )


def care_plan(enrollment, phases, goals, subject_id: str) -> dict:
    activities = [
        {
            "detail": {
                "status": PHASE_STATUS[phase.status],
                "description": phase.get_kind_display()
                + (
                    f": {', '.join(phase.intervention_labels)}"
                    if phase.interventions
                    else ""
                ),
                **(
                    {"scheduledString": f"by {phase.target_date.isoformat()}"}
                    if phase.target_date
                    else {}
                ),
            }
        }
        for phase in phases
    ]
    return _resource(
        "CarePlan",
        f"plan-{enrollment.public_id}",
        status="active" if enrollment.status == "active" else "completed",
        intent="plan",
        title=f"Treatment plan, {enrollment.program.name}",
        subject=_ref("Patient", subject_id),
        goal=[_ref("Goal", f"goal-{g.public_id}") for g in goals] or None,
        activity=activities or None,
    )


def appointment(appointment_row, subject_id: str) -> dict:
    # FHIR instants with the offset where the appointment is, so a reader
    # sees the clock time the clinician typed (e.g. 15:00-06:00).
    zone = ZoneInfo(appointment_row.time_zone)
    start = appointment_row.starts_at.astimezone(zone)
    end = appointment_row.ends_at.astimezone(zone)
    status = {True: "fulfilled", False: "noshow", None: "booked"}[
        appointment_row.attended
    ]
    return _resource(
        "Appointment",
        f"appt-{appointment_row.public_id}",
        status=status,
        serviceType=[{"text": appointment_row.get_kind_display()}],
        start=start.isoformat(),
        end=end.isoformat(),
        participant=[
            {"actor": _ref("Patient", subject_id), "status": "accepted"},
            {
                "actor": {"display": str(appointment_row.clinician)},
                "status": "accepted",
            },
        ],
    )


def bundle(
    resources: list[dict], bundle_id: str, when: datetime, base_url: str
) -> dict:
    """A collection Bundle; empty optional fields are dropped."""
    clean = [
        {key: value for key, value in r.items() if value is not None} for r in resources
    ]
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "type": "collection",
        "timestamp": when.isoformat(),
        "meta": {"security": SECURITY},
        "entry": [
            {"fullUrl": f"{base_url}/fhir/{r['resourceType']}/{r['id']}", "resource": r}
            for r in clean
        ],
    }


FLAG_CATEGORY = [
    {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/flag-category",
                "code": "clinical",
                "display": "Clinical",
            }
        ]
    }
]
FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail"


def flag_evidence_ids(evidence: list[dict], present: set[str]) -> list[str]:
    """The Observation ids of a flag's evidence that are in the Bundle (`present`).

    A check-in is `checkin-<id>`, a screening result `obs-<id>`, a drug test
    `test-<id>-<substance>` (each substance's Observation). Evidence whose
    Observation the reader may not see is left out, never pointed at.
    """
    found = []
    for entry in evidence:
        prefix = {
            "checkin": "checkin-",
            "screening_result": "obs-",
            "drug_test": "test-",
            "early_recovery": "early-recovery-",
            "body_check": "body-check-",
        }.get(entry["type"])
        if prefix is None:
            continue
        wanted = f"{prefix}{entry['id']}"
        if entry["type"] == "drug_test":
            found += sorted(i for i in present if i.startswith(f"{wanted}-"))
        elif wanted in present:
            found.append(wanted)
    return found


def flag(flag_row, subject_id: str, base_url: str, detail_ids: list[str]) -> dict:
    """A stored flag as a Flag, with a flag-detail extension per evidence Observation.

    `detail_ids`: ids of Observations in the same Bundle (flag_evidence_ids).
    Status active while open; period from its first day to when it cleared.
    """
    period = {"start": flag_row.since.isoformat()}
    if flag_row.cleared_at is not None:
        period["end"] = flag_row.cleared_at.isoformat()
    return _resource(
        "Flag",
        f"flag-{flag_row.public_id}",
        extension=[
            {"url": FLAG_DETAIL, "valueReference": _ref("Observation", obs_id)}
            for obs_id in detail_ids
        ]
        or None,
        status="active" if flag_row.cleared_at is None else "inactive",
        category=FLAG_CATEGORY,
        code={
            "coding": [
                {
                    "system": f"{base_url}/fhir/CodeSystem/flag",
                    "code": flag_row.kind,
                    "display": str(flag_row.label),
                }
            ],
            "text": str(flag_row.label),
        },
        subject=_ref("Patient", subject_id),
        period=period,
    )


# The early-recovery daily set (recovery.EarlyRecoveryEntry). Clearhead's own
# codes: no LOINC code fits these 0-10 self-ratings, and a LOINC coding would
# need LOINC's own Long Common Name as its display.
EARLY_RECOVERY_MEASURES = {
    "anxiety": "Anxiety (0-10, 10 the worst)",
    "low_mood": "Low mood (0-10, 10 the worst)",
    "poor_sleep": "Poor sleep (0-10, 10 the worst)",
    "fatigue": "Tiredness (0-10, 10 the worst)",
    "irritability": "Irritability (0-10, 10 the worst)",
    "craving": "Craving (0-10, 10 the worst)",
}


def early_recovery_observation(entry, subject_id: str, base_url: str) -> dict:
    """An early-recovery daily entry as one Observation, a component per answer.

    Its id is `early-recovery-<public id>`, which a crisis flag resting on it
    points at (flag_evidence_ids).
    """
    system = f"{base_url}/fhir/CodeSystem/early-recovery"
    components = [
        {
            "code": {"coding": [{"system": system, "code": name}], "text": label},
            "valueInteger": getattr(entry, name),
        }
        for name, label in EARLY_RECOVERY_MEASURES.items()
    ]
    components.append(
        {
            "code": {
                "coding": [{"system": system, "code": "self_harm_thoughts"}],
                "text": "Thoughts of self-harm",
            },
            "valueBoolean": entry.self_harm_thoughts,
        }
    )
    return _resource(
        "Observation",
        f"early-recovery-{entry.public_id}",
        status="final",
        category=SURVEY,
        code={
            "coding": [{"system": system, "code": "early-recovery-daily-set"}],
            "text": "Early-recovery daily symptom set",
        },
        subject=_ref("Patient", subject_id),
        effectiveDateTime=entry.day.isoformat(),
        component=components,
    )


# The weekly body check (recovery.BodyCheck). Clearhead's own codes: its
# questions and 0-3 scale are our own (docs/decisions/0003-body-tracker-items.md),
# and no LOINC code is the same question; a LOINC coding would also need
# LOINC's own Long Common Name as its display (interop/loinc.py).
BODY_CHECK_MEASURES = {
    "frequency": "Peeing more often (0-3, past 7 days)",
    "night_urination": "Waking at night to pee (0-3, past 7 days)",
    "urgency": "Sudden need to pee (0-3, past 7 days)",
    "pain": "Bladder pain or pain when peeing (0-3, past 7 days)",
    "blood": "Blood in pee (0-3, past 7 days)",
    "leaking": "Leaking pee (0-3, past 7 days)",
    "k_cramps": "Stomach pain, K-cramps (0-3, past 7 days)",
    "memory": "Memory problems (0-3, past 7 days)",
}
BODY_CHECK_SIGNS = {
    "cannot_urinate": "Needed to pee but could not (past 7 days)",
    "fever": "Fever or chills (past 7 days)",
    "flank_pain": "Pain in the side or lower back (past 7 days)",
}
BODY_CHECK_ADVICE = {
    "emergency": "Get emergency care now",
    "urgent": "See a doctor today",
    "routine": "Book a visit with a doctor",
    "none": "No symptoms",
}


def body_check_observation(check, advice: str, subject_id: str, base_url: str) -> dict:
    """A weekly body check as one Observation, a component per answer.

    `advice`: the bladder check's advice for its answers
    (recovery.body_check.advice). Its id is `body-check-<public id>`, which a
    body red flag resting on it points at (flag_evidence_ids).
    """
    system = f"{base_url}/fhir/CodeSystem/body-check"
    components = [
        {
            "code": {"coding": [{"system": system, "code": name}], "text": label},
            "valueInteger": getattr(check, name),
        }
        for name, label in BODY_CHECK_MEASURES.items()
    ]
    components += [
        {
            "code": {"coding": [{"system": system, "code": name}], "text": label},
            "valueBoolean": getattr(check, name),
        }
        for name, label in BODY_CHECK_SIGNS.items()
    ]
    components.append(
        {
            "code": {
                "coding": [{"system": system, "code": "advice"}],
                "text": "Advice from the red-flag rule",
            },
            "valueCodeableConcept": {
                "coding": [
                    {
                        "system": system,
                        "code": f"advice-{advice}",
                        "display": BODY_CHECK_ADVICE[advice],
                    }
                ],
                "text": BODY_CHECK_ADVICE[advice],
            },
        }
    )
    return _resource(
        "Observation",
        f"body-check-{check.public_id}",
        status="final",
        category=SURVEY,
        code={
            "coding": [{"system": system, "code": "weekly-body-check"}],
            "text": "Weekly body check for ketamine harms (bladder, stomach, memory)",
        },
        subject=_ref("Patient", subject_id),
        effectiveDateTime=check.day.isoformat(),
        component=components,
    )


# The safety plan (recovery.SafetyPlan) as a CarePlan: one activity per step
# with lines, in the steps' order (safety.safety_plan), the step's title as
# the activity's code text and its lines as the description. Clearhead's own
# category code: no LOINC or SNOMED code is claimed.
def safety_plan_care_plan(plan, steps, subject_id: str, base_url: str) -> dict:
    """A safety plan as a CarePlan with id `safety-plan-<public id>`.

    `steps`: [(step, lines)] (safety.safety_plan.rows); a step with no lines
    is left out. The patient is the author; a clinician who wrote it with
    them is a contributor, by name.
    """
    system = f"{base_url}/fhir/CodeSystem/care-plan-category"
    activities = [
        {
            "detail": {
                "code": {"text": str(step.title)},
                "status": "in-progress",
                "description": "\n".join(lines),
            }
        }
        for step, lines in steps
        if lines
    ]
    contributors = [_ref("Patient", subject_id)]
    if plan.written_with_id:
        contributors.append({"display": str(plan.written_with)})
    return _resource(
        "CarePlan",
        f"safety-plan-{plan.public_id}",
        status="active",
        intent="plan",
        category=[
            {
                "coding": [{"system": system, "code": "safety-plan"}],
                "text": "Safety plan",
            }
        ],
        title="Safety plan",
        description="The patient's plan for a crisis: warning signs, ways to "
        "cope, people and places, who to ask for help, professionals and "
        "crisis lines, a safer place, reasons for living.",
        subject=_ref("Patient", subject_id),
        created=plan.created_at.isoformat(),
        author=_ref("Patient", subject_id),
        contributor=contributors,
        activity=activities or None,
    )
