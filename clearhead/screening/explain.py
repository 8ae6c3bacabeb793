"""Plain-language explanations of results, and the finder link they lead to.

Pure functions: results in, words out, in the active language (the words
are marked for translation; each function translates when it is called, so
a page or an API response gets them in its reader's language). Codes (level,
severity, reason and advice keys) are never translated. Written for a
reading age of about 13.
"""

from urllib.parse import urlencode

from django.utils.translation import gettext, gettext_noop, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from clearhead.screening.scoring import MODERATE_FROM, RAISED_RATING

LEVELS = {
    "outpatient": (
        _("Outpatient care"),
        _("Regular sessions with a counselor or doctor while you live at home."),
    ),
    "intensive_outpatient": (
        _("Intensive outpatient care"),
        _("Several sessions a week, a few hours each time, while you live at home."),
    ),
    "residential": (
        _("Residential care"),
        _("You live at a treatment center for a while, with support day and night."),
    ),
    "inpatient": (
        _("Inpatient care"),
        _("Care in a hospital or medical unit, with staff there all the time."),
    ),
}

REASONS = {
    "suicidal_thoughts": _(
        "You have had thoughts of ending your life or hurting yourself."
    ),
    "withdrawal": _("Stopping may make you unwell."),
    "medical": _("Your body needs medical care."),
    "mental_health": _("Your mental health needs care too."),
    "readiness": _("You are not yet sure about changing."),
    "relapse_risk": _("Staying stopped may be hard without more support."),
    "environment": _("Your home life makes recovery harder."),
    "homeless": _("You do not have a safe, stable place to live."),
    "no_transport": _("It would be hard to get to appointments."),
    "far_from_services": _("You live far from treatment services."),
    "home_problems": _("Ketamine is causing problems at home."),
    "work_problems": _("Ketamine is causing problems at work or school."),
    "legal_problems": _("You are in trouble with the law."),
    "strong_home_support": _("You have people at home who support you."),
}

# The same reasons for the care team's guidance page: about the patient, not
# spoken as the patient ("you"), since a clinician reads them. Marked with
# gettext_noop (plain text here, as the clinic reads it) and translated where
# `level_summary` uses them; the clinic's pages are in English for now.
CLINICIAN_REASONS = {
    "suicidal_thoughts": gettext_noop(
        "Has had thoughts of ending their life or of self-harm."
    ),
    "withdrawal": gettext_noop("Withdrawal may make them unwell."),
    "medical": gettext_noop("Needs medical care."),
    "mental_health": gettext_noop("Mental health needs care too."),
    "readiness": gettext_noop("Not yet sure about changing."),
    "relapse_risk": gettext_noop("Staying stopped may be hard without more support."),
    "environment": gettext_noop("Home life makes recovery harder."),
    "homeless": gettext_noop("No safe, stable place to live."),
    "no_transport": gettext_noop("Would find it hard to get to appointments."),
    "far_from_services": gettext_noop("Lives far from treatment services."),
    "home_problems": gettext_noop("Ketamine is causing problems at home."),
    "work_problems": gettext_noop("Ketamine is causing problems at work or school."),
    "legal_problems": gettext_noop("In trouble with the law."),
    "strong_home_support": gettext_noop("Has people at home who support them."),
}
CLINICIAN_LEVELS = {
    "outpatient": gettext_noop(
        "Regular sessions with a counselor or doctor while living at home."
    ),
    "intensive_outpatient": gettext_noop(
        "Several sessions a week, a few hours each time, while living at home."
    ),
    "residential": gettext_noop(
        "Lives at a treatment center for a while, with support day and night."
    ),
    "inpatient": gettext_noop(
        "Care in a hospital or medical unit, with staff there all the time."
    ),
}

SELF_CHECK = {
    "none": _(
        "You said no to every question. That is a good sign. If you are still "
        "worried, the fuller check can tell you more."
    ),
    "some": _(
        "You said yes to one question. This can be an early sign. The fuller "
        "check can tell you more."
    ),
    # "likely" is two or more yes answers.
    "likely": ngettext_lazy(
        "You said yes to %(yes_count)s question. This suggests ketamine may be "
        "causing you problems. It would help to talk with a doctor or counselor.",
        "You said yes to %(yes_count)s questions. This suggests ketamine may be "
        "causing you problems. It would help to talk with a doctor or counselor.",
        "yes_count",
    ),
}

DSM = {
    "none": _(
        "Your answers match %(criteria_met)s of the 10 signs of a ketamine use "
        "problem. That is below the level professionals look for."
    ),
    "mild": _(
        "Your answers match %(criteria_met)s of the 10 signs. Professionals call "
        "this a mild problem."
    ),
    "moderate": _(
        "Your answers match %(criteria_met)s of the 10 signs. Professionals "
        "call this a moderate problem."
    ),
    "severe": _(
        "Your answers match %(criteria_met)s of the 10 signs. Professionals "
        "call this a severe problem. Help works, and it is worth reaching out."
    ),
}

