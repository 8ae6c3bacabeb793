"""Meetings without a distance are listed by their next start, soonest first.

The next start is a wall time in the meeting's zone (schedule.next_start_of),
compared with the clock as an instant. What the order promises:

* the first meeting listed is the one that starts soonest after now;
* a meeting that has already started (or ended) is never listed by that
  start: it is listed by its next week's start (a list of what a person can
  still get to; the meeting page says when it is on);
* 23:30 on Sunday, seen at 00:15 on Monday, is six days away; a meeting at
  00:30 on Tuesday is a Tuesday meeting, "Tomorrow" late on Monday;
* across daylight-saving changes the meeting keeps its clock time; in the
  hour the clocks go back, a 1:15 meeting is the first 1:15.
"""

import io
import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhead.core.local_times import instant_of
from clearhead.directory import schedule
from clearhead.directory.models import Meeting
from clearhead.directory.selectors import MeetingQuery, meeting_search
from clearhead.directory.services import listings_changed
from clearhead.directory.tests.factories import MeetingFactory
from clearhead.directory.tests.field_data import meeting_files
from clearhead.directory.vocabulary import MEETING_TYPES

CHICAGO = "America/Chicago"
LONDON = "Europe/London"
# Daylight-saving changes of the two zones the property tests lean on.
CHANGES = [
    datetime(2026, 3, 8, 8, tzinfo=UTC),  # Chicago springs forward
    datetime(2026, 3, 29, 1, tzinfo=UTC),  # London springs forward
    datetime(2026, 10, 25, 1, tzinfo=UTC),  # London falls back
    datetime(2026, 11, 1, 7, tzinfo=UTC),  # Chicago falls back
    datetime(2027, 3, 14, 8, tzinfo=UTC),
    datetime(2027, 3, 28, 1, tzinfo=UTC),
    datetime(2027, 10, 31, 1, tzinfo=UTC),
    datetime(2027, 11, 7, 7, tzinfo=UTC),
]

instants = st.one_of(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 1, 1)).map(
        lambda moment: moment.replace(tzinfo=UTC)
    ),
    # Near a change: up to 8 days either side, to the minute.
    st.builds(
        lambda change, minutes: change + timedelta(minutes=minutes),
        st.sampled_from(CHANGES),
        st.integers(min_value=-8 * 24 * 60, max_value=8 * 24 * 60),
    ),
)
wall_times = st.one_of(
    st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45])),
    # The hours the clocks skip or repeat, and either side of midnight.
    st.sampled_from([time(1, 15), time(1, 30), time(2, 30), time(23, 30), time(0, 30)]),
)
meetings = st.tuples(
    st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True).map(sorted),
    wall_times,
    st.sampled_from([CHICAGO, LONDON]),
)


def _weekday(day: date) -> int:
    return (day.weekday() + 1) % 7  # Sunday = 0, as Meeting Guide counts


def soonest_by_hand(days, at: time, zone: str, now: datetime) -> datetime:
    """The oracle: every start from yesterday to eight days ahead, through
    core's one definition of a wall time in a zone, and the earliest after now."""
    today = now.astimezone(ZoneInfo(zone)).date()
    starts = [
        instant_of(today + timedelta(days=ahead), at, zone)
        for ahead in range(-1, 9)
        if _weekday(today + timedelta(days=ahead)) in days
    ]
    return min(start for start in starts if start > now)


