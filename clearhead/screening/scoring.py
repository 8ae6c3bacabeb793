"""Scoring rules of every instrument, as pure functions.

Each function takes answers that have already been validated (see
schemas.py) and returns the result as a plain dict. The pages, the API, the
clinician intake and the FHIR export all call these same functions, so a
score is computed one way everywhere. No database, no side effects.
"""

from collections.abc import Mapping, Sequence

DSM_CRITERIA = (
    "larger_amounts",
    "cut_down",
    "time_spent",
    "craving",
    "role_failure",
    "social_problems",
    "activities_given_up",
    "hazardous_use",
    "harm_despite_knowledge",
    "tolerance",
)

BODY_SYMPTOMS = (
    "frequency",
    "urgency",
    "painful_urination",
    "bladder_pain",
    "incontinence",
    "blood_in_urine",
    "cannot_urinate",
    "flank_pain",
    "fever",
    "upper_abdominal_pain",
    "vomiting",
    "yellow_skin_or_eyes",
    "memory_problems",
    "nose_problems",
)

CARE_RATINGS = (
    "withdrawal",
    "medical",
    "mental_health",
    "readiness",
    "relapse_risk",
    "environment",
)
# A rating (0-4) at or above this is a raised concern: intensive outpatient
# care at least, and for mental health, programs that offer that care too.
RAISED_RATING = 2
LIFE_PROBLEMS = ("home_problems", "work_problems", "legal_problems")
ACCESS_BARRIERS = ("homeless", "no_transport", "far_from_services")
CARE_FLAGS = (
    "suicidal_thoughts",
    *ACCESS_BARRIERS,
    *LIFE_PROBLEMS,
    "strong_home_support",
)

# Levels of care from most to least intensive.
CARE_LEVELS = ("inpatient", "residential", "intensive_outpatient", "outpatient")


def band(total: int, bands: Sequence[tuple[int, str]]) -> str:
    """Return the label of the highest band whose lower bound `total` reaches."""
    label = bands[0][1]
    for lowest, name in bands:
        if total >= lowest:
            label = name
    return label


def score_ketamine_self_check(answers: Sequence[bool]) -> dict:
    yes_count = sum(1 for answer in answers if answer)
    concern = band(yes_count, [(0, "none"), (1, "some"), (2, "likely")])
    return {"yes_count": yes_count, "concern": concern}


def score_dsm5_ketamine(answers: Mapping[str, bool]) -> dict:
    met = [criterion for criterion in DSM_CRITERIA if answers[criterion]]
    severity = band(
        len(met), [(0, "none"), (2, "mild"), (4, "moderate"), (6, "severe")]
    )
    return {"criteria_met": len(met), "severity": severity, "criteria": met}


# PHQ-9 and GAD-7: from this total ("moderate") a doctor should hear of it,
# and the finder looks for mental health care.
MODERATE_FROM = 10
PHQ9_BANDS = [
    (0, "minimal"),
    (5, "mild"),
    (MODERATE_FROM, "moderate"),
    (15, "moderately_severe"),
    (20, "severe"),
]
GAD7_BANDS = [(0, "minimal"), (5, "mild"), (MODERATE_FROM, "moderate"), (15, "severe")]


def score_phq9(answers: Sequence[int]) -> dict:
    total = sum(answers)
    # Item 9 asks about thoughts of death or self-harm: any answer above
    # "not at all" needs follow-up at once, whatever the total.
    return {
        "total": total,
        "severity": band(total, PHQ9_BANDS),
        "crisis": answers[8] > 0,
    }


def score_gad7(answers: Sequence[int]) -> dict:
    total = sum(answers)
    return {"total": total, "severity": band(total, GAD7_BANDS)}


def _present(answers: Mapping[str, bool], *keys: str) -> bool:
    return all(answers.get(key, False) for key in keys)


EMERGENCY_RULES = (
    ("cannot_urinate",),
    ("blood_in_urine", "fever"),
    ("blood_in_urine", "flank_pain"),
    ("upper_abdominal_pain", "vomiting", "yellow_skin_or_eyes"),
)
URGENT_RULES = (
    ("blood_in_urine",),
    ("painful_urination", "fever"),
    ("flank_pain",),
    ("yellow_skin_or_eyes",),
)


def _keys_of_matching(rules, answers: Mapping[str, bool]) -> list[str]:
    keys = {key for rule in rules if _present(answers, *rule) for key in rule}
    return [symptom for symptom in BODY_SYMPTOMS if symptom in keys]


def score_bladder_check(answers: Mapping[str, bool]) -> dict:
    """Advise how soon to see a doctor; `red_flags` names the symptoms why."""
    for advice, rules in (("emergency", EMERGENCY_RULES), ("urgent", URGENT_RULES)):
        red_flags = _keys_of_matching(rules, answers)
        if red_flags:
            return {"advice": advice, "red_flags": red_flags}
    present = [symptom for symptom in BODY_SYMPTOMS if answers.get(symptom, False)]
    return {"advice": "routine" if present else "none", "red_flags": present}


def _care_level(answers: Mapping) -> tuple[str, list[str]]:
    """Apply the level-of-care rules in order; the first that matches decides."""
    ratings = {name: answers.get(name, 0) for name in CARE_RATINGS}
    flagged = {name for name in CARE_FLAGS if answers.get(name, False)}
    severe = [name for name in CARE_RATINGS if ratings[name] == 4]
    if "suicidal_thoughts" in flagged or severe:
        reasons = ["suicidal_thoughts"] if "suicidal_thoughts" in flagged else []
        return "inpatient", reasons + severe
    clinical = [name for name in ("medical", "mental_health") if ratings[name] >= 3]
    if clinical:
        return "residential", clinical
    problems = [name for name in LIFE_PROBLEMS if name in flagged]
    setting = (["environment"] if ratings["environment"] >= 3 else []) + [
        name for name in ACCESS_BARRIERS if name in flagged
    ]
    if setting or len(problems) >= 2:
        return "residential", setting + (problems if len(problems) >= 2 else [])
    raised = [name for name in CARE_RATINGS if ratings[name] >= RAISED_RATING]
    if raised or problems:
        return "intensive_outpatient", raised + problems
    return "outpatient", [
        "strong_home_support"
    ] if "strong_home_support" in flagged else []


def score_level_of_care(answers: Mapping) -> dict:
    level, reasons = _care_level(answers)
    return {
        "level": level,
        "detox_first": answers.get("withdrawal", 0) >= 3,
        "crisis": bool(answers.get("suicidal_thoughts", False))
        or answers.get("mental_health", 0) == 4,
        "reasons": reasons,
    }
