"""The codes a check-in uses for triggers, coping and other substances,
and the words each code is shown with (the one source of those words)."""

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

# A check-in's list fields and the vocabulary each one's codes come from.
CHECKIN_LISTS = {
    "triggers": TRIGGERS,
    "coping": COPING,
    "other_substances": OTHER_SUBSTANCES,
}


def answer_labels(field: str, codes) -> list[str]:
    """The words of a check-in list's codes, in the order given.

    `field` is a key of CHECKIN_LISTS (KeyError otherwise): for example
    answer_labels("triggers", ["low_mood", "stress"]) gives
    ["Feeling low", "Stress"]. A code outside the list (stored before it
    was refused) is shown as itself, spaced, rather than dropped: a
    clinician must not miss an answer.
    """
    words = CHECKIN_LISTS[field]
    return [words.get(code, str(code).replace("_", " ")) for code in codes or ()]
