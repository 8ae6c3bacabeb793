"""The codes the companion stores and the words people see for them: a
check-in's triggers, coping and other substances, moods, weekdays.

Every page that shows a stored code (the patient's "My data", the care
team's patient page) words it from here, through `labels`."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

TRIGGERS = {
    "people": _("People I used with"),
    "places": _("Places where I used"),
    "things": _("Things that remind me of using"),
    "stress": _("Stress"),
    "boredom": _("Boredom"),
    "loneliness": _("Loneliness"),
    "conflict": _("Arguments or conflict"),
    "celebration": _("Parties or celebrations"),
    "pain": _("Pain"),
    "money": _("Money worries"),
    "tiredness": _("Feeling tired"),
    "low_mood": _("Feeling low"),
}

COPING = {
    "called_someone": _("Called or texted someone"),
    "urge_surfing": _("Rode out the urge (urge surfing)"),
    "breathing": _("Slow breathing"),
    "delay_distract_decide": _("Delay, distract, decide"),
    "play_tape_forward": _("Played the tape forward"),
    "left_situation": _("Left the situation"),
    "exercise": _("Exercise or a walk"),
    "meeting": _("Went to a meeting"),
    "reasons": _("Read my reasons for recovery"),
    "meditation": _("Meditation or yoga"),
    "distraction": _("Kept busy"),
}

OTHER_SUBSTANCES = {
    "alcohol": _("Alcohol"),
    "cannabis": _("Cannabis"),
    "cocaine": _("Cocaine"),
    "mdma": _("MDMA"),
    "benzodiazepines": _("Benzodiazepines"),
    "ghb": _("GHB or GBL"),
    "opioids": _("Opioids"),
    "stimulants": _("Other stimulants"),
    "other": _("Something else"),
}

MOODS = {
    1: _("Very low"),
    2: _("Low"),
    3: _("OK"),
    4: _("Good"),
    5: _("Very good"),
}

# A routine item's days: 0 = Sunday, as the meeting finder numbers them.
WEEKDAYS = {
    0: _("Sunday"),
    1: _("Monday"),
    2: _("Tuesday"),
    3: _("Wednesday"),
    4: _("Thursday"),
    5: _("Friday"),
    6: _("Saturday"),
}


def labels(codes: Iterable, vocabulary: dict) -> list[str]:
    """Return the words for stored codes, in their order.

    `labels(["low_mood", "celebration"], TRIGGERS)` gives
    `["Feeling low", "Parties or celebrations"]`. A code the vocabulary does
    not (or no longer) hold is shown as itself rather than dropped, so no
    answer disappears from a record. The words are in the active language
    (plain strings, ready to join).
    """
    return [str(vocabulary.get(code, code)) for code in codes]
