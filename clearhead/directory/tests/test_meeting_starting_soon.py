""" "Starting in the next 3 hours" on the meeting finder.

The promise: a meeting is found when its next start (schedule.next_start_of:
its clock time in its own zone, read as an instant) is after now and no
later than now + schedule.STARTING_SOON. The search does not compute that
per meeting: it turns the window into clock times per zone and asks the
database, so these tests hold it to the rule itself:

* every meeting of a grid (each weekday, every half hour and the hours the
  clocks skip or repeat, in zones with and without daylight saving, and
  floating ones) is found exactly when the rule says so, at any instant,
  near a place and without one;
* the week wraps: Saturday 23:30 is found at 22:00 Saturday, a Sunday 00:30
  meeting is found then too, and at 00:10 Sunday the 23:30 one has begun;
* on the days the clocks change, three hours are three real hours;
* the search costs the same number of queries however many meetings and
  zones there are.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.directory import schedule
from clearhead.directory.geo import Place
from clearhead.directory.models import Meeting
from clearhead.directory.selectors import MeetingQuery, meeting_search
from clearhead.directory.tests.factories import MeetingFactory
from clearhead.directory.tests.test_directory_in_spanish import get_in_spanish

CHICAGO = "America/Chicago"
SPRINGFIELD = Place(39.80, -89.65, "Springfield, IL")
ZONES = [
    CHICAGO,
    "America/New_York",
    "America/Phoenix",  # no daylight saving
    "Europe/London",
    "Australia/Lord_Howe",  # a half-hour change
    "America/Santiago",  # changes at midnight, southern seasons
    "",  # floating: read in the region's zone
]
SPECIAL_TIMES = [time(0, 10), time(1, 15), time(2, 30), time(23, 30), time(23, 59)]
# Daylight-saving changes of the zones above.
CHANGES = [
    datetime(2026, 3, 8, 8, tzinfo=UTC),  # Chicago springs forward
    datetime(2026, 11, 1, 7, tzinfo=UTC),  # Chicago falls back
    datetime(2026, 3, 29, 1, tzinfo=UTC),  # London springs forward
    datetime(2026, 10, 25, 1, tzinfo=UTC),  # London falls back
    datetime(2026, 4, 4, 15, tzinfo=UTC),  # Lord Howe goes back half an hour
    datetime(2026, 4, 5, 3, tzinfo=UTC),  # Santiago goes back at midnight
    datetime(2026, 9, 6, 4, tzinfo=UTC),  # Santiago skips midnight
]
instants = st.one_of(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1)).map(
        lambda moment: moment.replace(tzinfo=UTC)
    ),
    st.builds(
        lambda change, seconds: change + timedelta(seconds=seconds),
        st.sampled_from(CHANGES),
        st.integers(min_value=-6 * 3600, max_value=6 * 3600),
    ),
)


def starts_soon(meeting: Meeting, now: datetime) -> bool:
    """The rule, through schedule's one definition of the next start."""
    start = schedule.next_start(meeting, now)
    return start is not None and (
        schedule.start_instant(start) <= now + schedule.STARTING_SOON
    )


def found(now: datetime, place: Place | None = SPRINGFIELD, **filters) -> list:
    page = meeting_search(
        MeetingQuery(place=place, starting_soon=True, limit=10_000, **filters), now
    )
    return [meeting for meeting, _ in page.results]


@pytest.fixture
def grid(db):
    """A meeting on every weekday at every half hour (and the special
    times) in every zone, plus two-day meetings and one by appointment."""
    feed = MeetingFactory().feed
    Meeting.objects.all().delete()
    times = [time(hour, minute) for hour in range(24) for minute in (0, 30)]
    rows = []
    for zone in ZONES:
        for day in range(7):
            for at in times + SPECIAL_TIMES:
                rows.append((zone, [day], at))
        rows.append((zone, [6, 0], time(23, 45)))
        rows.append((zone, [], None))
    Meeting.objects.bulk_create(
        MeetingFactory.build(
            feed=feed,
            time_zone=zone,
            days=days,
            days_mask=sum(1 << day for day in days),
            start_time=at,
            attendance="online" if index % 2 else "in_person",
        )
        for index, (zone, days, at) in enumerate(rows)
    )
    return list(Meeting.objects.all())


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(now=instants)
def test_near_a_place_exactly_the_meetings_starting_within_three_hours(grid, now):
    expected = {m.pk for m in grid if starts_soon(m, now)}
    assert expected  # the grid always has some
    assert {m.pk for m in found(now)} == expected


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(now=instants)
def test_online_meetings_starting_within_three_hours_soonest_first(grid, now):
    expected = [m for m in grid if m.attendance == "online" and starts_soon(m, now)]
    results = found(now, place=None, attendance=["online"])
    assert {m.pk for m in results} == {m.pk for m in expected}
    keys = [
        schedule.soonest_first_key(m.days, m.start_time, m.time_zone, now)
        for m in results
    ]
    assert keys == sorted(keys)


