"""A meeting feed is read as a stream (a national feed has 100,000 rows):
the same meetings as reading it whole, every bad row named, a file broken
part-way changes nothing, and an unchanged feed writes nothing again."""

import io
import json

import pytest
import zipcodes
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearhead.directory import feeds, geo, zones
from clearhead.directory.models import Feed, Meeting


def meeting(number: int, **changes) -> dict:
    row = {
        "name": f"Fictional Group {number}",
        "slug": f"group-{number}",
        "day": number % 7,
        "time": "19:00",
        "end_time": "20:00",
        "types": ["O", "D"],
        "location": "Fictional Hall",
        "address": f"{number} Elm Avenue",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "latitude": 39.80,
        "longitude": -89.64,
        "updated": "2026-11-01 12:00:00",
    }
    return row | changes


def rows_with_problems() -> list:
    return [
        meeting(1),
        "not a meeting",
        meeting(2, slug=""),
        meeting(3, day="someday"),
        meeting(4, time="25:99"),
        meeting(5, end_time="banana"),
        meeting(1, name="Repeated"),
        meeting(6, latitude=None, longitude=None, timezone="America/Chicago"),
        meeting(7, time="7:30 PM", day=["Monday", "Friday"], updated="2026-1-2 3:4:5"),
    ]


def run(path, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import-meetings", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, data, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(
    "document",
    [
        rows_with_problems(),
        # A BMLT answer with its format names after the meetings.
        {
            "meetings": [
                {
                    "id_bigint": "501",
                    "weekday_tinyint": "5",
                    "start_time": "19:00:00",
                    "formats": "O,XX",
                    "meeting_name": "Clean and Serene",
                    "location_street": "12 Park Row",
                    "location_municipality": "Springfield",
                    "location_province": "IL",
                    "latitude": "39.7990",
                    "longitude": "-89.6440",
                },
                {"id_bigint": "502", "meeting_name": ""},
            ],
            "formats": [{"key_string": "XX", "name_string": "Fictional format"}],
        },
    ],
)
def test_a_streamed_feed_gives_the_records_of_the_feed_read_whole(tmp_path, document):
    path = write(tmp_path, document)
    whole = feeds.records_for(Feed.Kind.MEETINGS, document, {})
    streamed = list(feeds.records_for(Feed.Kind.MEETINGS, feeds.JsonStream(path), {}))
    assert streamed == whole
    assert any(not hasattr(r, "source_id") for r in whole)  # skips are compared too


def test_every_bad_row_is_named_by_its_number_and_reason(db, tmp_path):
    out, err = run(write(tmp_path, rows_with_problems()), "--feed", "named")
    assert "row 2: skipped: not an object" in err
    assert "row 3: skipped: a meeting needs both a name and a slug" in err
    assert "row 4: skipped: day 'someday' is not a day" in err
    assert "[Fictional Group 3, id group-3]" in err  # named from the file's row
    assert "row 5: skipped: time '25:99' is not a time of day" in err
    assert "row 6: end_time 'banana' is not a time of day: no end time" in err
    assert "row 7: skipped: repeats row 1 (same id)" in err
    assert "4 created" in out
    # Rows read (the repeat too, as before streaming), each with its date.
    assert "where a row has one (5 of 5)" in out
    friday = Meeting.objects.get(slug="group-7")
    assert friday.days == [1, 5]
    assert friday.start_time.strftime("%H:%M") == "19:30"


def test_a_file_broken_part_way_changes_nothing(db, tmp_path):
    rows = [meeting(number) for number in range(1, 6)]
    run(write(tmp_path, rows), "--feed", "broken")
    before = sorted(Meeting.objects.values_list("slug", "name", "retired_at"))

    # The first rows changed, a new one added, then the file is cut short.
    changed = [meeting(1, name="Renamed"), meeting(9)]
    text = json.dumps(changed)[:-1] + ', {"name": "Cut'
    path = tmp_path / "cut.json"
    path.write_text(text)
    with pytest.raises(CommandError, match=r"cut\.json: not JSON"):
        run(path, "--feed", "broken")
    assert sorted(Meeting.objects.values_list("slug", "name", "retired_at")) == before


def test_an_unknown_feed_name_is_not_registered_by_a_broken_file(db, tmp_path):
    path = tmp_path / "cut.json"
    path.write_text(json.dumps([meeting(1)])[:-1])
    with pytest.raises(CommandError, match="not JSON"):
        run(path, "--feed", "never")
    assert not Feed.objects.filter(name="never").exists()


def test_an_unchanged_feed_imported_again_writes_no_meeting(db, tmp_path):
    path = write(tmp_path, [meeting(number) for number in range(1, 41)])
    run(path, "--feed", "again")
    stamps = dict(Meeting.objects.values_list("slug", "updated_at"))
    with CaptureQueriesContext(connection) as captured:
        out, _ = run(path, "--feed", "again")
    assert "0 created, 0 updated, 40 unchanged, 0 retired" in out
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if "directory_meeting" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        # Every import retires the fictional demo rows, if any are left.
        and "'demo'" not in q["sql"]
    ]
    assert writes == []
    # A flat number of queries, whatever the feed's size.
    assert len(captured.captured_queries) < 20
    assert dict(Meeting.objects.values_list("slug", "updated_at")) == stamps


def test_a_large_feed_is_written_in_batches_and_every_row_listed(db, tmp_path):
    rows = [meeting(number) for number in range(1, 1_202)]
    out, _ = run(write(tmp_path, rows), "--feed", "large")
    assert "1201 created" in out
    assert Meeting.objects.filter(feed__name="large").count() == 1_201


def test_the_zip_index_knows_every_zip_code_as_the_zip_data_does():
    every = zipcodes.list_all()
    assert len(geo.zip_index()) == len(every)
    for row in every[::997]:
        (found,) = geo.zip_rows(row["zip_code"])
        assert (found["lat"], found["long"], found["city"]) == (
            row["lat"],
            row["long"],
            row["city"],
        )
        assert zones.zone_of_zip(row["zip_code"]) == zones.known_zone(row["timezone"])
    assert geo.zip_rows("00000") == []
    assert zones.zone_of_zip("6270") == zones.zone_of_zip("06270")
