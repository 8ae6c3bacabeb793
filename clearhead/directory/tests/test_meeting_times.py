"""The meeting page, the list, the API and the .ics agree on when a meeting is."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from clearhead.core import clock
from clearhead.directory import schedule
from clearhead.directory.tests.factories import MeetingFactory

ZONES = [
    ("America/New_York", "Eastern time", "40.71", "-74.00"),
    ("America/Chicago", "Central time", "39.80", "-89.65"),
    ("America/Denver", "Mountain time", "39.74", "-104.99"),
    ("America/Phoenix", "Arizona time", "33.45", "-112.07"),
    ("America/Los_Angeles", "Pacific time", "34.05", "-118.24"),
]


def _times(client, meeting) -> dict:
    """The next start as the page, the API and the .ics each give it."""
    page = client.get(
        reverse("directory:meeting_detail", args=[meeting.public_id])
    ).content.decode()
    found = re.search(r'Next meeting: <time datetime="([^"]+)"[^>]*>([^<]+)<', page)
    assert found, "the page shows no next meeting"
    api = client.get(
        "/api/v1/meetings",
        {"near": f"{meeting.latitude},{meeting.longitude}", "radius_miles": 1},
    ).json()["results"]
    assert len(api) == 1
    ics = client.get(reverse("directory:meeting_ics", args=[meeting.public_id]))
    calendar = Calendar.from_ical(ics.content)
    event = calendar.walk("VEVENT")[0]
    return {
        "page": datetime.fromisoformat(found.group(1)),
        "page_text": found.group(2),
        "when": page,
        "api": datetime.fromisoformat(api[0]["next_start"]),
        "api_when": api[0]["when"],
        "ics": event.decoded("DTSTART"),
        "ics_end": event.decoded("DTEND"),
        "ics_zones": [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")],
    }


@pytest.mark.parametrize(("zone", "label", "lat", "lng"), ZONES)
def test_page_api_and_calendar_agree_in_every_us_zone(
    db, client, zone, label, lat, lng
):
    meeting = MeetingFactory(
        days=[4],
        start_time="19:00",
        end_time="20:30",
        time_zone=zone,
        latitude=float(lat),
        longitude=float(lng),
    )
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        times = _times(client, meeting)
    expected = datetime(2026, 12, 3, 19, 0, tzinfo=ZoneInfo(zone))
    assert times["page"] == times["api"] == times["ics"] == expected
    assert times["ics"].utcoffset() == expected.utcoffset()
    assert times["ics_end"] - times["ics"] == timedelta(minutes=90)
    assert times["page_text"] == f"Thursday 3 December, 7:00 PM ({label})"
    assert f"Thursdays at 7:00 PM to 8:30 PM ({label})" in times["when"]
    assert times["api_when"] == f"Thursdays at 7:00 PM to 8:30 PM ({label})"
    assert times["ics_zones"] == [zone]


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        # US spring forward, Sunday 14 March 2027: Sunday 19:00 stays 19:00.
        ("America/Chicago", timedelta(hours=-6), timedelta(hours=-5)),
        ("America/New_York", timedelta(hours=-5), timedelta(hours=-4)),
        ("America/Los_Angeles", timedelta(hours=-8), timedelta(hours=-7)),
    ],
)
def test_times_stay_on_the_local_clock_across_a_daylight_saving_change(
    db, client, zone, before, after
):
    meeting = MeetingFactory(
        days=[0],
        start_time="19:00",
        end_time="20:00",
        time_zone=zone,
        latitude=39.80,
        longitude=-89.65,
    )
    # Saturday 13 March 2027: still winter time; the meeting is after the change.
    with time_machine.travel(datetime(2027, 3, 13, 18, tzinfo=UTC), tick=False):
        assert clock.now().astimezone(ZoneInfo(zone)).utcoffset() == before
        times = _times(client, meeting)
    assert times["page"] == times["api"] == times["ics"]
    assert times["ics"].replace(tzinfo=None) == datetime(2027, 3, 14, 19, 0)
    assert times["page"].utcoffset() == after
    assert times["page_text"].startswith("Sunday 14 March, 7:00 PM")
    # The calendar defines both offsets, so a client repeats it correctly.
    ics = client.get(reverse("directory:meeting_ics", args=[meeting.public_id]))
    vtimezone = Calendar.from_ical(ics.content).walk("VTIMEZONE")[0]
    offsets = {
        part.decoded("TZOFFSETTO") for part in vtimezone.walk() if "TZOFFSETTO" in part
    }
    assert {before, after} <= offsets


def test_an_online_meetings_next_start_is_offered_in_the_readers_zone(db, client):
    online = MeetingFactory(
        attendance="online", conference_url="https://meet.example.org/x"
    )
    in_person = MeetingFactory()
    with time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False):
        online_page = client.get(
            reverse("directory:meeting_detail", args=[online.public_id])
        ).content.decode()
        in_person_page = client.get(
            reverse("directory:meeting_detail", args=[in_person.public_id])
        ).content.decode()
    assert "data-local-time" in online_page  # local-time.js adds the reader's
    assert "data-local-time" not in in_person_page


def test_a_meeting_past_midnight_lasts_until_the_next_day():
    meeting = MeetingFactory.build(days=[6], start_time="23:30", end_time="01:00")
    meeting.start_time = datetime(2000, 1, 1, 23, 30).time()
    meeting.end_time = datetime(2000, 1, 1, 1, 0).time()
    assert schedule.length(meeting) == timedelta(minutes=90)
    assert schedule.when_text(meeting) == (
        "Saturdays at 11:30 PM to 1:00 AM Sunday (Central time)"
    )
