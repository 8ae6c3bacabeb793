"""When a weekly meeting happens, in words and as an iCalendar event.

A meeting's times are clock times in its own zone (Meeting.time_zone), so
"Tuesday 19:00" stays 19:00 across daylight-saving changes. A meeting whose
zone is unknown has floating times: shown as "local time" and exported
without a zone, never as UTC. The page, the list, the API and the .ics all
take their times from here, so they agree.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import dateformat
from icalendar import Calendar, Event

from clearhead.core import clock
from clearhead.directory.models import Meeting
from clearhead.directory.zones import known_zone, zone_name

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
DEFAULT_LENGTH = timedelta(hours=1)


def meeting_zone(meeting: Meeting) -> ZoneInfo | None:
    """The meeting's zone, or None when its times are floating."""
    return meeting_zone_of(meeting.time_zone)


def meeting_zone_of(time_zone: str) -> ZoneInfo | None:
    name = known_zone(time_zone)
    return ZoneInfo(name) if name else None


def zone_label(meeting: Meeting) -> str:
    """ "Pacific time", or "local time" when the zone is unknown."""
    return zone_name(meeting.time_zone)


def length(meeting: Meeting) -> timedelta:
    """How long the meeting lasts; an end before the start is the next day."""
    if meeting.start_time is None or meeting.end_time is None:
        return DEFAULT_LENGTH
    start = datetime.combine(date(2000, 1, 1), meeting.start_time)
    end = datetime.combine(date(2000, 1, 1), meeting.end_time)
    if end <= start:
        end += timedelta(days=1)
    return end - start


def _weekday(day: date) -> int:
    return (day.weekday() + 1) % 7  # Python: Monday = 0; ours: Sunday = 0


def next_start(meeting: Meeting, now: datetime) -> datetime | None:
    """The next start after `now`: aware in the meeting's zone, or naive.

    A floating meeting's next date is counted in the region's zone, the best
    guess of "now" where it happens.
    """
    return next_start_of(meeting.days, meeting.start_time, meeting.time_zone, now)


def next_start_of(days, start_time, time_zone, now: datetime) -> datetime | None:
    """`next_start` from a meeting's days, start time and zone alone (a search
    orders thousands of rows by it without building a Meeting for each).

    Strictly after `now`, compared as instants: a meeting that has started
    is next week's (23:30 on Sunday, seen at 00:15 on Monday, is six days
    away), and in the hour the clocks go back a 1:15 meeting is the first
    1:15, so at 1:10 the second time round it has already begun. A start
    after midnight belongs to its own day (Tuesday 00:30 is a Tuesday).
    """
    if start_time is None or not days:
        return None
    zone = meeting_zone_of(time_zone)
    here = now.astimezone(zone or ZoneInfo(clock.region_time_zone()))
    for ahead in range(8):
        day = here.date() + timedelta(days=ahead)
        start = datetime.combine(day, start_time, tzinfo=here.tzinfo)
        # Wall-clock arithmetic: 19:00 stays 19:00 across a DST change; the
        # comparison is of instants (timestamp() honours the repeated hour).
        if _weekday(day) in days and start.timestamp() > now.timestamp():
            return start if zone else start.replace(tzinfo=None)
    return None


def start_instant(start: datetime) -> datetime:
    """A next start as an aware instant: a floating one read in the region's zone."""
    if start.tzinfo is None:
        return start.replace(tzinfo=ZoneInfo(clock.region_time_zone()))
    return start


def soonest_first_key(days, start_time, time_zone, now: datetime) -> tuple:
    """How a list without distances is ordered: by the next start after
    `now` (as an instant), meetings with no day or time ("by appointment")
    last. A meeting under way is not first: it is listed by its next week's
    start, since the list promises what a person can still get to."""
    start = next_start_of(days, start_time, time_zone, now)
    if start is None:
        return (1, 0.0)
    return (0, start_instant(start).timestamp())


@dataclass(frozen=True)
class Upcoming:
    """A meeting's next start as a list shows it, in the meeting's own zone.

    `day` is counted where the meeting is ("Today", "Tomorrow", "Thursday",
    "Next Monday" a week ahead); `zone` names the meeting's zone when it is
    not the reader's ("Central time"), always for a meeting joined online
    (the zone of a reader who is not signed in is only the region's guess),
    and always "local time" when the zone is unknown; `starts_in` is said
    within 12 hours. `in_browser_zone` asks the page to add the time where
    the viewer's device is (local-time.js), for an online or hybrid meeting
    with a known zone: only the browser knows that zone for certain.
    """

    start: datetime  # aware in the meeting's zone, or naive (floating)
    day: str
    time: str
    zone: str
    starts_in: str
    in_browser_zone: bool


