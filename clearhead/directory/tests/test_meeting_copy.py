"""An import writes its rows through one function, services.listings_write:
COPY on PostgreSQL, bulk_create and bulk_update elsewhere. Both write the
same rows, and an import's queries grow with its batches, never its rows.

Run on SQLite and on PostgreSQL (make test's second pass); on PostgreSQL the
first test compares COPY with the ORM's path on the same database."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearhead.core.public_cache import public_content_changed
from clearhead.directory import services
from clearhead.directory.models import Meeting
from clearhead.directory.tests.test_meeting_streaming import meeting as streamed_meeting

# Columns every database fills in its own way: keys, random ids, the clock.
OWN_COLUMNS = {"id", "public_id", "feed", "created_at", "updated_at", "retired_at"}


def meeting(number: int, **changes) -> dict:
    """The streaming tests' row, each at its own place (rows must differ)."""
    return streamed_meeting(number, **({"latitude": 39.80 + number / 1000} | changes))


def varied_rows() -> list:
    """Rows that use every kind of value: text COPY must escape (tabs,
    newlines, backslashes, quotes, `\\N`, accents), no coordinates (placed
    at the ZIP code), no zone, online and hybrid meetings, lists of days,
    floating times, a skipped row and a repeated one."""
    return [
        meeting(1),
        meeting(2, notes='Tab\there, a new\nline, a back\\slash, "quotes" and \\N'),
        meeting(3, name="Grupo Café Señor", location="Iglesia de San José"),
        meeting(4, latitude=None, longitude=None),
        meeting(5, latitude=None, longitude=None, postal_code="", city="", state=""),
        meeting(6, conference_url="zoom.example.org/j/1", address=""),
        meeting(7, conference_phone="+13015550100,,123#", types=["C", "ONL"]),
        meeting(8, day=["Monday", "Friday"], time="7:30 PM", end_time="banana"),
        meeting(9, timezone="America/Denver", latitude=39.74, longitude=-104.99),
        meeting(10, time="", end_time="", day=""),
        meeting(11, latitude=51.5, longitude=-0.12),  # not in its ZIP: dropped
        meeting(12, types="O,BE,X,LGBTQ,G", updated="2026-1-2 3:4:5"),
        meeting(13, notes=None, location_notes=12),
        "not a meeting",
        meeting(1, name="Repeated"),
    ]


def run(path, *args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("import-meetings", str(path), *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def write(tmp_path, rows, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows))
    return path


def stored(feed: str) -> dict:
    """The feed's meetings by source id, every column but OWN_COLUMNS, as
    the database gives them back."""
    names = [f.attname for f in Meeting._meta.concrete_fields]
    names = [n for n in names if OWN_COLUMNS.isdisjoint({n, n.removesuffix("_id")})]
    rows = Meeting.all_objects.filter(feed__name=feed).values(*names)
    listed = Meeting.all_objects.filter(feed__name=feed, retired_at=None)
    return {
        "rows": {row["source_id"]: row for row in rows},
        "listed": sorted(listed.values_list("source_id", flat=True)),
    }


def test_copy_and_the_orm_write_the_same_rows(db, tmp_path, monkeypatch):
    """The same file into two feeds, by listings_write as the database
    uses it (COPY on PostgreSQL) and by bulk_create and bulk_update; then a
    changed file, which updates, creates and retires, into both again."""
    first = write(tmp_path, varied_rows())
    changed_rows = [
        meeting(1, name="Renamed Group", notes="Now\twith a tab"),
        meeting(2, notes='Tab\there, a new\nline, a back\\slash, "quotes" and \\N'),
        meeting(3, name="Grupo Café Señor", location="Iglesia de San José", day=2),
        meeting(4, latitude=39.81, longitude=-89.65),
        meeting(8, day=["Tuesday"], time="noon", end_time="24:00"),
        meeting(14, name="A new group"),
    ]
    changed = write(tmp_path, changed_rows, "changed.json")

    reports = {}
    for feed, copies in (("by-copy", services._copies()), ("by-orm", False)):
        monkeypatch.setattr(services, "_copies", lambda copies=copies: copies)
        reports[feed] = [run(first, "--feed", feed)]
        reports[feed].append(run(changed, "--feed", feed))
        reports[feed].append(run(changed, "--feed", feed))

    assert reports["by-copy"] == [
        text.replace("by-orm", "by-copy") for text in reports["by-orm"]
    ]
    assert (
        "13 created, 0 updated, 0 unchanged, 0 retired, 2 skipped"
        in (reports["by-copy"][0])
    )
    assert "1 created, 4 updated, 1 unchanged, 8 retired" in reports["by-copy"][1]
    assert "0 created, 0 updated, 6 unchanged, 0 retired" in reports["by-copy"][2]
    by_copy, by_orm = stored("by-copy"), stored("by-orm")
    assert by_copy == by_orm
    assert len(by_copy["rows"]) == 14
    escaped = by_copy["rows"]["group-2"]["notes"]
    assert escaped == 'Tab\there, a new\nline, a back\\slash, "quotes" and \\N'
    assert by_copy["rows"]["group-3"]["name"] == "Grupo Café Señor"
    assert by_copy["rows"]["group-8"]["days"] == [2]


def test_new_rows_get_the_model_defaults_and_their_own_public_ids(db, tmp_path):
    run(write(tmp_path, [meeting(n) for n in range(1, 6)]), "--feed", "defaults")
    rows = Meeting.all_objects.filter(feed__name="defaults")
    assert len({row.public_id for row in rows}) == 5
    for row in rows:
        assert row.created_at is not None
        assert row.updated_at is not None
        assert row.retired_at is None
        assert row.other_types == []
        assert row.source == "meeting_guide"


def import_queries(tmp_path, rows: list, feed: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        run(write(tmp_path, rows, f"{feed}.json"), "--feed", feed)
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("kind", ["created", "updated"])
def test_an_import_makes_the_same_queries_for_each_batch(
    db, tmp_path, monkeypatch, kind
):
    """Queries grow by the same few for every batch of rows (here 10 a
    batch), whatever the database: none is made per row."""
    monkeypatch.setattr(services, "BATCH", 10)
    monkeypatch.setattr(services, "COPY_BATCH", 10)
    # The public pages' version row, which migrate makes: a transactional
    # test run earlier in this process empties every table, and the first
    # import would then make it again (four queries more than the others).
    public_content_changed()
    counts = {}
    for size in (10, 30, 90):
        feed = f"{kind}-{size}"
        if kind == "updated":
            run(write(tmp_path, [meeting(n) for n in range(size)]), "--feed", feed)
            rows = [meeting(n, name=f"Renamed {n}") for n in range(size)]
        else:
            rows = [meeting(n) for n in range(size)]
        queries = import_queries(tmp_path, rows, feed)
        counts[size] = len(queries)
        if connection.vendor == "postgresql":
            copies = [q for q in queries if q.startswith("COPY ")]
            assert len(copies) == size // 10  # a COPY is counted like a query
    per_batch = counts[30] - counts[10]
    assert per_batch % 2 == 0
    per_batch //= 2
    assert counts[90] - counts[30] == 6 * per_batch
    # Creating: one statement a batch; updating: at most four (PostgreSQL:
    # a staging table made, filled, read by one UPDATE, dropped).
    assert 1 <= per_batch <= (1 if kind == "created" else 4)
    # And a flat number besides: reading the feed's rows, registering it.
    assert counts[10] - per_batch < 20
