"""When a weekly meeting happens, in words and as an iCalendar event.

A meeting's times are clock times in its own zone (Meeting.time_zone), so
"Tuesday 19:00" stays 19:00 across daylight-saving changes. A meeting whose
zone is unknown has floating times: shown as "local time" and exported
without a zone, never as UTC. The page, the list, the API and the .ics all
take their times from here, so they agree.

Words are in the reader's language: day and month names come from Django
(django.utils.dates), clock times and dates from formats in the catalogue,
so Spanish reads "martes", "7:00 p.m." and "3 de diciembre".
"""

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import dateformat
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from icalendar import Calendar, Event

from clearhead.core import clock
from clearhead.directory.models import Meeting
from clearhead.directory.zones import known_zone, zone_name

# A weekday every week, as in "Tuesdays at 7:00 PM" (0 = Sunday). Django
# names single days only, and a day every week is a word of its own in
# some languages ("los martes", "los sábados").
WEEKLY_DAYS = [
    pgettext_lazy("every week", "Sundays"),
    pgettext_lazy("every week", "Mondays"),
    pgettext_lazy("every week", "Tuesdays"),
    pgettext_lazy("every week", "Wednesdays"),
    pgettext_lazy("every week", "Thursdays"),
    pgettext_lazy("every week", "Fridays"),
    pgettext_lazy("every week", "Saturdays"),
]
ICAL_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
DEFAULT_LENGTH = timedelta(hours=1)


def meeting_zone(meeting: Meeting) -> ZoneInfo | None:
    """The meeting's zone, or None when its times are floating."""
    return meeting_zone_of(meeting.time_zone)


def meeting_zone_of(time_zone: str) -> ZoneInfo | None:
    name = known_zone(time_zone)
    return ZoneInfo(name) if name else None


def day_name(day: int) -> str:
    """Weekday `day` (0 = Sunday) by Django's name for it, in the reader's
    language ("Tuesday", "martes")."""
    return str(WEEKDAYS[(day + 6) % 7])  # Django's: Monday = 0


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
    weekday = day_name(_weekday(start.date()))
    if ahead == 0:
        day = gettext("Today")
    elif ahead == 1:
        day = gettext("Tomorrow")
    elif ahead == 7:
        day = gettext("Next %(day)s") % {"day": weekday}
    else:
        day = capfirst(weekday)
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
        return ngettext(
            "starts in %(minutes)s minute", "starts in %(minutes)s minutes", minutes
        ) % {"minutes": minutes}
    if minutes == 60:
        return gettext("starts in 1 hour")
    if minutes < 120:
        rest = minutes - 60
        return ngettext(
            "starts in 1 hour %(minutes)s minute",
            "starts in 1 hour %(minutes)s minutes",
            rest,
        ) % {"minutes": rest}
    if minutes < 12 * 60:
        return gettext("starts in about %(hours)s hours") % {
            "hours": round(minutes / 60)
        }
    return ""


def end_of(meeting: Meeting, start: datetime) -> datetime:
    """The end of the occurrence that starts at `start` (same zone)."""
    naive_end = start.replace(tzinfo=None) + length(meeting)
    return naive_end.replace(tzinfo=start.tzinfo)


def clock_time(value: time | datetime) -> str:
    """ "7:00 PM" ("7:00 p.m." in Spanish)."""
    # Translators: a Django time format (the letters of the "date" template
    # filter): g = hour 1-12, i = minutes, A = "AM"/"PM", a = "a.m."/"p.m.".
    return dateformat.time_format(value, pgettext("clock time format", "g:i A"))


def day_names(meeting: Meeting) -> str:
    """ "Tuesdays and Thursdays", or "By appointment" without a day."""
    if not meeting.days:
        return gettext("By appointment")
    text = str(WEEKLY_DAYS[meeting.days[0]])
    for day in meeting.days[1:]:
        text = gettext("%(days)s and %(day)s") % {
            "days": text,
            "day": WEEKLY_DAYS[day],
        }
    return capfirst(text)


def when_text(meeting: Meeting) -> str:
    """ "Thursdays at 7:00 PM to 8:00 PM (Pacific time)", "Saturdays at
    11:30 PM to 1:00 AM Sunday (…)", "Tuesdays and Fridays at 11:30 PM to
    1:00 AM the next day (…)"; only the days when there is no time.

    Each is one sentence for translators: a language may say the days, the
    times and the end's day in its own order.
    """
    days = day_names(meeting)
    if meeting.start_time is None:
        return days
    words = {
        "days": days,
        "start": clock_time(meeting.start_time),
        "zone": zone_label(meeting),
    }
    if meeting.end_time is None:
        text = gettext("%(days)s at %(start)s (%(zone)s)") % words
    else:
        words["end"] = clock_time(meeting.end_time)
        if meeting.end_time > meeting.start_time:
            text = gettext("%(days)s at %(start)s to %(end)s (%(zone)s)") % words
        elif len(meeting.days) == 1:
            words["day"] = day_name((meeting.days[0] + 1) % 7)
            text = (
                # Translators: a meeting that ends after midnight, on the day named.
                gettext("%(days)s at %(start)s to %(end)s %(day)s (%(zone)s)") % words
            )
        else:
            text = (
                gettext("%(days)s at %(start)s to %(end)s the next day (%(zone)s)")
                % words
            )
    return capfirst(text)


