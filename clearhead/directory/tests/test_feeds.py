"""Feeds: rows keyed by feed, retirement, confirmation, refreshing from a URL,
placing rows without coordinates, and the demo directory retiring itself."""

import http.server
import io
import json
import logging
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command

from clearhead.core import clock
from clearhead.directory import feeds
from clearhead.directory.models import Facility, Feed, Meeting


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def meeting(slug, name, **extra):
    return {
        "slug": slug,
        "name": name,
        "day": 2,
        "time": "19:00",
        "address": "1 Main Street",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "latitude": 39.80,
        "longitude": -89.65,
        "types": ["O"],
        **extra,
    }


def write(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text(json.dumps(rows))
    return str(path)


def near_names(client, place="62701", path="meetings"):
    body = client.get(f"/api/v1/{path}", {"near": place, "limit": 100}).json()
    return sorted(result["name"] for result in body["results"])


def test_the_same_ids_in_two_feeds_are_two_meetings(client, db, tmp_path):
    one = write(tmp_path, "one.json", [meeting("1", "Alpha"), meeting("2", "Beta")])
    two = write(tmp_path, "two.json", [meeting("1", "Gamma"), meeting("2", "Delta")])
    run("import-meetings", one, "--feed", "one")
    out, _ = run("import-meetings", two, "--feed", "two")
    assert "Feed two:" in out
    assert "Meetings: 2 created, 0 updated, 0 unchanged, 0 retired, 0 skipped." in out
    assert near_names(client) == ["Alpha", "Beta", "Delta", "Gamma"]
    # Re-running one feed flips nothing in the other.
    out, _ = run("import-meetings", one, "--feed", "one")
    assert "0 created, 0 updated, 2 unchanged, 0 retired" in out
    assert near_names(client) == ["Alpha", "Beta", "Delta", "Gamma"]


def test_a_file_without_a_source_url_needs_a_feed_name(db, tmp_path):
    path = write(tmp_path, "feed.json", [meeting("1", "Alpha")])
    with pytest.raises(CommandError) as raised:
        call_command("import-meetings", path, stdout=io.StringIO())
    assert str(raised.value) == (
        f"{path}: this file names no source URL, so name its feed: "
        "--feed NAME (a short name you choose, like sussex-aa)."
    )
    assert not Meeting.objects.exists()


def test_a_meeting_gone_from_its_feed_is_retired_and_found_nowhere(
    client, db, tmp_path
):
    path = write(tmp_path, "a.json", [meeting("1", "Stays"), meeting("2", "Goes")])
    other = write(tmp_path, "b.json", [meeting("2", "Other feed's 2")])
    run("import-meetings", path, "--feed", "a")
    run("import-meetings", other, "--feed", "b")
    goes = Meeting.objects.get(name="Goes")
    write(tmp_path, "a.json", [meeting("1", "Stays")])
    out, _ = run("import-meetings", path, "--feed", "a")
    assert "0 created, 0 updated, 1 unchanged, 1 retired, 0 skipped." in out
    assert near_names(client) == ["Other feed's 2", "Stays"]
    assert client.get(f"/meetings/{goes.public_id}/").status_code == 404
    assert client.get(f"/meetings/{goes.public_id}.ics").status_code == 404
    assert "Goes" not in client.get("/meetings/?near=62701").content.decode()
    kept = Meeting.all_objects.get(pk=goes.pk)
    assert kept.retired_at is not None  # kept for history
    # Back in the feed: listed again.
    write(tmp_path, "a.json", [meeting("1", "Stays"), meeting("2", "Goes")])
    out, _ = run("import-meetings", path, "--feed", "a")
    assert "0 created, 1 updated, 1 unchanged, 0 retired" in out
    assert near_names(client) == ["Goes", "Other feed's 2", "Stays"]


def test_an_unchanged_import_changes_no_row_but_confirms_the_feed(db, tmp_path):
    path = write(tmp_path, "a.json", [meeting("1", "Alpha")])
    run("import-meetings", path, "--feed", "a", "--confirmed", "2026-11-01")
    before = list(Meeting.objects.values())
    with time_machine.travel(clock.now() + timedelta(days=3)):
        out, _ = run(
            "import-meetings", path, "--feed", "a", "--confirmed", "2026-11-12"
        )
    assert "0 created, 0 updated, 1 unchanged, 0 retired" in out
    assert "Listings show them confirmed on 12 Nov 2026." in out
    assert list(Meeting.objects.values()) == before
    feed = Feed.objects.get(name="a")
    assert f"{feed.last_confirmed_at:%Y-%m-%d}" == "2026-11-12"
    assert Meeting.objects.get().confirmed_at == feed.last_confirmed_at


def test_without_a_confirmation_date_the_files_own_dates_are_used(db, tmp_path):
    rows = [
        meeting("1", "Dated", updated="2026-09-15 10:00:00"),
        meeting("2", "Undated"),
    ]
    out, _ = run("import-meetings", write(tmp_path, "a.json", rows), "--feed", "a")
    assert "the file's own date where a row has one (1 of 2)" in out
    assert f"{Meeting.objects.get(name='Dated').confirmed_at:%Y-%m-%d}" == (
        "2026-09-15"
    )
    assert Meeting.objects.get(name="Undated").confirmed_at is None


class FeedServer:
    """A local HTTP server in a thread answering with whatever a test sets."""

    def __init__(self):
        self.status, self.body = 200, b"[]"
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.json"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


def test_the_worker_refreshes_registered_feeds_on_schedule(
    db, tmp_path, feed_server, settings, caplog
):
    settings.CLEARHEAD_FEED_REFRESH_HOURS = 6
    feed_server.body = json.dumps(
        [meeting("1", "Alpha"), meeting("2", "Beta")]
    ).encode()
    out, _ = run("import-meetings", feed_server.url, "--feed", "served")
    assert "2 created" in out
    feed = Feed.objects.get(name="served")
    assert feed.url == feed_server.url
    first_confirmed = feed.last_confirmed_at
    assert first_confirmed is not None  # fetched now: confirmed now

    # The feed drops Beta; the worker notices on its next due pass.
    feed_server.body = json.dumps([meeting("1", "Alpha")]).encode()
    assert feeds.feeds_refresh_due(clock.now()) == 1  # never fetched by the worker
    assert sorted(Meeting.objects.values_list("name", flat=True)) == ["Alpha"]
    assert feeds.feeds_refresh_due(clock.now()) == 0  # not due again yet

    # A bad answer later: logged without rows, the rows left alone.
    feed_server.status, feed_server.body = 500, b"<html>oops</html>"
    later = clock.now() + timedelta(hours=7)
    with time_machine.travel(later), caplog.at_level(logging.INFO):
        assert feeds.feeds_refresh_due(clock.now()) == 1
    feed.refresh_from_db()
    assert feed.last_fetch_problem == "the server answered HTTP 500"
    assert "Feed served" in caplog.text
    assert "HTTP 500" in caplog.text
    assert "Alpha" not in caplog.text
    assert sorted(Meeting.objects.values_list("name", flat=True)) == ["Alpha"]

    # Rows that are all unusable: nothing retired.
    feed_server.status, feed_server.body = 200, b"[1, 2, 3]"
    with time_machine.travel(later + timedelta(hours=7)):
        feeds.feeds_refresh_due(clock.now())
    assert Meeting.objects.count() == 1

    # An empty list: also left alone.
    feed_server.status, feed_server.body = 200, b"[]"
    with time_machine.travel(later + timedelta(hours=14)):
        feeds.feeds_refresh_due(clock.now())
    feed.refresh_from_db()
    assert feed.last_fetch_problem == "it holds no rows"
    assert Meeting.objects.count() == 1


def test_refreshing_can_be_turned_off(db, feed_server, settings):
    settings.CLEARHEAD_FEED_REFRESH_HOURS = 0
    Feed.objects.create(
        name="x", kind=Feed.Kind.MEETINGS, format="meeting_guide", url=feed_server.url
    )
    assert feeds.feeds_refresh_due(clock.now()) == 0


def test_meetings_without_usable_coordinates_are_placed_from_their_zip(
    client, db, tmp_path
):
    rows = [
        meeting("1", "Zero strings", latitude="0", longitude="0"),
        meeting("2", "Zero numbers", latitude=0, longitude=0, postal_code="62704"),
        meeting("3", "No coordinates", latitude=None, longitude=None),
        meeting(
            "4",
            "City only",
            latitude="",
            longitude="",
            postal_code="",
            city="Springfield",
            state="IL",
        ),
        meeting("5", "Exact", postal_code=""),
    ]
    out, _ = run("import-meetings", write(tmp_path, "a.json", rows), "--feed", "a")
    assert "4 rows had no usable coordinates and were placed" in out
    assert near_names(client, "62701") == [
        "City only",
        "Exact",
        "No coordinates",
        "Zero numbers",
        "Zero strings",
    ]
    placed = Meeting.objects.get(name="Zero strings")
    assert placed.approximate_location
    assert round(placed.latitude, 1) == 39.8
    assert round(placed.longitude, 1) == -89.6
    assert not Meeting.objects.get(name="Exact").approximate_location
    page = client.get(f"/meetings/{placed.public_id}/").content.decode()
    assert "approximate location" in page


def test_a_facility_without_coordinates_is_placed_from_its_zip(client, db, tmp_path):
    rows = [
        {
            "frid": "F1",
            "name1": "Placed Program",
            "zip": "62704",
            "city": "Springfield",
            "state": "IL",
            "latitude": "0",
            "longitude": "0",
            "services": [],
        }
    ]
    run("import-facilities", write(tmp_path, "f.json", rows), "--feed", "f")
    assert near_names(client, "62704", "facilities") == ["Placed Program"]
    facility = Facility.objects.get()
    assert facility.approximate_location
    page = client.get(f"/find/{facility.public_id}/").content.decode()
    assert "approximate location" in page


def test_the_demo_directory_retires_when_real_data_arrives(client, db, tmp_path):
    run("load-demo-directory", "--if-empty")
    assert "Demo" in " ".join(near_names(client, "62701"))
    out, _ = run(
        "import-meetings",
        write(tmp_path, "a.json", [meeting("1", "Real Meeting")]),
        "--feed",
        "real",
    )
    assert "Retired the fictional demo directory (64 facilities, 128 meetings)" in out
    assert near_names(client, "62701") == ["Real Meeting"]
    assert near_names(client, "62701", "facilities") == []
    assert "Demo" not in client.get("/find/?near=62701").content.decode()
    # Never loaded again beside real rows.
    run("load-demo-directory", "--if-empty")
    assert not Facility.objects.exists()
    with pytest.raises(CommandError, match="has real listings"):
        run("load-demo-directory")


def test_a_demo_row_never_shows_beside_a_real_one(client, db):
    from clearhead.directory.tests.factories import FacilityFactory, MeetingFactory

    FacilityFactory(source="demo", name="Demo Program")
    MeetingFactory(source="demo", name="Demo Meeting")
    assert near_names(client, "62701", "facilities") == ["Demo Program"]
    FacilityFactory(name="Real Program")
    MeetingFactory(name="Real Meeting")
    assert near_names(client, "62701", "facilities") == ["Real Program"]
    assert near_names(client, "62701") == ["Real Meeting"]
    assert client.get("/api/v1/facilities").json()["count"] == 1
    assert "Demo Program" not in client.get("/find/").content.decode()


# transaction: the worker's task runner closes the database connection.
@pytest.mark.django_db(transaction=True)
def test_a_worker_pass_fetches_a_registered_feed(feed_server, settings):
    settings.CLEARHEAD_FEED_REFRESH_HOURS = 24
    feed_server.body = json.dumps([meeting("1", "Fetched by the worker")]).encode()
    Feed.objects.create(
        name="served",
        kind=Feed.Kind.MEETINGS,
        format="meeting_guide",
        url=feed_server.url,
        options={"format": "meeting-guide"},
    )
    out = io.StringIO()
    call_command("worker", once=True, stdout=out)
    assert "Refreshed 1 directory feed." in out.getvalue()
    assert list(Meeting.objects.values_list("name", flat=True)) == [
        "Fetched by the worker"
    ]
    assert Feed.objects.get().last_confirmed_at is not None
