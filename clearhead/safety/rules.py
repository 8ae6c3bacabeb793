"""Early warnings from a patient's check-ins: one pure function, shared.

The recovery companion shows these to the patient as a gentle heads-up, and
the clinician workspace shows them on the caseload. The rules are a
transparent first set, to be reviewed with clinicians; every flag says which
check-ins raised it.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter
from statistics import fmean
from typing import NamedTuple

# The rules read the last two weeks. An older check-in only tells how long
# the silence has lasted: a craving or a body check from a month ago is not
# an early warning any more, and "missed check-ins" says what matters.
LOOKBACK_DAYS = 14

# Most urgent first: the caseload sorts by this order.
FLAG_ORDER = (
    "crisis",
    "body_red_flag",
    "lapse",
    "high_craving",
    "rising_craving",
    "low_confidence",
    "missed_checkins",
)

# How the clinician workspace names each flag (the patient sees recovery/guidance.py).
FLAG_LABELS = {
    "crisis": "Crisis",
    "body_red_flag": "Body red flag",
    "lapse": "Lapse",
    "high_craving": "High craving",
    "rising_craving": "Rising craving",
    "low_confidence": "Low confidence",
    "missed_checkins": "Missed check-ins",
}


class CheckInFacts(NamedTuple):
    """What the rules need to know about one check-in.

    A named tuple: a caseload builds tens of thousands, and these are cheap."""

    id: str
    day: date
    craving: int
    confidence: int | None
    used_ketamine: bool
    self_harm_thoughts: bool
    body_advice: str = ""  # the bladder-and-body check's advice, if one was taken


@dataclass(frozen=True)
class Flag:
    code: str
    since: date
    evidence: tuple[str, ...]

    @property
    def label(self) -> str:
        return FLAG_LABELS[self.code]

    def as_dict(self) -> dict:
        return {"code": self.code, "since": self.since, "evidence": list(self.evidence)}


_DAY = attrgetter("day")
_DAY_THEN_ID = attrgetter("day", "id")


def _in_window(ordered, today: date, first_day_ago: int, last_day_ago: int):
    """The check-ins from `last_day_ago` to `first_day_ago` days ago, both
    included, of a list in day order (found by bisection: a caseload runs
    these rules for every patient on it)."""
    start = bisect_left(ordered, today - timedelta(days=last_day_ago), key=_DAY)
    end = bisect_right(ordered, today - timedelta(days=first_day_ago), key=_DAY)
    return ordered[start:end]


def _flag(code: str, hits) -> Flag | None:
    if not hits:
        return None
    return Flag(code, min(c.day for c in hits), tuple(c.id for c in hits))


def _high_craving(ordered) -> Flag | None:
    last_three = ordered[-3:]
    high = [c for c in last_three if c.craving >= 7]
    return _flag("high_craving", high) if len(high) >= 2 else None


def _rising_craving(checkins, today: date) -> Flag | None:
    recent = _in_window(checkins, today, 0, 6)
    before = _in_window(checkins, today, 7, 13)
    if len(recent) < 3 or len(before) < 3:
        return None
    if fmean(c.craving for c in recent) - fmean(c.craving for c in before) < 2:
        return None
    return _flag("rising_craving", recent)


def _missed(ordered, today: date) -> Flag | None:
    last = ordered[-1]
    if (today - last.day).days < 3:
        return None
    return Flag("missed_checkins", last.day + timedelta(days=1), (last.id,))


def _body(ordered) -> Flag | None:
    checked = [c for c in ordered if c.body_advice]
    if checked and checked[-1].body_advice in {"emergency", "urgent"}:
        return _flag("body_red_flag", [checked[-1]])
    return None


def _low(confidence: int | None) -> bool:
    return confidence is not None and confidence <= 3


def early_warnings(checkins: list[CheckInFacts], today: date) -> list[Flag]:
    """Return the flags raised by a patient's check-ins, most urgent first.

    `checkins` may come in any order; `today` is the patient's own date.
    Callers pass the last LOOKBACK_DAYS days of check-ins, or else the
    latest one. A patient who has never checked in raises no flag.
    """
    ordered = sorted((c for c in checkins if c.day <= today), key=_DAY_THEN_ID)
    if not ordered:
        return []
    recent = _in_window(ordered, today, 0, LOOKBACK_DAYS - 1)
    last_week = _in_window(recent, today, 0, 6)
    latest = recent[-1:]
    candidates = [
        _flag("crisis", [c for c in last_week if c.self_harm_thoughts]),
        _body(recent),
        _flag("lapse", [c for c in last_week if c.used_ketamine]),
        _high_craving(recent),
        _rising_craving(recent, today),
        _flag("low_confidence", [c for c in latest if _low(c.confidence)]),
        _missed(ordered, today),
    ]
    return sorted(
        (flag for flag in candidates if flag), key=lambda f: FLAG_ORDER.index(f.code)
    )