@settings(max_examples=400, deadline=None)
@given(meeting=meetings, now=instants)
def test_the_next_start_is_the_first_start_after_now(meeting, now):
    days, at, zone = meeting
    start = schedule.next_start_of(days, at, zone, now)
    assert start is not None
    assert start > now  # never one that has begun
    # As UTC: Python never finds an instant in the repeated hour equal to
    # one in another zone (PEP 495), so compare both in one.
    assert start.astimezone(UTC) == soonest_by_hand(days, at, zone, now)
    local = start.astimezone(ZoneInfo(zone))
    # On its own day, and at its own clock time (an hour the clocks skip
    # is read with the offset before the change, as core.local_times says).
    assert _weekday(start.date()) in days
    assert (start.hour, start.minute) == (at.hour, at.minute)
    assert local.date() == start.date()
    assert start - now <= timedelta(days=7, hours=1)
    # The list's words count the day where the meeting is.
    meeting_row = MeetingFactory.build(days=days, start_time=at, time_zone=zone)
    soon = schedule.upcoming(meeting_row, now, zone)
    ahead = (start.date() - now.astimezone(ZoneInfo(zone)).date()).days
    expected = {0: "Today", 1: "Tomorrow"}.get(ahead)
    assert soon.day == expected or (ahead > 1 and soon.day.endswith("day"))
    assert soon.day.startswith("Next ") == (ahead == 7)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(meetings, min_size=2, max_size=8),
    now=instants,
)
def test_the_order_puts_the_soonest_start_first_and_nothing_begun(rows, now):
    order = sorted(
        range(len(rows)),
        key=lambda index: schedule.soonest_first_key(*rows[index], now),
    )
    starts = [soonest_by_hand(*rows[index], now) for index in order]
    assert starts == sorted(starts)
    assert all(start > now for start in starts)


def test_sunday_late_seen_just_after_midnight_is_next_week():
    monday_0015 = datetime(2026, 12, 7, 0, 15, tzinfo=ZoneInfo(CHICAGO))
    start = schedule.next_start_of([0], time(23, 30), CHICAGO, monday_0015)
    assert start == datetime(2026, 12, 13, 23, 30, tzinfo=ZoneInfo(CHICAGO))


def test_a_meeting_after_midnight_belongs_to_its_own_day():
    meeting = MeetingFactory.build(
        days=[2], start_time=time(0, 30), time_zone=CHICAGO, attendance="in_person"
    )
    monday_2350 = datetime(2026, 12, 7, 23, 50, tzinfo=ZoneInfo(CHICAGO))
    soon = schedule.upcoming(meeting, monday_2350, CHICAGO)
    assert (soon.day, soon.time, soon.zone) == ("Tomorrow", "12:30 AM", "")
    assert soon.starts_in == "starts in 40 minutes"


def test_in_the_repeated_hour_a_meeting_that_has_begun_is_next_week():
    # Sunday 1 November 2026, Chicago: 1:00-2:00 AM happens twice. The 1:15
    # meeting is the first 1:15 (CDT); at 1:10 CST it began an hour ago.
    second_0110 = datetime(2026, 11, 1, 7, 10, tzinfo=UTC)
    assert second_0110.astimezone(ZoneInfo(CHICAGO)).strftime("%H:%M %Z") == (
        "01:10 CST"
    )
    start = schedule.next_start_of([0], time(1, 15), CHICAGO, second_0110)
    assert start.date() == date(2026, 11, 8)


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (1, "starts in 1 minute"),
        (40, "starts in 40 minutes"),
        (60, "starts in 1 hour"),
        (65, "starts in 1 hour 5 minutes"),
        (150, "starts in about 2 hours"),
        (11 * 60, "starts in about 11 hours"),
        (12 * 60, ""),
    ],
)
def test_how_soon_is_said(minutes, words):
    assert schedule._starts_in(timedelta(minutes=minutes)) == words


def test_the_zone_is_named_only_when_it_is_not_the_readers_or_joined_online():
    now = datetime(2026, 12, 1, 18, tzinfo=UTC)  # noon in Chicago, a Tuesday

    def said(**fields):
        meeting = MeetingFactory.build(days=[2], start_time=time(19, 0), **fields)
        soon = schedule.upcoming(meeting, now, "America/Chicago")
        return f"{soon.day} at {soon.time} {soon.zone}".strip(), soon.starts_in

    assert said(time_zone=CHICAGO) == ("Today at 7:00 PM", "starts in about 7 hours")
    assert said(time_zone="America/New_York")[0] == "Today at 7:00 PM Eastern time"
    assert said(time_zone=LONDON)[0] == "Today at 7:00 PM London time"
    # 5:00 PM in London was an hour ago: a week from today.
    london_five = MeetingFactory.build(
        days=[2], start_time=time(17, 0), time_zone=LONDON
    )
    soon = schedule.upcoming(london_five, now, "America/Chicago")
    assert (soon.day, soon.time, soon.starts_in) == ("Next Tuesday", "5:00 PM", "")
    assert said(time_zone="")[0] == "Today at 7:00 PM local time"
    # Joined online: the reader may not be where the server guesses.
    assert said(time_zone=CHICAGO, attendance="online")[0] == (
        "Today at 7:00 PM Central time"
    )


