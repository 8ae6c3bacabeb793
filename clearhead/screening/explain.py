"""Plain-language explanations of results, and the finder link they lead to.

Pure functions: results in, words out. Written for a reading age of about 13.
"""

from urllib.parse import urlencode

from clearhead.screening.scoring import MODERATE_FROM, RAISED_RATING

LEVELS = {
    "outpatient": (
        "Outpatient care",
        "Regular sessions with a counselor or doctor while you live at home.",
    ),
    "intensive_outpatient": (
        "Intensive outpatient care",
        "Several sessions a week, a few hours each time, while you live at home.",
    ),
    "residential": (
        "Residential care",
        "You live at a treatment center for a while, with support day and night.",
    ),
    "inpatient": (
        "Inpatient care",
        "Care in a hospital or medical unit, with staff there all the time.",
    ),
}

REASONS = {
    "suicidal_thoughts": "You have had thoughts of ending your life or hurting yourself.",
    "withdrawal": "Stopping may make you unwell.",
    "medical": "Your body needs medical care.",
    "mental_health": "Your mental health needs care too.",
    "readiness": "You are not yet sure about changing.",
    "relapse_risk": "Staying stopped may be hard without more support.",
    "environment": "Your home life makes recovery harder.",
    "homeless": "You do not have a safe, stable place to live.",
    "no_transport": "It would be hard to get to appointments.",
    "far_from_services": "You live far from treatment services.",
    "home_problems": "Ketamine is causing problems at home.",
    "work_problems": "Ketamine is causing problems at work or school.",
    "legal_problems": "You are in trouble with the law.",
    "strong_home_support": "You have people at home who support you.",
}

# The same reasons for the care team's guidance page: about the patient, not
# spoken as the patient ("you"), since a clinician reads them.
CLINICIAN_REASONS = {
    "suicidal_thoughts": "Has had thoughts of ending their life or of self-harm.",
    "withdrawal": "Withdrawal may make them unwell.",
    "medical": "Needs medical care.",
    "mental_health": "Mental health needs care too.",
    "readiness": "Not yet sure about changing.",
    "relapse_risk": "Staying stopped may be hard without more support.",
    "environment": "Home life makes recovery harder.",
    "homeless": "No safe, stable place to live.",
    "no_transport": "Would find it hard to get to appointments.",
    "far_from_services": "Lives far from treatment services.",
    "home_problems": "Ketamine is causing problems at home.",
    "work_problems": "Ketamine is causing problems at work or school.",
    "legal_problems": "In trouble with the law.",
    "strong_home_support": "Has people at home who support them.",
}
CLINICIAN_LEVELS = {
    "outpatient": "Regular sessions with a counselor or doctor while living at home.",
    "intensive_outpatient": (
        "Several sessions a week, a few hours each time, while living at home."
    ),
    "residential": "Lives at a treatment center for a while, with support day and night.",
    "inpatient": "Care in a hospital or medical unit, with staff there all the time.",
}

SELF_CHECK = {
    "none": "You said no to every question. That is a good sign. If you are still "
    "worried, the fuller check can tell you more.",
    "some": "You said yes to one question. This can be an early sign. The fuller "
    "check can tell you more.",
    "likely": "You said yes to {yes_count} questions. This suggests ketamine may be "
    "causing you problems. It would help to talk with a doctor or counselor.",
}

DSM = {
    "none": "Your answers match {criteria_met} of the 10 signs of a ketamine use "
    "problem. That is below the level professionals look for.",
    "mild": "Your answers match {criteria_met} of the 10 signs. Professionals call "
    "this a mild problem.",
    "moderate": "Your answers match {criteria_met} of the 10 signs. Professionals "
    "call this a moderate problem.",
    "severe": "Your answers match {criteria_met} of the 10 signs. Professionals "
    "call this a severe problem. Help works, and it is worth reaching out.",
}

SEVERITY_WORDS = {
    "minimal": "little or no",
    "mild": "mild",
    "moderate": "moderate",
    "moderately_severe": "fairly severe",
    "severe": "severe",
}

BODY = {
    "emergency": (
        "Get emergency care now",
        "Some of your symptoms can mean a serious problem, like a blocked bladder "
        "or an infection. Go to an emergency room now, or call {emergency}.",
    ),
    "urgent": (
        "See a doctor in the next day or two",
        "Some of your symptoms need a doctor soon. If they get worse, go to an "
        "emergency room.",
    ),
    "routine": (
        "Book a visit with a doctor",
        "Tell them about your symptoms and that you use ketamine.",
    ),
    "none": ("No symptoms ticked", "You did not tick any of the symptoms."),
}


def self_check_text(result: dict) -> str:
    return SELF_CHECK[result["concern"]].format(**result)


def dsm_text(result: dict) -> str:
    return DSM[result["severity"]].format(**result)


def mood_text(result: dict) -> str:
    words = SEVERITY_WORDS[result["severity"]]
    text = f"Your mood score is {result['total']} out of 27. This means {words} signs of depression."
    if result["total"] >= MODERATE_FROM:
        text += " Please talk with a doctor about how you feel."
    return text


def anxiety_text(result: dict) -> str:
    words = SEVERITY_WORDS[result["severity"]]
    text = f"Your anxiety score is {result['total']} out of 21. This means {words} signs of anxiety."
    if result["total"] >= MODERATE_FROM:
        text += " Please talk with a doctor about it."
    return text


def body_advice(result: dict, emergency_number: str) -> tuple[str, str]:
    heading, text = BODY[result["advice"]]
    return heading, text.format(emergency=emergency_number)


def level_summary(result: dict, *, for_clinician: bool = False) -> dict:
    """The level's name, description, reasons and crisis; about the patient for a clinician.

    `crisis` is the level-of-care result's own: suicidal thoughts, or the
    most severe mental-health rating, were recorded.
    """
    name, description = LEVELS[result["level"]]
    reasons = CLINICIAN_REASONS if for_clinician else REASONS
    if for_clinician:
        description = CLINICIAN_LEVELS[result["level"]]
    return {
        "name": name,
        "description": description,
        "reasons": [reasons[reason] for reason in result["reasons"]],
        "crisis": bool(result.get("crisis")),
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