def occurrence_text(meeting: Meeting, start: datetime) -> str:
    """ "Thursday 3 December, 7:00 PM (Pacific time)"."""
    # Translators: a Django date format: l = day of the week, j = day of the
    # month, F = month; other letters are written \x ("l j \d\e F").
    date = dateformat.format(start, pgettext("meeting date format", "l j F"))
    text = gettext("%(date)s, %(time)s (%(zone)s)") % {
        "date": date,
        "time": clock_time(start),
        "zone": zone_label(meeting),
    }
    return capfirst(text)


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


# "Starting soon" on the meeting finder: a next start after now and no later
# than this (schedule.next_start_of decides what the next start is).
STARTING_SOON = timedelta(hours=3)
# Wider than any daylight-saving shift: a change of offset this far outside a
# window cannot move a wall-clock time into or out of it.
_OFFSET_MARGIN = timedelta(hours=3)


@dataclass(frozen=True)
class WallWindow:
    """Starts on weekday `day` (0 = Sunday) whose clock time lies between
    `after` and `until` (None: from midnight / to the end of the day);
    `after` is exclusive unless `after_inclusive`, `until` inclusive unless
    `until_exclusive`."""

    day: int
    after: time | None
    until: time | None
    after_inclusive: bool = False
    until_exclusive: bool = False


def wall_windows(zone: ZoneInfo, start: datetime, end: datetime) -> list[WallWindow]:
    """The clock times in `zone` of the meetings whose next start (as
    `next_start_of` reads a day and a clock time: fold 0, so the first of a
    repeated hour and the old offset in a skipped one) is after the instant
    `start` and no later than `end`, a window shorter than a day.

    Usually one offset is in force all through, and the window is `start`
    to `end` on the zone's clock, cut at midnight (and the week's wrap,
    Saturday to Sunday) into at most two days. Near a daylight-saving change
    (offset o1 before the instant t, o2 after) a clock time w reads as
    o1 before the breakpoint t + max(o1, o2) and as o2 from it, so the
    window is the part of each offset's clock window on its side of it.
    """
    a = start.astimezone(UTC).replace(tzinfo=None)
    b = end.astimezone(UTC).replace(tzinfo=None)
    before = _utc_offset(zone, a - _OFFSET_MARGIN)
    after = _utc_offset(zone, b + _OFFSET_MARGIN)
    if before == after:
        spans = [((a + before, False), (b + before, True))]
    else:
        change = _offset_change(zone, a - _OFFSET_MARGIN, b + _OFFSET_MARGIN)
        old, new = (
            _utc_offset(zone, change - timedelta(seconds=1)),
            _utc_offset(zone, change),
        )
        breakpoint_ = change + max(old, new)
        # (bound, inclusive): an upper bound at the breakpoint excludes it,
        # a lower bound at it includes it unless the window already excludes it.
        spans = [
            ((a + old, False), min((b + old, True), (breakpoint_, False))),
            (
                (a + new, False) if a + new >= breakpoint_ else (breakpoint_, True),
                (b + new, True),
            ),
        ]
    windows = []
    for (low, low_in), (high, high_in) in spans:
        if low > high or (low == high and not (low_in and high_in)):
            continue
        day = low.date()
        while day <= high.date():
            windows.append(
                WallWindow(
                    day=_weekday(day),
                    after=low.time() if day == low.date() else None,
                    until=high.time() if day == high.date() else None,
                    after_inclusive=low_in or day != low.date(),
                    until_exclusive=not high_in and day == high.date(),
                )
            )
            day += timedelta(days=1)
    return windows


def _utc_offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    """The offset in force at `instant` (naive UTC)."""
    return instant.replace(tzinfo=UTC).astimezone(zone).utcoffset()


def _offset_change(zone: ZoneInfo, low: datetime, high: datetime) -> datetime:
    """The instant (naive UTC, to the second) the offset changes between
    `low` and `high`, which have different offsets."""
    first = _utc_offset(zone, low)
    low, high = low.replace(microsecond=0), high.replace(microsecond=0)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if _utc_offset(zone, middle) == first:
            low = middle
        else:
            high = middle
    return high
