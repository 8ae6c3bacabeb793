"""Early warnings from a patient's check-ins: one pure function, shared.

`flags.services` stores what these rules find (each check-in saved, and the
worker's daily pass), and every page reads the stored flags. The rules are a
transparent first set, to be reviewed with clinicians; every flag says which
check-ins raised it. Thresholds and windows are `flags.definitions`'.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from statistics import fmean
from typing import NamedTuple

from clearhead.flags.definitions import (
    HIGH_CRAVING,
    LOOKBACK_DAYS,
    LOW_CONFIDENCE,
    MISSED_CHECKIN_DAYS,
    RECENT_DAYS,
    RISING_CRAVING_POINTS,
    FlagCode,
    flag_kind,
    urgency,
)


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
    # When it was made (aware): orders the check-ins of one day, so "the
    # latest" is the one made last. None: only the id orders them.
    made_at: datetime | None = None


@dataclass(frozen=True)
class Flag:
    code: str
    since: date
    evidence: tuple[str, ...]

    @property
    def label(self) -> str:
        return str(flag_kind(self.code).clinician_label)

    def as_dict(self) -> dict:
        return {"code": self.code, "since": self.since, "evidence": list(self.evidence)}


_DAY = attrgetter("day")
_EARLIEST = datetime.min.replace(tzinfo=UTC)


def _in_order(checkin: CheckInFacts) -> tuple:
    """Day, then the moment it was made (a random public id says nothing)."""
    return (checkin.day, checkin.made_at or _EARLIEST, checkin.id)


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
    high = [c for c in last_three if c.craving >= HIGH_CRAVING]
    return _flag(FlagCode.HIGH_CRAVING, high) if len(high) >= 2 else None


def _rising_craving(checkins, today: date) -> Flag | None:
    recent = _in_window(checkins, today, 0, RECENT_DAYS - 1)
    before = _in_window(checkins, today, RECENT_DAYS, 2 * RECENT_DAYS - 1)
    if len(recent) < 3 or len(before) < 3:
        return None
    rise = fmean(c.craving for c in recent) - fmean(c.craving for c in before)
    if rise < RISING_CRAVING_POINTS:
        return None
    return _flag(FlagCode.RISING_CRAVING, recent)


def missed_since(last_day: date, today: date) -> date | None:
    """The first missed day, once MISSED_CHECKIN_DAYS days have passed since
    `last_day` (the last day with a check-in, or a day before which silence
    does not count); else None.

    The one rule for "missed check-ins": the clinician's flag and the
    supporter's e-mail both ask it, so both come on the same day.
    """
    if (today - last_day).days < MISSED_CHECKIN_DAYS:
        return None
    return last_day + timedelta(days=1)


def _missed(ordered, today: date) -> Flag | None:
    last = ordered[-1]
    since = missed_since(last.day, today)
    if since is None:
        return None
    return Flag(FlagCode.MISSED_CHECKINS, since, (last.id,))


def _body(ordered) -> Flag | None:
    checked = [c for c in ordered if c.body_advice]
    if checked and checked[-1].body_advice in {"emergency", "urgent"}:
        return _flag(FlagCode.BODY_RED_FLAG, [checked[-1]])
    return None


def self_harm_crisis(self_harm_thoughts: bool) -> bool:
    """The crisis rule for one answer: any thoughts of self-harm.

    The one definition, read by the check-in rules below and by the
    early-recovery daily set (recovery.EarlyRecoveryEntry), so both raise the
    same stored crisis flag for the same answer. A low mood alone is not a
    crisis (it offers a call: definitions.LOW_MOOD, recovery.next_step).
    """
    return bool(self_harm_thoughts)


def _low(confidence: int | None) -> bool:
    return confidence is not None and confidence <= LOW_CONFIDENCE


def early_warnings(checkins: list[CheckInFacts], today: date) -> list[Flag]:
    """Return the flags raised by a patient's check-ins, most urgent first.

    `checkins` may come in any order; `today` is the patient's own date.
    Callers pass the last LOOKBACK_DAYS days of check-ins, or else the
    latest one. A patient who has never checked in raises no flag.
    """
    return _warnings(sorted(checkins, key=_in_order), today)


def _warnings(ordered: list[CheckInFacts], today: date) -> list[Flag]:
    """early_warnings() of check-ins already in order (`_in_order`)."""
    ordered = ordered[: bisect_right(ordered, today, key=_DAY)]
    if not ordered:
        return []
    recent = _in_window(ordered, today, 0, LOOKBACK_DAYS - 1)
    last_week = _in_window(recent, today, 0, RECENT_DAYS - 1)
    latest = recent[-1:]
    candidates = [
        _flag(
            FlagCode.CRISIS,
            [c for c in last_week if self_harm_crisis(c.self_harm_thoughts)],
        ),
        _body(recent),
        _flag(FlagCode.LAPSE, [c for c in last_week if c.used_ketamine]),
        _high_craving(recent),
        _rising_craving(recent, today),
        _flag(FlagCode.LOW_CONFIDENCE, [c for c in latest if _low(c.confidence)]),
        _missed(ordered, today),
    ]
    return sorted((flag for flag in candidates if flag), key=lambda f: urgency(f.code))


def holds_until(checkins: list[CheckInFacts], today: date) -> dict[str, date | None]:
    """For each flag raised today, the last day it holds if no check-in comes.

    {code: date}, or {code: None} when only a new check-in can clear it (it
    still holds LOOKBACK_DAYS on). The rules run for each day ahead.
    """
    return early_warnings_holding(checkins, today)[1]


def early_warnings_holding(
    checkins: list[CheckInFacts], today: date
) -> tuple[list[Flag], dict[str, date | None]]:
    """`early_warnings(checkins, today)` and `holds_until(checkins, today)`
    together, the check-ins put in order once (each check-in saved asks both)."""
    ordered = sorted(checkins, key=_in_order)
    flags = _warnings(ordered, today)
    found = {flag.code: None for flag in flags}
    still = set(found)
    # The rules run for each day ahead; they can answer differently only on
    # the days in _turning_days, so those are the days asked.
    for day in _turning_days(ordered, today) if still else ():
        raised = {flag.code for flag in _warnings(ordered, day)}
        for code in still - raised:
            found[code] = day - timedelta(days=1)
        still &= raised
        if not still:
            break
    return flags, found


# Where each window of `_warnings` starts and ends, in days after a check-in:
# it counts from its own day (0), leaves the last week (RECENT_DAYS) and
# enters the week before it (rising craving), leaves the lookback
# (LOOKBACK_DAYS, 2 * RECENT_DAYS), and makes a silence long enough to be
# missed (MISSED_CHECKIN_DAYS). A window added to `_warnings` adds its edges here.
_EDGES = tuple(
    timedelta(days=days)
    for days in {0, RECENT_DAYS, 2 * RECENT_DAYS, LOOKBACK_DAYS, MISSED_CHECKIN_DAYS}
)


def _turning_days(ordered: list[CheckInFacts], today: date) -> list[date]:
    """The days after `today`, up to LOOKBACK_DAYS on, on which `_warnings`
    may answer otherwise than the day before: a check-in enters or leaves
    one of its windows. On every other day it answers as the day before."""
    last = today + timedelta(days=LOOKBACK_DAYS)
    return sorted(
        {
            day
            for checkin in ordered
            for edge in _EDGES
            if today < (day := checkin.day + edge) <= last
        }
    )
