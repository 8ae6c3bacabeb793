"""One meeting of a BMLT `GetSearchResults` response (Narcotics Anonymous).

Every value is a string. Weekdays are 1-7 from Sunday; `duration_time` is
"HH:MM:SS"; `venue_type` says how to attend (1 in person, 2 virtual, 3
hybrid). Format keys become our codes through vocabulary.BMLT_FORMATS; a
key with no code of ours is kept by name, from that table or else from the
response's own `formats` list.
"""

import re
from datetime import datetime, timedelta

from clearhead.directory.importers.meeting_common import (
    FeedOptions,
    finish,
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
from clearhead.directory.vocabulary import BMLT_FORMATS

# The fields read as one value each (`formats` may be a list of keys).
SINGLE_VALUES = (
    "id_bigint",
    "meeting_name",
    "weekday_tinyint",
    "start_time",
    "duration_time",
    "published",
    "venue_type",
    "location_text",
    "location_street",
    "location_municipality",
    "location_province",
    "location_postal_code_1",
    "latitude",
    "longitude",
    "virtual_meeting_link",
    "phone_meeting_number",
    "virtual_meeting_additional_info",
    "comments",
    "location_info",
    "root_server_uri",
    "time_zone",
)

VENUE_TYPES = {"1": "in_person", "2": "online", "3": "hybrid"}


def translate_formats(keys, names: dict[str, str]) -> tuple[list[str], list[str]]:
    """Return (our codes, names of the formats that have none) for BMLT keys."""
    codes: list[str] = []
    others: list[str] = []
    for key in keys:
        if key in BMLT_FORMATS:
            mapped, name = BMLT_FORMATS[key]
        else:
            mapped, name = (), names.get(key) or key
        for code in mapped:
            if code not in codes:
                codes.append(code)
        if not mapped and key not in ("VM", "HY") and name not in others:
            others.append(name)
    return codes, others


def _format_keys(value) -> list[str]:
    """Format keys from "O,B,WC" as BMLT sends them, or from a list of keys."""
    parts = value if isinstance(value, list) else text(value).split(",")
    return [key for key in (text(part) for part in parts) if key]


def attendance(row: dict, keys: list[str], street: str) -> str | None:
    """In person, hybrid or online, or None when the meeting is not running."""
    if text(row.get("published")) == "0":
        return None
    venue = text(row.get("venue_type"))
    if venue in VENUE_TYPES:
        return VENUE_TYPES[venue]
    if "HY" in keys:
        return "hybrid"
    online = "VM" in keys or bool(
        text(row.get("virtual_meeting_link")) or text(row.get("phone_meeting_number"))
    )
    in_person = bool(street) and "TC" not in keys
    if online:
        return "hybrid" if in_person else "online"
    return None if "TC" in keys else "in_person"


# "HH:MM" or "HH:MM:SS", up to "24:00:00" (a meeting that runs all day).
_DURATION = re.compile(r"^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$")
LONGEST = timedelta(hours=24)


def _end(start, duration, problems: list[str]):
    """The end of a meeting `duration` long; None when the length is 0 or
    missing, or unreadable (then said in `problems`)."""
    raw = text(duration)
    match = _DURATION.match(raw)
    length = (
        timedelta(
            hours=int(match[1]), minutes=int(match[2]), seconds=int(match[3] or 0)
        )
        if match
        else None
    )
    if raw and (length is None or length > LONGEST):
        problems.append(
            f"duration_time {raw!r} is not a length of time up to 24:00:00: no end time"
        )
        return None
    if length is None or length < timedelta(minutes=1):
        return None
    return (datetime.combine(datetime(2000, 1, 1), start) + length).time()


def parse_row(
    number: int, row, options: FeedOptions, format_names: dict[str, str]
) -> Record | Skipped:
    """Read one BMLT meeting, or say why it cannot be read."""
    if not isinstance(row, dict):
        return Skipped(number, "not an object")
    row, problems = single_values(row, SINGLE_VALUES, lists=("formats",))
    meeting_id, name = text(row.get("id_bigint")), text(row.get("meeting_name"))
    if not meeting_id or not name:
        why = f" ({'; '.join(problems)})" if problems else ""
        return Skipped(number, f"a meeting needs id_bigint and meeting_name{why}")
    days = parse_days(row.get("weekday_tinyint"), first=1)
    if not days:
        return Skipped(number, "weekday_tinyint is not 1-7 (Sunday = 1)")
    keys = _format_keys(row.get("formats"))
    street = text(row.get("location_street"))
    how = attendance(row, keys, street)
    if how is None:
        return Skipped(number, "the server marks it as not running")
    types, others = translate_formats(keys, format_names)
    start = parse_time(row.get("start_time"))
    if start is None:
        return Skipped(
            number, f"start_time {row.get('start_time')!r} is not a time of day"
        )
    fields = {
        "name": name[:255],
        "slug": f"bmlt-{meeting_id}",
        "days": days,
        "start_time": start,
        "end_time": _end(start, row.get("duration_time"), problems),
        "attendance": how,
        "location": text(row.get("location_text"))[:255],
        "address": "" if how == "online" else street[:255],
        "city": text(row.get("location_municipality"))[:120],
        "state": text(row.get("location_province"))[:40],
        "postal_code": text(row.get("location_postal_code_1"))[:12],
        "latitude": coordinate(row.get("latitude"), -90, 90),
        "longitude": coordinate(row.get("longitude"), -180, 180),
        "types": types,
        "other_types": others,
        "conference_url": normalise_url(row.get("virtual_meeting_link"))[:500],
        "conference_url_notes": "",
        "conference_phone": text(row.get("phone_meeting_number"))[:80],
        # BMLT's free text about joining is mostly dial-in details.
        "conference_phone_notes": text(row.get("virtual_meeting_additional_info")),
        "group": "",
        "notes": text(row.get("comments")),
        "location_notes": text(row.get("location_info")),
        "source_updated": None,
    }
    root = text(row.get("root_server_uri"))
    source_id = f"{root}#{meeting_id}" if root else meeting_id
    record = finish(
        number, source_id, fields, options, own_zone=text(row.get("time_zone"))
    )
    record.problems[:0] = problems
    return record
