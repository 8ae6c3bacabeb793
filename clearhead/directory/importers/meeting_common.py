"""What the Meeting Guide and BMLT row readers share: days, times, types, zone."""

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import datetime, time

from clearhead.directory.importers.places import (
    unusable_coordinates,
    us_state_code,
    us_zip,
)
from clearhead.directory.importers.records import Record, text
from clearhead.directory.vocabulary import (
    MEETING_ATTENDANCE_TYPES,
    MEETING_TYPE_ALIASES,
    MEETING_TYPE_NAMES,
    SECULAR_FELLOWSHIPS,
)
from clearhead.directory.zones import find_zone

_KNOWN = MEETING_TYPE_NAMES.keys() | MEETING_ATTENDANCE_TYPES.keys()

# "sunday", "sun" -> 0 ... "saturday", "sat" -> 6 (Sunday = 0).
_DAY_NAMES = {
    name.lower(): (number + 1) % 7
    for names in (calendar.day_name, calendar.day_abbr)
    for number, name in enumerate(names)
}


@dataclass(frozen=True)
class FeedOptions:
    """What the operator says about a whole feed."""

    fellowship: str
    time_zone: str = ""


_NAMED_TIMES = {"NOON": time(12), "MIDNIGHT": time(0)}
# "19:00" or "19:00:00", as nearly every feed writes it: read without
# strptime (a national feed has 200,000 times); anything else goes the
# long way below, with the same result.
_CLOCK = re.compile(r"(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?", re.ASCII)


def parse_time(value, *, end: bool = False) -> time | None:
    """Read "19:00", "19:00:00", "7:00 PM", "7pm", "7:30 p.m.", "noon" or
    "midnight", else None. An end time may be "24:00", the end of the day."""
    try:
        return _time_read(value, end)
    except TypeError:  # not hashable (never a time): read, not remembered
        return _time_of(value, end)


# A national feed has 200,000 times and a few hundred different ones: each is
# read once (typed: 7 and "7" and 7.0 are told apart, as text() tells them).
@functools.lru_cache(maxsize=4096, typed=True)
def _time_read(value, end: bool) -> time | None:
    return _time_of(value, end)


def _time_of(value, end: bool) -> time | None:
    raw = text(value).upper().replace(".", "").replace(" ", "")
    for prefix in ("12:00", "12", ""):
        if raw.startswith(prefix) and raw[len(prefix) :] in _NAMED_TIMES:
            return _NAMED_TIMES[raw[len(prefix) :]]
    if end and raw in ("24:00", "24:00:00"):
        return time(0)
    if match := _CLOCK.fullmatch(raw):
        hour, minute, second = (int(part or 0) for part in match.groups())
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    for pattern in ("%H:%M", "%H:%M:%S", "%I:%M%p", "%I%p"):
        try:
            return datetime.strptime(raw, pattern).time()
        except ValueError:
            continue
    return None


def parse_days(value, *, first: int = 0) -> list[int] | None:
    """Days as 0-6 from Sunday, from a number, a name or a list of either.

    `first` is the number the source gives Sunday (BMLT: 1). Returns None
    when any value is not a day.
    """
    values = value if isinstance(value, list) else [value]
    days = set()
    for day in values:
        raw = text(day).lower()
        if raw in _DAY_NAMES:
            days.add(_DAY_NAMES[raw])
            continue
        try:
            number = int(raw) - first
        except ValueError:
            return None
        if not 0 <= number <= 6:
            return None
        days.add(number)
    return sorted(days)


def meeting_types(codes) -> list[str]:
    """Our codes for a row's Meeting Guide types, in the order given.

    Codes are matched as given, else in upper case ("onl"); an old code also
    brings its filter code ("G" brings "LGBTQ"); unknown codes are kept.
    """
    found: list[str] = []
    for raw in codes:
        code = text(raw)
        if not code:
            continue
        if code not in _KNOWN and code.upper() in _KNOWN:
            code = code.upper()
        for each in (code, MEETING_TYPE_ALIASES.get(code)):
            if each and each not in found:
                found.append(each)
    return found


def finish(
    number: int,
    source_id: str,
    fields: dict,
    options: FeedOptions,
    *,
    own_zone: str = "",
) -> Record:
    """Add what every meeting record has: fellowship, secular flag, zone."""
    problems: list[str] = []
    us_state = us_state_code(fields["state"])
    fields["state"] = us_state or fields["state"]
    if us_state:
        fields["postal_code"] = us_zip(fields["postal_code"], us_state, problems)
    unusable_coordinates(fields, "postal_code", problems)
    fields["fellowship"] = options.fellowship
    fields["is_secular"] = (
        options.fellowship in SECULAR_FELLOWSHIPS or "A" in fields["types"]
    )
    fields["time_zone"] = find_zone(
        own=own_zone,
        operator=options.time_zone,
        latitude=fields["latitude"],
        longitude=fields["longitude"],
        postal_code=fields["postal_code"],
        city=fields["city"],
        state=us_state,
    )
    return Record(number, source_id[:120], fields, problems=problems)
