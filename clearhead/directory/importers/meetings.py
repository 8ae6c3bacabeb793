"""Meeting feeds: Meeting Guide JSON, and BMLT `GetSearchResults` JSON.

Both become the same records. Meeting Guide numbers days 0-6 from Sunday;
BMLT 1-7 from Sunday, with every value a string. Unknown meeting types are
kept (the spec allows custom types); "ONL" from older feeds means online.
"""

from datetime import UTC, datetime, time, timedelta

from clearhead.directory.importers.records import (
    NotThisFormat,
    Record,
    Skipped,
    coordinate,
    normalise_url,
    text,
)
from clearhead.directory.vocabulary import (
    FELLOWSHIPS,
    MEETING_TYPES,
    SECULAR_FELLOWSHIPS,
)

FORMATS = ("meeting-guide", "bmlt")


def detect_format(data) -> str:
    """Name the feed's format from its first rows, or raise NotThisFormat."""
    if isinstance(data, list):
        sample = [row for row in data[:20] if isinstance(row, dict)]
        if any("id_bigint" in row or "meeting_name" in row for row in sample):
            return "bmlt"
        if not data or any("slug" in row or "name" in row for row in sample):
            return "meeting-guide"
    raise NotThisFormat(
        "not a meeting feed: expected a JSON list of Meeting Guide meetings "
        "or a BMLT GetSearchResults response"
    )


def _time(value) -> time | None:
    raw = text(value)
    for pattern in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.strptime(raw, pattern).time()
        except ValueError:
            continue
    return None


def _attendance(has_address: bool, online: bool) -> str:
    if online:
        return "hybrid" if has_address else "online"
    return "in_person"


def _common(fields: dict, fellowship: str, types: list[str]) -> dict:
    online = bool(
        fields["conference_url"] or fields["conference_phone"] or "ONL" in types
    )
    has_address = bool(fields["address"]) and "TC" not in types
    fields["types"] = [t for t in types if t != "ONL"]
    fields["attendance"] = _attendance(has_address, online)
    fields["fellowship"] = fellowship
    fields["is_secular"] = fellowship in SECULAR_FELLOWSHIPS or "A" in types
    return fields


def _days(value) -> list[int] | None:
    values = value if isinstance(value, list) else [value]
    days = []
    for day in values:
        try:
            number = int(text(day))
        except ValueError:
            return None
        if not 0 <= number <= 6:
            return None
        days.append(number)
    return sorted(set(days))


def _updated(value):
    try:
        parsed = datetime.strptime(text(value), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC)


def _coordinates(row: dict, lat_key: str, lng_key: str):
    return coordinate(row.get(lat_key), -90, 90), coordinate(
        row.get(lng_key), -180, 180
    )


def parse_meeting_guide_row(number: int, row, fellowship: str) -> Record | Skipped:
    if not isinstance(row, dict):
        return Skipped(number, "not an object")
    name, slug = text(row.get("name")), text(row.get("slug"))
    if not name or not slug:
        return Skipped(number, "a meeting needs both a name and a slug")
    days = _days(row.get("day")) if row.get("day") not in (None, "") else []
    if days is None:
        return Skipped(number, f"day {row.get('day')!r} is not 0-6 (Sunday = 0)")
    start = _time(row.get("time")) if row.get("time") else None
    if row.get("time") and start is None:
        return Skipped(number, f"time {row.get('time')!r} is not HH:MM")
    latitude, longitude = _coordinates(row, "latitude", "longitude")
    address = text(row.get("address") or row.get("formatted_address"))
    fields = {
        "name": name[:255],
        "slug": slug[:120],
        "days": days,
        "start_time": start,
        "end_time": _time(row.get("end_time")),
        "timezone": text(row.get("timezone"))[:64],
        "location": text(row.get("location"))[:255],
        "address": address[:255],
        "city": text(row.get("city"))[:120],
        "state": text(row.get("state"))[:40],
        "postal_code": text(row.get("postal_code"))[:12],
        "latitude": latitude,
        "longitude": longitude,
        "conference_url": normalise_url(row.get("conference_url"))[:500],
        "conference_url_notes": text(row.get("conference_url_notes")),
        "conference_phone": text(row.get("conference_phone"))[:80],
        "conference_phone_notes": text(row.get("conference_phone_notes")),
        "group": text(row.get("group"))[:255],
        "notes": text(row.get("notes")),
        "location_notes": text(row.get("location_notes")),
        "source_updated": _updated(row.get("updated")),
    }
    types = [text(t) for t in row.get("types") or [] if text(t)]
    return Record(number, slug[:120], _common(fields, fellowship, types))