def upcoming(meeting: Meeting, now: datetime, reader_zone: str) -> Upcoming | None:
    """The next start of `meeting` after `now`, in words, for a reader in
    `reader_zone`; None when it has no day or time."""
    start = next_start(meeting, now)
    if start is None:
        return None
    instant = start_instant(start)
    here = now.astimezone(instant.tzinfo)
    ahead = (start.date() - here.date()).days
    if ahead == 0:
        day = "Today"
    elif ahead == 1:
        day = "Tomorrow"
    else:
        day = ("Next " if ahead == 7 else "") + DAY_NAMES[_weekday(start.date())]
    label = zone_label(meeting)
    online = meeting.attendance != "in_person"
    named = online or start.tzinfo is None or label != zone_name(reader_zone)
    return Upcoming(
        start=start,
        day=day,
        time=clock_time(start),
        zone=label if named else "",
        starts_in=_starts_in(instant - now),
        in_browser_zone=bool(online and start.tzinfo),
    )


def _starts_in(wait: timedelta) -> str:
    """ "starts in 40 minutes", "starts in 1 hour 5 minutes", "starts in
    about 3 hours"; "" from 12 hours ahead."""
    minutes = math.ceil(wait.total_seconds() / 60)
    if minutes < 60:
        return f"starts in {minutes} minute{'s' if minutes != 1 else ''}"
    if minutes < 120:
        rest = minutes - 60
        return "starts in 1 hour" + (
            f" {rest} minute{'s' if rest != 1 else ''}" if rest else ""
        )
    if minutes < 12 * 60:
        return f"starts in about {round(minutes / 60)} hours"
    return ""


def end_of(meeting: Meeting, start: datetime) -> datetime:
    """The end of the occurrence that starts at `start` (same zone)."""
    naive_end = start.replace(tzinfo=None) + length(meeting)
    return naive_end.replace(tzinfo=start.tzinfo)


def clock_time(value: time | datetime) -> str:
    """ "7:00 PM"."""
    return dateformat.time_format(value, "g:i A")


def times_text(meeting: Meeting) -> str:
    """ "7:00 PM to 8:00 PM", "11:30 PM to 1:00 AM the next day", or ""."""
    if meeting.start_time is None:
        return ""
    text = clock_time(meeting.start_time)
    if meeting.end_time is not None:
        text += " to " + clock_time(meeting.end_time)
        if meeting.end_time <= meeting.start_time:
            if len(meeting.days) == 1:
                text += " " + DAY_NAMES[(meeting.days[0] + 1) % 7]
            else:
                text += " the next day"
    return text


def day_names(meeting: Meeting) -> str:
    names = [DAY_NAMES[day] + "s" for day in meeting.days]
    return " and ".join(names) if names else "By appointment"


def when_text(meeting: Meeting) -> str:
    """ "Thursdays at 7:00 PM to 8:00 PM (Pacific time)"."""
    times = times_text(meeting)
    if not times:
        return day_names(meeting)
    return f"{day_names(meeting)} at {times} ({zone_label(meeting)})"


def occurrence_text(meeting: Meeting, start: datetime) -> str:
    """ "Thursday 3 December, 7:00 PM (Pacific time)"."""
    return (
        f"{dateformat.format(start, 'l j F')}, {clock_time(start)} "
        f"({zone_label(meeting)})"
    )


def _where(meeting: Meeting) -> str:
    parts = (meeting.location, meeting.address, meeting.city, meeting.state)
    return ", ".join(part for part in parts if part)


def ical(meeting: Meeting, url: str, now: datetime) -> bytes:
    """An iCalendar file with the meeting as a weekly repeating event.

    In the meeting's zone with its VTIMEZONE, so calendars keep 19:00 at
    19:00 across daylight-saving changes; floating when the zone is unknown.
    """
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
        event.add("dtend", end_of(meeting, start))
        event.add(
            "rrule", {"freq": "weekly", "byday": [ICAL_DAYS[d] for d in meeting.days]}
        )
        if _where(meeting):
            event.add("location", _where(meeting))
        details = [
            meeting.notes,
            meeting.conference_url,
            meeting.conference_phone,
            meeting.conference_phone_notes,
            url,
        ]
        event.add("description", "\n".join(part for part in details if part))
        event.add("url", url)
        calendar.add_component(event)
        calendar.add_missing_timezones(first_date=start.date() - timedelta(days=7))
    return calendar.to_ical()
