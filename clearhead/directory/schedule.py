"""When a weekly meeting next happens, and its iCalendar event."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event

from clearhead.directory.models import Meeting

DAY_NAMES = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
]
ICAL_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]


def meeting_zone(meeting: Meeting) -> ZoneInfo:
    try:
        return ZoneInfo(meeting.timezone) if meeting.timezone else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def next_start(meeting: Meeting, now: datetime) -> datetime | None:
    """The next start of the meeting, in its own time zone, after `now`."""
    if meeting.start_time is None or not meeting.days:
        return None
    zone = meeting_zone(meeting)
    local_now = now.astimezone(zone)
    for ahead in range(8):
        day = local_now.date() + timedelta(days=ahead)
        weekday = (day.weekday() + 1) % 7  # Python: Monday = 0; ours: Sunday = 0
        start = datetime.combine(day, meeting.start_time, tzinfo=zone)
        if weekday in meeting.days and start > local_now:
            return start
    return None


def day_names(meeting: Meeting) -> str:
    names = [DAY_NAMES[day] + "s" for day in meeting.days]
    return " and ".join(names) if names else "By appointment"


def ical(meeting: Meeting, url: str, now: datetime) -> bytes:
    """An iCalendar file with the meeting as a weekly repeating event."""
    calendar = Calendar()
    calendar.add("prodid", "-//Clearhead//Meeting finder//EN")
    calendar.add("version", "2.0")
    start = next_start(meeting, now)
    if start is not None:
        event = Event()
        event.add("uid", f"{meeting.public_id}@clearhead")
        event.add("summary", meeting.name)
        event.add("dtstamp", now)
        event.add("dtstart", start)
        end = (
            datetime.combine(start.date(), meeting.end_time, tzinfo=start.tzinfo)
            if meeting.end_time and meeting.end_time > meeting.start_time
            else start + timedelta(hours=1)
        )
        event.add("dtend", end)
        event.add(
            "rrule", {"freq": "weekly", "byday": [ICAL_DAYS[d] for d in meeting.days]}
        )
        where = ", ".join(
            part
            for part in (meeting.location, meeting.address, meeting.city, meeting.state)
            if part
        )
        if where:
            event.add("location", where)
        details = [meeting.notes, meeting.conference_url, meeting.conference_phone, url]
        event.add("description", "\n".join(part for part in details if part))
        event.add("url", url)
        calendar.add_component(event)
    return calendar.to_ical()