def _duration_end(start: time | None, duration) -> time | None:
    length = _time(duration)
    if start is None or length is None:
        return None
    delta = timedelta(hours=length.hour, minutes=length.minute)
    return (datetime.combine(datetime(2000, 1, 1), start) + delta).time()


def parse_bmlt_row(number: int, row, fellowship: str) -> Record | Skipped:
    if not isinstance(row, dict):
        return Skipped(number, "not an object")
    meeting_id, name = text(row.get("id_bigint")), text(row.get("meeting_name"))
    if not meeting_id or not name:
        return Skipped(number, "a meeting needs id_bigint and meeting_name")
    try:
        day = int(text(row.get("weekday_tinyint"))) - 1
    except ValueError:
        day = -1
    if not 0 <= day <= 6:
        return Skipped(number, "weekday_tinyint is not 1-7 (Sunday = 1)")
    start = _time(row.get("start_time"))
    latitude, longitude = _coordinates(row, "latitude", "longitude")
    venue = text(row.get("venue_type"))
    fields = {
        "name": name[:255],
        "slug": f"bmlt-{meeting_id}",
        "days": [day],
        "start_time": start,
        "end_time": _duration_end(start, row.get("duration_time")),
        "timezone": text(row.get("time_zone"))[:64],
        "location": text(row.get("location_text"))[:255],
        "address": "" if venue == "2" else text(row.get("location_street"))[:255],
        "city": text(row.get("location_municipality"))[:120],
        "state": text(row.get("location_province"))[:40],
        "postal_code": text(row.get("location_postal_code_1"))[:12],
        "latitude": latitude,
        "longitude": longitude,
        "conference_url": normalise_url(row.get("virtual_meeting_link"))[:500],
        "conference_url_notes": text(row.get("virtual_meeting_additional_info")),
        "conference_phone": text(row.get("phone_meeting_number"))[:80],
        "conference_phone_notes": "",
        "group": "",
        "notes": text(row.get("comments")),
        "location_notes": text(row.get("location_info")),
        "source_updated": None,
    }
    types = [t.strip() for t in text(row.get("formats")).split(",") if t.strip()]
    root = text(row.get("root_server_uri"))
    source_id = f"{root}#{meeting_id}" if root else meeting_id
    return Record(number, source_id[:120], _common(fields, fellowship, types))


def parse(data, *, feed_format: str | None = None, fellowship: str | None = None):
    """Yield a record or a skip for every meeting in the feed."""
    feed_format = feed_format or detect_format(data)
    if not isinstance(data, list):
        raise NotThisFormat("a meeting feed must be a JSON list")
    parse_row = parse_bmlt_row if feed_format == "bmlt" else parse_meeting_guide_row
    fellowship = fellowship or ("na" if feed_format == "bmlt" else "aa")
    if fellowship not in FELLOWSHIPS:
        raise NotThisFormat(f"unknown fellowship {fellowship!r}")
    for number, row in enumerate(data, start=1):
        yield parse_row(number, row, fellowship)


def known_type_labels(types: list[str]) -> list[str]:
    return [MEETING_TYPES[t] for t in types if t in MEETING_TYPES]
