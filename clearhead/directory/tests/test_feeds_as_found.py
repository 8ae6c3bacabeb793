"""Feeds as an operator finds them: odd bytes, odd names, odd shapes. Each
bad value costs at most its own row, with a one-line reason, never the file."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from clearhead.directory.models import Facility, Feed, Meeting


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def meeting(slug="hope", name="Fictional Hope", **extra):
    return {
        "slug": slug,
        "name": name,
        "day": 2,
        "time": "19:00",
        "address": "1 Main Street",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "types": ["O"],
        **extra,
    }


def write(tmp_path, rows, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows))
    return str(path)


def test_a_nul_character_in_a_value_is_dropped_not_fatal(db, tmp_path):
    # PostgreSQL refuses NUL in text: unstripped, one row failed the import.
    rows = [
        meeting(name="Fictional\u0000 Hope", notes="Side door\u0000"),
        meeting("fine", "Fine Row"),
    ]
    out, _ = run("import-meetings", write(tmp_path, rows), "--feed", "nul")
    assert "2 created" in out
    hope = Meeting.objects.get(slug="hope")
    assert (hope.name, hope.notes) == ("Fictional Hope", "Side door")


def test_json_nested_too_deeply_is_refused_in_one_line(db, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(
        CommandError, match=r"deep\.json: not a feed \(its JSON is nested too deeply\)"
    ):
        run("import-meetings", str(path), "--feed", "deep")


@pytest.mark.parametrize("name", ["   ", "x" * 121])
def test_a_blank_or_overlong_feed_name_is_refused(db, tmp_path, name):
    with pytest.raises(CommandError, match=r"--feed .*: a feed's name is 1 to 120"):
        run("import-meetings", write(tmp_path, [meeting()]), "--feed", name)
    assert not Meeting.objects.exists()


def test_two_long_feed_urls_alike_at_the_start_stay_two_feeds(db, tmp_path):
    # BMLT query URLs share a long prefix and differ in their last parameters.
    base = "https://bmlt.example.org/main_server/client_interface/json/?switcher=GetSearchResults&data_field_key=id_bigint,meeting_name,weekday_tinyint,start_time&services[]="
    one = write(tmp_path, [meeting("1", "Alpha")], "one.json")
    two = write(tmp_path, [meeting("2", "Beta")], "two.json")
    run("import-meetings", one, "--url", base + "11")
    out, _ = run("import-meetings", two, "--url", base + "12")
    assert "0 retired" in out
    assert sorted(Meeting.objects.values_list("name", flat=True)) == ["Alpha", "Beta"]


def test_a_canadian_formatted_address_is_split_into_its_parts(db, tmp_path):
    row = meeting(
        formatted_address="123 Queen St W, Toronto, ON M5H 2M9, Canada",
        latitude=43.6513,
        longitude=-79.3832,
    )
    for key in ("address", "city", "state", "postal_code"):
        del row[key]
    run("import-meetings", write(tmp_path, [row]), "--feed", "toronto")
    found = Meeting.objects.get()
    assert (found.address, found.city, found.state, found.postal_code) == (
        "123 Queen St W",
        "Toronto",
        "ON",
        "M5H 2M9",
    )
    assert found.time_zone == "America/Toronto"


@pytest.mark.parametrize(
    ("start", "end", "times"),
    [
        ("noon", "1:00 PM", ("12:00:00", "13:00:00")),
        ("12 Noon", "13:00", ("12:00:00", "13:00:00")),
        ("23:00", "24:00", ("23:00:00", "00:00:00")),
        ("22:00", "midnight", ("22:00:00", "00:00:00")),
    ],
)
def test_noon_midnight_and_24_00_are_times(db, tmp_path, start, end, times):
    out, _ = run(
        "import-meetings",
        write(tmp_path, [meeting(time=start, end_time=end)]),
        "--feed",
        "words",
    )
    assert "0 skipped" in out
    found = Meeting.objects.get()
    assert (str(found.start_time), str(found.end_time)) == times


def bmlt(**changes):
    return {
        "id_bigint": "501",
        "meeting_name": "Fictional Serenity",
        "weekday_tinyint": "3",
        "start_time": "19:30:00",
        "duration_time": "01:30:00",
        "formats": "O,WC",
        "venue_type": "1",
        "location_street": "10 Elm St",
        "location_municipality": "Springfield",
        "location_province": "IL",
        "latitude": "39.78",
        "longitude": "-89.65",
        **changes,
    }


def test_bmlt_formats_given_as_a_list_are_translated(db, tmp_path):
    run("import-meetings", write(tmp_path, [bmlt(formats=["O", "WC"])]), "--feed", "na")
    found = Meeting.objects.get()
    assert (found.types, found.other_types) == (["O", "X"], [])


@pytest.mark.parametrize("start", ["25:00:00", "", None])
def test_a_bmlt_meeting_without_a_readable_start_is_skipped_by_name(
    db, tmp_path, start
):
    rows = [bmlt(start_time=start), bmlt(id_bigint="502", meeting_name="Fine")]
    out, err = run("import-meetings", write(tmp_path, rows), "--feed", "na")
    assert "1 created" in out
    assert f"row 1: skipped: start_time {start!r} is not a time of day" in err
    assert "[Fictional Serenity, id 501]" in err


def server_search(*ids, root="https://bmlt.example.org/main_server/"):
    return [
        bmlt(id_bigint=meeting_id, meeting_name=f"Fictional {meeting_id}")
        | {"root_server_uri": root}
        for meeting_id in ids
    ]


def test_a_bmlt_search_without_feed_or_url_is_refused_saying_how(db, tmp_path):
    # Named after its server, a second search of it retired the first's rows.
    path = write(tmp_path, server_search("1", "2"), "north.json")
    with pytest.raises(
        CommandError,
        match=r"north\.json: a BMLT response is one search of "
        r"https://bmlt\.example\.org/main_server/, not the whole server, so name "
        r"its feed: --feed NAME",
    ):
        run("import-meetings", path)
    assert not Meeting.objects.exists()


def test_two_searches_of_one_server_stay_two_feeds(db, tmp_path):
    north = write(tmp_path, server_search("1", "2"), "north.json")
    south = write(tmp_path, server_search("3"), "south.json")
    run("import-meetings", north, "--feed", "north-na")
    out, _ = run("import-meetings", south, "--feed", "south-na")
    assert "0 retired" in out
    assert Meeting.objects.count() == 3


def test_a_bmlt_search_with_its_url_is_named_and_refreshed_by_that_url(db, tmp_path):
    search = "https://bmlt.example.org/main_server/client_interface/json/?switcher=GetSearchResults&services[]=4"
    run("import-meetings", write(tmp_path, server_search("1")), "--url", search)
    feed = Feed.objects.get()
    assert (feed.name, feed.url) == (search, search)


@pytest.mark.parametrize(
    ("duration", "end"),
    [("24:00:00", "19:30:00"), ("23:59", "19:29:00"), ("01:30:00", "21:00:00")],
)
def test_a_bmlt_duration_up_to_24_hours_gives_the_end(db, tmp_path, duration, end):
    # "24:00:00" fell back to no end, as if the meeting had no length.
    run(
        "import-meetings",
        write(tmp_path, [bmlt(duration_time=duration)]),
        "--feed",
        "na",
    )
    assert str(Meeting.objects.get().end_time) == end


def test_an_unreadable_duration_is_reported_not_dropped(db, tmp_path):
    rows = [bmlt(duration_time="banana"), bmlt(id_bigint="502", duration_time="25:00")]
    out, err = run("import-meetings", write(tmp_path, rows), "--feed", "na")
    assert "2 created" in out
    assert (
        "row 1: duration_time 'banana' is not a length of time up to 24:00:00: "
        "no end time [Fictional Serenity, id 501]"
    ) in err
    assert "row 2: duration_time '25:00' is not" in err
    assert "2 values could not be used as given" in out
    assert set(Meeting.objects.values_list("end_time", flat=True)) == {None}


def test_an_unreadable_end_time_is_reported_not_dropped(db, tmp_path):
    path = write(tmp_path, [meeting(end_time="banana")])
    out, err = run("import-meetings", path, "--feed", "mg")
    assert "1 created" in out
    assert (
        "row 1: end_time 'banana' is not a time of day: no end time "
        "[Fictional Hope, id hope]"
    ) in err
    assert Meeting.objects.get().end_time is None


def facility(frid="f1", **extra):
    return {
        "frid": frid,
        "name1": "Fictional Recovery Center",
        "street1": "1 Main Street",
        "city": "Springfield",
        "state": "MO",
        "zip": "65806",
        "latitude": "37.2090",
        "longitude": "-93.2923",
        **extra,
    }


@pytest.mark.parametrize(
    ("given", "stored"),
    [("Missouri", "MO"), ("missouri", "MO"), ("mo", "MO"), ("Puerto Rico", "PR")],
)
def test_a_facility_state_given_by_name_becomes_its_code(db, tmp_path, given, stored):
    # "Missouri" was cut to "MI", Michigan.
    path = write(tmp_path, {"rows": [facility(state=given)]})
    run("import-facilities", path, "--feed", "samhsa")
    assert Facility.objects.get().state == stored


def test_a_facility_state_that_is_no_state_is_left_out_and_reported(db, tmp_path):
    path = write(tmp_path, {"rows": [facility(state="Misery")]})
    out, err = run("import-facilities", path, "--feed", "samhsa")
    assert "1 created" in out
    assert (
        "row 1: state 'Misery' is not a US state or its code: left out "
        "[Fictional Recovery Center, id f1]"
    ) in err
    assert Facility.objects.get().state == ""


def test_a_meeting_state_given_by_name_becomes_its_code(db, tmp_path):
    rows = [meeting(state="Illinois"), meeting("toronto", state="Ontario")]
    run("import-meetings", write(tmp_path, rows), "--feed", "mg")
    states = dict(Meeting.objects.values_list("slug", "state"))
    assert states == {"hope": "IL", "toronto": "Ontario"}


@pytest.mark.parametrize("given", ["2134", 2134, "2134-1234"])
def test_a_zip_that_lost_its_leading_zero_is_padded_in_its_state(db, tmp_path, given):
    row = facility(city="Boston", state="MA", zip=given, latitude="", longitude="")
    _, err = run("import-facilities", write(tmp_path, [row]), "--feed", "samhsa")
    found = Facility.objects.get()
    assert found.zip_code == "02134"
    assert (round(found.latitude), round(found.longitude)) == (42, -71)
    assert err == ""


def test_a_four_digit_zip_outside_the_rows_state_is_left_out_and_reported(db, tmp_path):
    # 02134 is Boston, MA: padding it for a Missouri row would misplace it.
    row = facility(zip="2134")
    _, err = run("import-facilities", write(tmp_path, [row]), "--feed", "samhsa")
    assert (
        "row 1: ZIP code '2134' has 4 digits, and 02134 is not a ZIP code in MO: "
        "left out [Fictional Recovery Center, id f1]"
    ) in err
    assert Facility.objects.get().zip_code == ""


def test_a_meetings_four_digit_zip_is_padded_in_its_us_state_only(db, tmp_path):
    rows = [
        meeting(city="Boston", state="MA", postal_code="2134"),
        meeting("sydney", city="Sydney", state="NSW", postal_code="2000"),
    ]
    run("import-meetings", write(tmp_path, rows), "--feed", "mg")
    codes = dict(Meeting.objects.values_list("slug", "postal_code"))
    assert codes == {"hope": "02134", "sydney": "2000"}


def test_swapped_coordinates_give_way_to_the_zip_and_are_reported(db, tmp_path):
    # Latitude and longitude swapped put Springfield, IL in Antarctica.
    row = meeting(latitude=-89.65, longitude=39.78)
    out, err = run("import-meetings", write(tmp_path, [row]), "--feed", "mg")
    found = Meeting.objects.get()
    assert found.time_zone == "America/Chicago"
    assert (round(found.latitude), round(found.longitude)) == (40, -90)
    assert found.approximate_location
    assert (
        "row 1: coordinates -89.65, 39.78 are not in IL 62701: placed at its ZIP "
        "code or city instead [Fictional Hope, id hope]"
    ) in err
    assert "1 rows had no usable coordinates" in out


def test_bmlt_coordinates_outside_the_state_take_the_states_zone(db, tmp_path):
    # No ZIP code: the state's box and the city's zone decide.
    row = bmlt(latitude="-89.65", longitude="39.78")
    _, err = run("import-meetings", write(tmp_path, [row]), "--feed", "na")
    found = Meeting.objects.get()
    assert found.time_zone == "America/Chicago"
    assert found.approximate_location
    assert "coordinates -89.65, 39.78 are not in IL: placed at" in err


def test_a_facility_placed_in_another_state_is_placed_by_its_zip(db, tmp_path):
    row = facility(latitude="40.7128", longitude="-74.0060")  # New York City
    _, err = run("import-facilities", write(tmp_path, [row]), "--feed", "samhsa")
    found = Facility.objects.get()
    assert (round(found.latitude), round(found.longitude)) == (37, -93)
    assert found.approximate_location
    assert "coordinates 40.7128, -74.006 are not in MO 65806" in err


def test_coordinates_in_the_rows_place_are_kept(db, tmp_path):
    _, err = run("import-facilities", write(tmp_path, [facility()]), "--feed", "s")
    found = Facility.objects.get()
    assert (found.latitude, found.longitude) == (37.209, -93.2923)
    assert not found.approximate_location
    assert err == ""


def test_objects_and_lists_in_single_value_fields_are_left_out_and_named(
    db, client, tmp_path
):
    # These were stored as Python's text: "{'name': 'Church'}" on the page.
    row = meeting(
        location={"name": "Church"},
        notes=["Side door", "Upstairs"],
        types=["O", {"name": "Church"}],
    )
    out, err = run("import-meetings", write(tmp_path, [row]), "--feed", "mg")
    assert "1 created" in out
    found = Meeting.objects.get()
    assert (found.location, found.notes, found.types) == ("", "", ["O"])
    for line in (
        "row 1: location is an object, not a single value: left out",
        "row 1: notes is a list, not a single value: left out",
        "row 1: types holds 1 objects or lists, not single values: those are left out",
    ):
        assert f"{line} [Fictional Hope, id hope]" in err
    url = reverse("directory:meeting_detail", args=[found.public_id])
    page = client.get(url).content.decode()
    assert "Fictional Hope" in page
    assert "&#x27;name&#x27;" not in page
    assert "Church" not in page


def test_a_meeting_named_by_a_list_is_skipped_saying_so(db, tmp_path):
    rows = [meeting(name=["Fictional", "Hope"]), meeting("fine", "Fine")]
    out, err = run("import-meetings", write(tmp_path, rows), "--feed", "mg")
    assert "1 created" in out
    assert (
        "row 1: skipped: a meeting needs both a name and a slug (name is a list, "
        "not a single value: left out) [, id hope]"
    ) in err
    assert "['Fictional'" not in err


def test_bmlt_and_samhsa_objects_are_left_out_too(db, tmp_path):
    run(
        "import-meetings",
        write(tmp_path, [bmlt(location_text={"en": "Church"})]),
        "--feed",
        "na",
    )
    assert Meeting.objects.get().location == ""
    row = facility(name2=["Fictional", "Program"], street2={"line": "Suite 2"})
    _, err = run("import-facilities", write(tmp_path, [row]), "--feed", "samhsa")
    found = Facility.objects.get()
    assert (found.program_name, found.street2) == ("", "")
    assert "row 1: name2 is a list, not a single value: left out" in err
