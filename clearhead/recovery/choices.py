"""The codes the companion stores and the words people see for them: a
check-in's triggers, coping and other substances, moods, weekdays.

Every page that shows a stored code (the patient's "My data", the care
team's patient page) words it from here, through `labels`."""

from collections.abc import Iterable

TRIGGERS = {
    "people": "People I used with",
    "places": "Places where I used",
    "things": "Things that remind me of using",
    "stress": "Stress",
    "boredom": "Boredom",
    "loneliness": "Loneliness",
    "conflict": "Arguments or conflict",
    "celebration": "Parties or celebrations",
    "pain": "Pain",
    "money": "Money worries",
    "tiredness": "Feeling tired",
    "low_mood": "Feeling low",
}

COPING = {
    "called_someone": "Called or texted someone",
    "urge_surfing": "Rode out the urge (urge surfing)",
    "breathing": "Slow breathing",
    "delay_distract_decide": "Delay, distract, decide",
    "play_tape_forward": "Played the tape forward",
    "left_situation": "Left the situation",
    "exercise": "Exercise or a walk",
    "meeting": "Went to a meeting",
    "reasons": "Read my reasons for recovery",
    "meditation": "Meditation or yoga",
    "distraction": "Kept busy",
}

OTHER_SUBSTANCES = {
    "alcohol": "Alcohol",
    "cannabis": "Cannabis",
    "cocaine": "Cocaine",
    "mdma": "MDMA",
    "benzodiazepines": "Benzodiazepines",
    "ghb": "GHB or GBL",
    "opioids": "Opioids",
    "stimulants": "Other stimulants",
    "other": "Something else",
}

MOODS = {1: "Very low", 2: "Low", 3: "OK", 4: "Good", 5: "Very good"}

# A routine item's days: 0 = Sunday, as the meeting finder numbers them.
WEEKDAYS = {
    0: "Sunday",
    1: "Monday",
    2: "Tuesday",
    3: "Wednesday",
    4: "Thursday",
    5: "Friday",
    6: "Saturday",
}


def labels(codes: Iterable, vocabulary: dict) -> list[str]:
    """Return the words for stored codes, in their order.

    `labels(["low_mood", "celebration"], TRIGGERS)` gives
    `["Feeling low", "Parties or celebrations"]`. A code the vocabulary does
    not (or no longer) hold is shown as itself rather than dropped, so no
    answer disappears from a record.
    """
    return [vocabulary.get(code, str(code)) for code in codes]