@pytest.mark.django_db
def test_the_week_wraps_from_saturday_to_sunday():
    saturday_late = MeetingFactory(name="Saturday 23:30", days=[6], start_time="23:30")
    sunday_early = MeetingFactory(name="Sunday 00:30", days=[0], start_time="00:30")
    MeetingFactory(name="Sunday 02:00", days=[0], start_time="02:00")
    MeetingFactory(name="Saturday 21:30", days=[6], start_time="21:30")
    chicago = ZoneInfo(CHICAGO)
    saturday_2200 = datetime(2026, 12, 5, 22, 0, tzinfo=chicago)
    assert {m.name for m in found(saturday_2200)} == {
        "Saturday 23:30",
        "Sunday 00:30",
    }
    # At 00:10 on Sunday the 23:30 meeting has begun: its next start is
    # next Saturday. The Sunday ones start within the hour and two.
    sunday_0010 = datetime(2026, 12, 6, 0, 10, tzinfo=chicago)
    assert {m.name for m in found(sunday_0010)} == {"Sunday 00:30", "Sunday 02:00"}
    assert saturday_late.pk not in {m.pk for m in found(sunday_0010)}
    assert sunday_early.pk in {m.pk for m in found(saturday_2200)}


@pytest.mark.django_db
def test_three_hours_are_real_hours_on_the_days_the_clocks_change():
    for at in ("03:30", "04:00", "04:45"):
        MeetingFactory(name=f"Spring {at}", days=[0], start_time=at)
    for at in ("02:15", "02:45"):
        MeetingFactory(name=f"Autumn {at}", days=[0], start_time=at)
    # 8 March 2026, 00:30 CST: at 2:00 the clocks go to 3:00, so three
    # hours later is 4:30 on the clock.
    spring = datetime(2026, 3, 8, 6, 30, tzinfo=UTC)
    names = {m.name for m in found(spring)}
    assert {n for n in names if n.startswith("Spring")} == {
        "Spring 03:30",
        "Spring 04:00",
    }
    # 1 November 2026, 00:30 CDT: 2:00 comes back to 1:00, so three hours
    # later is 2:30 on the clock.
    autumn = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert {m.name for m in found(autumn)} == {"Autumn 02:15"}
    # A clock time the spring change skips (2:15) reads with the offset
    # before the change, as next_start_of reads it: 3:15, within the window.
    assert "Autumn 02:15" in names


@pytest.mark.django_db
@pytest.mark.parametrize(("size", "zones"), [(5, 1), (150, 4)])
def test_starting_soon_costs_the_same_queries_however_many_meetings_and_zones(
    size, zones
):
    names = [CHICAGO, "America/New_York", "America/Denver", ""][:zones]
    for index in range(size):
        MeetingFactory(
            days=sorted({index % 7, 3}),
            start_time="13:00",
            time_zone=names[index % zones],
        )
    # Wednesday 2 December 2026, 11:00 in Chicago: each zone's 13:00 is
    # within three hours (noon in New York, ten in Denver).
    now = datetime(2026, 12, 2, 17, tzinfo=UTC)
    with CaptureQueriesContext(connection) as captured:
        page = meeting_search(MeetingQuery(place=SPRINGFIELD, starting_soon=True), now)
    assert page.count == size
    # The box's zones, the matching rows, the page's rows.
    assert len(captured.captured_queries) == 3


@pytest.mark.django_db
def test_the_page_offers_starting_soon_and_lists_only_those(client):
    import time_machine

    MeetingFactory(name="Seven tonight", days=[2], start_time="19:00")
    MeetingFactory(name="Tomorrow morning", days=[3], start_time="07:00")
    # Tuesday 1 December 2026, 6:20 PM in Chicago.
    with time_machine.travel(datetime(2026, 12, 2, 0, 20, tzinfo=UTC), tick=False):
        offered = client.get("/meetings/").content.decode()
        page = client.get(
            "/meetings/", {"near": "62704", "starting_soon": "1"}
        ).content.decode()
        spanish = get_in_spanish(
            client, "/meetings/", {"near": "62704", "starting_soon": "1"}
        )
    assert 'name="starting_soon" value="1">' in offered
    assert "Only meetings starting in the next 3 hours" in offered
    assert 'name="starting_soon" value="1" checked>' in page
    assert "Only meetings starting in the next 3 hours, by each meeting" in page
    assert "Seven tonight" in page
    assert "starts in 40 minutes" in page
    assert "Tomorrow morning" not in page
    assert "Solo reuniones que empiezan en las próximas 3 horas" in spanish
    assert "Seven tonight" in spanish