# PHQ-9 and GAD-7: the whole text for each band (a severity word set into a
# sentence would not agree with its noun in Spanish). From a moderate score
# (MODERATE_FROM, where the moderate bands start) it asks the person to talk
# with a doctor.
MOOD = {
    "minimal": _(
        "Your mood score is %(total)s out of 27. This means little or no signs "
        "of depression."
    ),
    "mild": _(
        "Your mood score is %(total)s out of 27. This means mild signs of depression."
    ),
    "moderate": _(
        "Your mood score is %(total)s out of 27. This means moderate signs of "
        "depression. Please talk with a doctor about how you feel."
    ),
    "moderately_severe": _(
        "Your mood score is %(total)s out of 27. This means fairly severe signs "
        "of depression. Please talk with a doctor about how you feel."
    ),
    "severe": _(
        "Your mood score is %(total)s out of 27. This means severe signs of "
        "depression. Please talk with a doctor about how you feel."
    ),
}
ANXIETY = {
    "minimal": _(
        "Your anxiety score is %(total)s out of 21. This means little or no signs "
        "of anxiety."
    ),
    "mild": _(
        "Your anxiety score is %(total)s out of 21. This means mild signs of anxiety."
    ),
    "moderate": _(
        "Your anxiety score is %(total)s out of 21. This means moderate signs of "
        "anxiety. Please talk with a doctor about it."
    ),
    "severe": _(
        "Your anxiety score is %(total)s out of 21. This means severe signs of "
        "anxiety. Please talk with a doctor about it."
    ),
}

BODY = {
    "emergency": (
        _("Get emergency care now"),
        _(
            "Some of your symptoms can mean a serious problem, like a blocked "
            "bladder or an infection. Go to an emergency room now, or call "
            "%(emergency)s."
        ),
    ),
    "urgent": (
        _("See a doctor today"),
        _(
            "Some of your symptoms need a doctor today. If they get worse, go to "
            "an emergency room."
        ),
    ),
    "routine": (
        _("Book a visit with a doctor"),
        _("Tell them about your symptoms and that you use ketamine."),
    ),
    "none": (_("No symptoms ticked"), _("You did not tick any of the symptoms.")),
}


def self_check_text(result: dict) -> str:
    return SELF_CHECK[result["concern"]] % {"yes_count": result["yes_count"]}


def dsm_text(result: dict) -> str:
    return DSM[result["severity"]] % {"criteria_met": result["criteria_met"]}


def mood_text(result: dict) -> str:
    return MOOD[result["severity"]] % {"total": result["total"]}


def anxiety_text(result: dict) -> str:
    return ANXIETY[result["severity"]] % {"total": result["total"]}


def body_advice(result: dict, emergency_number: str) -> tuple[str, str]:
    heading, text = BODY[result["advice"]]
    return str(heading), text % {"emergency": emergency_number}


def level_summary(result: dict, *, for_clinician: bool = False) -> dict:
    """The level's name, description, reasons and crisis; about the patient for a clinician.

    `crisis` is the level-of-care result's own: suicidal thoughts, or the
    most severe mental-health rating, were recorded. The words are in the
    active language; the level and reason codes stay in the result.
    """
    name, description = LEVELS[result["level"]]
    if for_clinician:
        description = gettext(CLINICIAN_LEVELS[result["level"]])
        reasons = [gettext(CLINICIAN_REASONS[reason]) for reason in result["reasons"]]
    else:
        reasons = [str(REASONS[reason]) for reason in result["reasons"]]
    return {
        "name": str(name),
        "description": str(description),
        "reasons": reasons,
        "crisis": bool(result.get("crisis")),
    }


EXPLAINERS = {
    "ketamine-self-check": self_check_text,
    "dsm5-ketamine": dsm_text,
    "phq9": mood_text,
    "gad7": anxiety_text,
}


def result_texts(result: dict, *, emergency_number: str) -> dict:
    """What a person reads about one scored `result`, in the active language.

    {"explanation": one or two plain sentences}; with body advice also
    "advice_title"; with a level of care also "level_name" and
    "reason_texts" (one sentence per reason code, in the same order).
    """
    instrument_id = result["instrument"]
    if instrument_id in EXPLAINERS:
        return {"explanation": EXPLAINERS[instrument_id](result)}
    if instrument_id == "bladder-check":
        heading, text = body_advice(result, emergency_number)
        return {"advice_title": heading, "explanation": text}
    summary = level_summary(result)
    return {
        "level_name": summary["name"],
        "explanation": summary["description"],
        "reason_texts": summary["reasons"],
    }


def needs_mental_health_care(results: dict) -> bool:
    """Whether the finder should look for programs with mental-health care."""
    mood = results.get("phq9", {}).get("total", 0) >= MODERATE_FROM
    anxiety = results.get("gad7", {}).get("total", 0) >= MODERATE_FROM
    return mood or anxiety


def finder_url(results: dict, care_answers: dict | None) -> str:
    """Link to the program finder, filtered by what the answers suggest."""
    care = results.get("level-of-care")
    params = {}
    if care:
        params["level"] = care["level"]
        if care["detox_first"]:
            params["detox"] = "1"
    mental_health_rating = (care_answers or {}).get("mental_health", 0)
    if needs_mental_health_care(results) or mental_health_rating >= RAISED_RATING:
        params["service"] = "mental_health"
    return "/find/" + (f"?{urlencode(params)}" if params else "")
