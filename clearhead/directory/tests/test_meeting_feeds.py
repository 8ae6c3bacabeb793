"""Meeting feeds as published: the issue's cases, with their right values."""

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from icalendar import Calendar

from clearhead.directory.models import Meeting

# A Monday noon in Chicago, winter time: every case's next meeting is ahead.
MONDAY = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)


def import_feed(tmp_path, data, *args, name="test-feed"):
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(data))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import-meetings", str(path), "--feed", name, *args, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def springfield(**changes) -> dict:
    row = {
        "name": "Springfield Tuesday Night",
        "slug": "tuesday-night",
        "day": 2,
        "time": "19:00",
        "end_time": "20:00",
        "types": ["O", "D"],
        "location": "Grace Hall",
        "address": "88 Elm Avenue",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
    }
    return row | changes


def bmlt_row(**changes) -> dict:
    row = {
        "id_bigint": "501",
        "weekday_tinyint": "5",
        "start_time": "19:00:00",
        "formats": "O",
        "meeting_name": "Clean and Serene",
        "location_text": "Community Church",
        "location_street": "12 Park Row",
        "location_municipality": "Springfield",
        "location_province": "IL",
        "latitude": "39.7990",
        "longitude": "-89.6440",
        "virtual_meeting_link": "",
        "phone_meeting_number": "",
        "virtual_meeting_additional_info": "",
    }
    return row | changes


def ics_of(client, meeting) -> tuple[bytes, Calendar]:
    response = client.get(reverse("directory:meeting_ics", args=[meeting.public_id]))
    assert response.status_code == 200
    return response.content, Calendar.from_ical(response.content)


def page_of(client, meeting) -> str:
    return client.get(
        reverse("directory:meeting_detail", args=[meeting.public_id])
    ).content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {},  # the ZIP alone gives the zone
        {"latitude": 39.7990, "longitude": -89.6440, "postal_code": ""},
    ],
    ids=["from-zip", "from-coordinates"],
)
def test_case_1_a_feed_without_zone_is_stored_and_exported_in_central_time(
    db, client, tmp_path, changes
):
    """A Springfield, IL meeting with no `timezone` is America/Chicago."""
    import_feed(tmp_path, [springfield(**changes)])
    meeting = Meeting.objects.get()
    assert meeting.time_zone == "America/Chicago"
    with time_machine.travel(MONDAY, tick=False):
        raw, calendar = ics_of(client, meeting)
    assert b"DTSTART;TZID=America/Chicago:20261201T190000" in raw
    assert b"DTEND;TZID=America/Chicago:20261201T200000" in raw
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["America/Chicago"]
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime(
        2026, 12, 1, 19, 0, tzinfo=event.decoded("DTSTART").tzinfo
    )
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=-6)


def test_case_1_the_operators_zone_comes_before_the_place(db, tmp_path):
    import_feed(tmp_path, [springfield()], "--timezone", "America/Denver")
    assert Meeting.objects.get().time_zone == "America/Denver"


def test_case_1_a_feeds_own_zone_comes_first(db, tmp_path):
    import_feed(
        tmp_path,
        [springfield(timezone="America/New_York")],
        "--timezone",
        "America/Denver",
    )
    assert Meeting.objects.get().time_zone == "America/New_York"


def test_an_unknown_timezone_option_is_refused_in_one_line(db, tmp_path):
    with pytest.raises(CommandError, match="not an IANA time zone"):
        import_feed(tmp_path, [springfield()], "--timezone", "Central")


def test_case_1_without_any_zone_the_rows_are_named_and_times_float(
    db, client, tmp_path
):
    """No zone, no coordinates, no ZIP: local times, never UTC."""
    row = springfield(postal_code="", city="", state="", address="")
    _, err = import_feed(tmp_path, [row])
    assert "row 1: no time zone found" in err
    assert "give --timezone" in err
    meeting = Meeting.objects.get()
    assert meeting.time_zone == ""
    with time_machine.travel(MONDAY, tick=False):
        raw, calendar = ics_of(client, meeting)
        page = page_of(client, meeting)
    assert b"DTSTART:20261201T190000\r\n" in raw  # floating: no Z, no TZID
    assert b"DTEND:20261201T200000\r\n" in raw
    assert not calendar.walk("VTIMEZONE")
    assert "Tuesdays at 7:00 PM to 8:00 PM (local time)" in page
    assert "Tuesday 1 December, 7:00 PM (local time)" in page
    assert "UTC" not in page