@pytest.mark.django_db
def test_the_page_lists_soonest_first_and_says_so(client):
    # Tuesday 1 December 2026, 6:20 PM in Chicago.
    now = datetime(2026, 12, 2, 0, 20, tzinfo=UTC)
    online = {"attendance": "online", "conference_url": "https://meet.example.org/"}
    MeetingFactory(name="A Started at six", days=[2], start_time="18:00", **online)
    MeetingFactory(name="B Tomorrow morning", days=[3], start_time="07:00", **online)
    MeetingFactory(name="C Seven tonight", days=[2], start_time="19:00", **online)
    MeetingFactory(
        name="D Quarter to eight in New York",  # 6:45 PM in Chicago: first
        days=[2],
        start_time="19:45",
        time_zone="America/New_York",
        **online,
    )
    MeetingFactory(name="E By appointment", days=[], start_time=None, **online)
    with time_machine.travel(now, tick=False):
        page = client.get("/meetings/").content.decode()
    names = ["D Quarter", "C Seven", "B Tomorrow", "A Started", "E By appointment"]
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)
    assert "5 meetings you can join online or by phone from anywhere, starting " in page
    assert (
        "Today at 7:00 PM Central time</time></strong> · "
        "<span>starts in 40 minutes</span>" in page
    )
    assert (
        "Today at 7:45 PM Eastern time</time></strong> · "
        "<span>starts in 25 minutes</span>" in page
    )
    assert "Next Tuesday at 6:00 PM Central time" in page


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 150])
def test_ordering_by_next_start_costs_two_queries_however_many_match(size):
    MeetingFactory.create_batch(
        size, attendance="online", days=[1, 4], start_time="12:00"
    )
    query = MeetingQuery(attendance=["online"], limit=20)
    with CaptureQueriesContext(connection) as captured:
        page = meeting_search(query, datetime(2026, 12, 1, tzinfo=UTC))
    assert page.count == size
    assert len(page.results) == min(size, 20)
    assert len(captured.captured_queries) == 2


@pytest.mark.django_db
def test_the_family_choice_lists_only_family_groups(client):
    MeetingFactory(name="Parents Al-Anon", fellowship="alanon", attendance="online")
    MeetingFactory(name="Nar-Anon Hope", fellowship="naranon", attendance="online")
    MeetingFactory(
        name="AA with Al-Anon too",
        fellowship="aa",
        attendance="online",
        types=["AL-AN"],
    )
    MeetingFactory(name="NA Tuesday", fellowship="na", attendance="online")
    page = client.get("/meetings/", {"family": "1"}).content.decode()
    assert "Only groups for family and friends (Al-Anon, Nar-Anon)" in page
    assert "Parents Al-Anon" in page
    assert "Nar-Anon Hope" in page
    assert "AA with Al-Anon too" not in page
    assert "NA Tuesday" not in page


