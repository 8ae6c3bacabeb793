"""One Meeting Guide meeting (the code4recovery spec, and 12 Step Meeting List).

Read as published, not only as specified: `day` as a number, a name or a
list; 12-hour times; `types` as a list or a comma string ("O,BE,X");
`formatted_address` instead of `address`/`city`/`state`/`postal_code`;
`attendance_option` and `approximate` where TSML 3 sends them, and where it
does not, the same rule TSML applies (`TC` means the venue is closed, `ONL`
or a conference link or phone means online).
"""

import re
from datetime import UTC, datetime

from clearhead.directory.importers.addresses import Address, split_address
from clearhead.directory.importers.meeting_common import (
    FeedOptions,
    finish,
    meeting_types,
    parse_days,
    parse_time,
)
from clearhead.directory.importers.records import (
    Record,
    Skipped,
    coordinate,
    normalise_url,
    single_values,
    text,
)
from clearhead.directory.vocabulary import ATTENDANCE_OPTIONS, MEETING_ATTENDANCE_TYPES

NOT_RUNNING = (
    "the feed marks it as not running (inactive, or venue closed with no online option)"
)


# The fields read as one value each (`types` and `day` may be lists).
SINGLE_VALUES = (
    "name",
    "slug",
    "time",
    "end_time",
    "location",
    "address",
    "formatted_address",
    "city",
    "state",
    "postal_code",
    "latitude",
    "longitude",
    "approximate",
    "attendance_option",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "group",
    "notes",
    "location_notes",
    "updated",
    "timezone",
)


def _types(value) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",")]
    return [text(part) for part in value] if isinstance(value, list) else []


def _address(row: dict) -> Address:
    if text(row.get("address")) or not text(row.get("formatted_address")):
        return Address(
            street=text(row.get("address")),
            city=text(row.get("city")),
            state=text(row.get("state")),
            postal_code=text(row.get("postal_code")),
        )
    return split_address(text(row.get("formatted_address")))


def attendance(row: dict, types: list[str], street: str) -> str | None:
    """In person, hybrid or online, or None when the meeting is not running."""
    option = text(row.get("attendance_option")).lower()
    if option in ATTENDANCE_OPTIONS:
        return ATTENDANCE_OPTIONS[option]
    online = bool(
        text(row.get("conference_url"))
        or text(row.get("conference_phone"))
        or any(t.upper() in MEETING_ATTENDANCE_TYPES for t in types)
    )
    closed = "TC" in types
    in_person = bool(street) and not closed
    if closed and not online:
        return None
    if online:
        return "hybrid" if in_person else "online"
    return "in_person"


# "2026-11-01 12:00:00", as the spec writes `updated`: read without strptime.
_UPDATED = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", re.ASCII)


def _updated(value):
    value = text(value)
    if _UPDATED.fullmatch(value):
        try:
            return datetime.fromisoformat(value).replace(tzinfo=UTC)
        except ValueError:
            return None
    try:
        parsed = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC)


def parse_row(number: int, row, options: FeedOptions) -> Record | Skipped:
    """Read one Meeting Guide meeting, or say why it cannot be read."""
    if not isinstance(row, dict):
        return Skipped(number, "not an object")
    row, problems = single_values(row, SINGLE_VALUES, lists=("types", "day"))
    name, slug = text(row.get("name")), text(row.get("slug"))
    if not name or not slug:
        why = f" ({'; '.join(problems)})" if problems else ""
        return Skipped(number, f"a meeting needs both a name and a slug{why}")
    days = parse_days(row.get("day")) if row.get("day") not in (None, "") else []
    if days is None:
        return Skipped(number, f"day {row.get('day')!r} is not a day (0-6 or a name)")
    start = parse_time(row.get("time")) if text(row.get("time")) else None
    if text(row.get("time")) and start is None:
        return Skipped(number, f"time {row.get('time')!r} is not a time of day")
    raw_types = _types(row.get("types"))
    approximate = text(row.get("approximate")).lower() == "yes"
    place = _address(row)
    street = "" if approximate else place.street
    how = attendance(row, [t.upper() for t in raw_types if t], street)
    if how is None:
        return Skipped(number, NOT_RUNNING)
    types = [t for t in meeting_types(raw_types) if t not in MEETING_ATTENDANCE_TYPES]
    latitude = coordinate(row.get("latitude"), -90, 90)
    longitude = coordinate(row.get("longitude"), -180, 180)
    end = parse_time(row.get("end_time"), end=True)
    if end is None and text(row.get("end_time")):
        problems.append(
            f"end_time {text(row.get('end_time'))!r} is not a time of day: no end time"
        )
    fields = {
        "name": name[:255],
        "slug": slug[:120],
        "days": days,
        "start_time": start,
        "end_time": end,
        "attendance": how,
        "location": text(row.get("location"))[:255],
        "address": street[:255],
        "city": place.city[:120],
        "state": place.state[:40],
        "postal_code": place.postal_code[:12],
        "latitude": latitude,
        "longitude": longitude,
        "types": types,
        "other_types": [],
        "conference_url": normalise_url(row.get("conference_url"))[:500],
        "conference_url_notes": text(row.get("conference_url_notes")),
        "conference_phone": text(row.get("conference_phone"))[:80],
        "conference_phone_notes": text(row.get("conference_phone_notes")),
        "group": text(row.get("group"))[:255],
        "notes": text(row.get("notes")),
        "location_notes": text(row.get("location_notes")),
        "source_updated": _updated(row.get("updated")),
    }
    record = finish(number, slug, fields, options, own_zone=text(row.get("timezone")))
    record.problems[:0] = problems
    return record