def test_case_2_types_as_a_comma_string_are_codes_found_by_type(db, client, tmp_path):
    import_feed(tmp_path, [springfield(types="O,BE,X")])
    assert Meeting.objects.get().types == ["O", "BE", "X"]
    found = client.get("/api/v1/meetings", {"type": "BE"}).json()
    assert [m["name"] for m in found["results"]] == ["Springfield Tuesday Night"]
    assert found["results"][0]["type_names"] == [
        "Open",
        "Newcomer",
        "Wheelchair access",
    ]


def test_case_3_a_meeting_past_midnight_ends_the_next_day(db, client, tmp_path):
    """Saturday 23:30 to 01:00 ends Sunday 01:00, 90 minutes later."""
    import_feed(
        tmp_path, [springfield(day=6, time="23:30", end_time="01:00", types=[])]
    )
    meeting = Meeting.objects.get()
    with time_machine.travel(MONDAY, tick=False):
        _, calendar = ics_of(client, meeting)
        page = page_of(client, meeting)
        api = client.get("/api/v1/meetings").json()["results"][0]
    event = calendar.walk("VEVENT")[0]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.strftime("%A %H:%M"), end.strftime("%A %H:%M")) == (
        "Saturday 23:30",
        "Sunday 01:00",
    )
    assert end - start == timedelta(minutes=90)
    assert "Saturdays at 11:30 PM to 1:00 AM Sunday (Central time)" in page
    assert api["next_start"] == "2026-12-05T23:30:00-06:00"
    assert api["next_end"] == "2026-12-06T01:00:00-06:00"


def test_case_4_bmlt_format_keys_become_our_codes_shown_by_name(db, client, tmp_path):
    response = {
        "meetings": [bmlt_row(formats="O,B,ES,WC,ZZ")],
        "formats": [
            {"key_string": "ZZ", "name_string": "Zen Zone", "id": "99"},
            {"key_string": "B", "name_string": "Beginners", "id": "1"},
        ],
    }
    out, _ = import_feed(tmp_path, response)
    assert "1 created" in out
    meeting = Meeting.objects.get()
    assert meeting.types == ["O", "BE", "S", "X"]
    assert meeting.other_types == ["Zen Zone"]  # named by the response's list
    page = page_of(client, meeting)
    for name in ("Open", "Newcomer", "Spanish", "Wheelchair access"):
        assert f"<li>{name}</li>" in page
    # The server's own name is its words, not ours: never translated.
    assert '<li translate="no">Zen Zone</li>' in page
    wheelchair = client.get("/api/v1/meetings", {"type": "X"}).json()
    assert wheelchair["count"] == 1


def test_a_bmlt_list_without_formats_still_imports(db, tmp_path):
    out, _ = import_feed(tmp_path, [bmlt_row(formats="WC,St,So")])
    assert "1 created" in out
    assert Meeting.objects.get().types == ["X", "ST", "SP"]


def test_case_5_a_virtual_bmlt_meeting_with_dial_in_text_is_online(
    db, client, tmp_path
):
    dial_in = "By phone 217 555 0111 Meeting ID 555 0199"
    row = bmlt_row(venue_type="2", virtual_meeting_additional_info=dial_in)
    import_feed(tmp_path, {"meetings": [row], "formats": []})
    meeting = Meeting.objects.get()
    assert meeting.attendance == "online"
    assert meeting.address == ""
    page = page_of(client, meeting)
    assert "Online or by phone" in page
    assert f'Join by phone: <span translate="no">{dial_in}</span>' in page


@pytest.mark.parametrize(
    ("venue_type", "expected"),
    [("1", "in_person"), ("2", "online"), ("3", "hybrid")],
)
def test_bmlt_venue_type_decides_attendance(db, tmp_path, venue_type, expected):
    row = bmlt_row(venue_type=venue_type, virtual_meeting_link="meet.example.org/x")
    import_feed(tmp_path, [row])
    assert Meeting.objects.get().attendance == expected


def test_bmlt_duration_and_own_zone_are_kept(db, tmp_path):
    row = bmlt_row(duration_time="01:30:00", time_zone="America/Denver")
    import_feed(tmp_path, [row])
    meeting = Meeting.objects.get()
    assert str(meeting.end_time) == "20:30:00"
    assert meeting.time_zone == "America/Denver"