@pytest.mark.django_db
def test_only_filters_the_data_holds_are_offered_with_a_summary_line(client):
    MeetingFactory(types=["O", "S"], fellowship="na", attendance="online")
    MeetingFactory(types=["C", "TC"], fellowship="aa", attendance="online")
    page = client.get("/meetings/", {"type": "S", "day": "2"}).content.decode()
    assert 'value="S" checked> <span>Spanish</span>' in page
    assert 'value="O"> <span>Open</span>' in page
    assert 'value="C"> <span>Closed</span>' in page
    assert 'value="W"' not in page  # no meeting for women is listed
    assert 'value="TC"' not in page  # nobody looks for a closed location
    assert 'value="smart"' not in page  # no SMART Recovery meeting either
    assert "family and friends" not in page  # no family group listed
    assert (
        '<span class="disclosure__chosen">Tuesday · Spanish</span> — '
        '<span class="disclosure__state">change</span>' in page
    )
    assert '<details class="filters disclosure">' in page  # collapsed
    empty = client.get("/meetings/").content.decode()
    assert 'none chosen</span> — <span class="disclosure__state">add</span>' in empty


@pytest.mark.django_db
def test_real_feeds_list_soonest_first_and_offer_only_what_they_hold(client):
    """Every Meeting Guide and BMLT file in the field data, imported as an
    operator would: the page without a place lists the first page soonest
    first, each with a day, a time and how to join, and offers the types
    those feeds hold (Spanish among them) and no others."""
    files = meeting_files()
    for path in files:
        call_command(
            "import-meetings", str(path), "--feed", path.stem,
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip
    now = datetime(2026, 12, 6, 5, 15, tzinfo=UTC)  # Sunday night in America
    with time_machine.travel(now, tick=False):
        page = client.get("/meetings/", {"attendance": "in_person", "limit": "100"})
    html = page.content.decode()
    starts = [
        datetime.fromisoformat(value)
        for value in re.findall(
            r'<p class="result__when"><strong><time datetime="([^"]+)"', html
        )
    ]
    assert len(starts) == 100
    assert all(start > now for start in starts)
    assert starts == sorted(starts)
    assert html.count('<li class="result">') == 100
    assert html.count("<strong>In person</strong>") == 100
    present = set()
    for codes in Meeting.objects.values_list("types", flat=True):
        present |= set(codes)
    offered = set(re.findall(r'name="type" value="([^"]+)"', html))
    assert offered == (present & set(MEETING_TYPES)) - {"TC"}
    assert "S" in offered


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_for_five_meetings_or_two_hundred(client):
    def queries_for_page() -> int:
        # As an import would: the cached public page is drawn again.
        listings_changed()
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/meetings/").status_code == 200
        return len(captured.captured_queries)

    MeetingFactory.create_batch(5, attendance="online", types=["O", "S"])
    few = queries_for_page()
    MeetingFactory.create_batch(195, attendance="hybrid", types=["C", "W"])
    assert queries_for_page() == few


@pytest.mark.django_db
def test_the_api_without_a_place_lists_soonest_first_like_the_page(client):
    now = datetime(2026, 12, 2, 0, 20, tzinfo=UTC)  # 6:20 PM Tuesday in Chicago
    for name, day, at in [("Later", 3, "07:00"), ("Sooner", 2, "19:00")]:
        MeetingFactory(
            name=name, days=[day], start_time=at, attendance="online",
            conference_url="https://meet.example.org/",
        )  # fmt: skip
    with time_machine.travel(now, tick=False):
        body = client.get("/api/v1/meetings", {"attendance": "online"}).json()
    assert [row["name"] for row in body["results"]] == ["Sooner", "Later"]
    assert body["results"][0]["next_start"] == "2026-12-01T19:00:00-06:00"


@pytest.mark.django_db
def test_a_family_link_with_no_family_group_listed_can_still_be_unticked(client):
    MeetingFactory(fellowship="na", attendance="online")
    page = client.get("/meetings/", {"family": "1"}).content.decode()
    assert (
        'name="family" value="1" checked> Only groups for family and friends '
        "(Al-Anon, Nar-Anon)" in page
    )
    assert "0 meetings" in page


@pytest.mark.django_db
def test_a_town_in_many_states_offers_the_same_choices_for_meetings(client):
    page = client.get("/meetings/", {"near": "Springfield", "day": "2"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "There is a Springfield in" in text
    choices = re.findall(r'href="(\?[^"]*near=Springfield[^"]*)"', text)
    assert len(choices) > 10
    assert all("day=2" in href for href in choices)