def test_case_7_a_los_angeles_meeting_reads_thursday_7_pm_everywhere(
    db, client, tmp_path
):
    row = springfield(
        day=4,
        time="7:00 PM",  # a 12-hour time, as some sites publish
        end_time="8:00 PM",
        address="",
        formatted_address="1390 S 1st St, San Jose, CA 95110, USA",
        city="",
        state="",
        postal_code="",
    )
    del row["address"]
    import_feed(tmp_path, [row])
    meeting = Meeting.objects.get()
    assert (meeting.address, meeting.city, meeting.state, meeting.postal_code) == (
        "1390 S 1st St",
        "San Jose",
        "CA",
        "95110",
    )
    assert meeting.time_zone == "America/Los_Angeles"
    with time_machine.travel(MONDAY, tick=False):
        page = page_of(client, meeting)
        listing = client.get("/meetings/", {"near": "95110"}).content.decode()
        api = client.get("/api/v1/meetings").json()["results"][0]
        raw, _ = ics_of(client, meeting)
    assert "Thursdays at 7:00 PM to 8:00 PM (Pacific time)" in page
    assert "Thursday 3 December, 7:00 PM (Pacific time)" in page
    assert 'datetime="2026-12-03T19:00:00-08:00"' in page
    assert "Thursdays at 7:00 PM to 8:00 PM (Pacific time)" in listing
    assert api["when"] == "Thursdays at 7:00 PM to 8:00 PM (Pacific time)"
    assert api["next_start"] == "2026-12-03T19:00:00-08:00"
    assert b"DTSTART;TZID=America/Los_Angeles:20261203T190000" in raw


@pytest.mark.parametrize(
    ("day", "days"),
    [("Tuesday", [2]), (["Monday", "thursday"], [1, 4]), ("0", [0]), ([1, 3], [1, 3])],
)
def test_days_come_as_numbers_names_or_lists(db, tmp_path, day, days):
    import_feed(tmp_path, [springfield(day=day)])
    assert Meeting.objects.get().days == days


def test_old_and_lower_case_codes_are_understood(db, client, tmp_path):
    rows = [
        springfield(slug="g", types=["C", "G"]),
        springfield(slug="l", types=["C", "L"], conference_url="zoom.example.org/1"),
        springfield(slug="onl", types=["O", "onl"], address="", postal_code="62701"),
    ]
    import_feed(tmp_path, rows)
    assert Meeting.objects.get(source_id="g").types == ["C", "G", "LGBTQ"]
    lgbtq = client.get("/api/v1/meetings", {"type": "LGBTQ"}).json()
    assert lgbtq["count"] == 2
    online = Meeting.objects.get(source_id="onl")
    assert online.attendance == "online"
    assert online.types == ["O"]


def test_attendance_comes_from_what_the_feed_says(db, client, tmp_path):
    rows = [
        # TSML 3: online, only a city given (approximate): not hybrid.
        springfield(
            slug="approx",
            attendance_option="online",
            approximate="yes",
            address="",
            formatted_address="Springfield, IL 62701, USA",
            conference_url="https://zoom.example.org/j/1",
        ),
        # The venue is temporarily closed; the meeting goes on by phone.
        springfield(slug="tc", types=["O", "TC"], conference_phone="+12175550100"),
        # Closed venue, no online option: the feed says it is not running.
        springfield(slug="closed", types=["O", "TC"]),
        springfield(slug="inactive", attendance_option="inactive"),
    ]
    out, err = import_feed(tmp_path, rows)
    assert "2 created" in out
    assert "row 3: skipped: the feed marks it as not running" in err
    assert "row 4: skipped: the feed marks it as not running" in err
    approx = Meeting.objects.get(source_id="approx")
    assert (approx.attendance, approx.address, approx.city) == (
        "online",
        "",
        "Springfield",
    )
    closed_venue = Meeting.objects.get(source_id="tc")
    assert closed_venue.attendance == "online"
    page = page_of(client, closed_venue)
    assert "88 Elm Avenue" not in page  # nobody is sent to a closed venue
    assert "Location temporarily closed" in page


def test_conference_phone_notes_are_shown_with_the_number(db, client, tmp_path):
    row = springfield(
        attendance_option="hybrid",
        conference_phone="+12175550100",
        conference_phone_notes="Meeting ID 555 0199, passcode 12",
    )
    import_feed(tmp_path, [row])
    page = page_of(client, Meeting.objects.get())
    assert "Join by phone: +12175550100" in page
    assert "Meeting ID 555 0199, passcode 12" in page


def test_a_family_group_feed_is_its_own_fellowship(db, client, tmp_path):
    import_feed(tmp_path, [springfield(types="AL-AN,O")], "--fellowship", "alanon")
    meeting = Meeting.objects.get()
    assert meeting.fellowship == "alanon"
    page = page_of(client, meeting)
    assert "Al-Anon Family Groups (for family and friends)" in page
