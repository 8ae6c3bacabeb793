"""The real published meeting feeds in ../shared/field-data import whole.

Every type code and format key in them is mapped or deliberately shown by
name; every file imports with success; all of them go into one database
without one meeting overwriting another; a second import changes nothing.
"""

import io
import json
import re

from django.core.management import call_command

from clearhead.directory.models import Meeting
from clearhead.directory.tests.field_data import meeting_files
from clearhead.directory.vocabulary import (
    BMLT_FORMATS,
    MEETING_ATTENDANCE_TYPES,
    MEETING_TYPE_NAMES,
)

COUNTS = re.compile(
    r"Meetings: (\d+) created, (\d+) updated, (\d+) unchanged, (\d+) retired, "
    r"(\d+) skipped"
)


def _rows(data) -> list[dict]:
    return data["meetings"] if isinstance(data, dict) else data


def _codes(row: dict) -> list[str]:
    value = row.get("types", row.get("formats")) or []
    if isinstance(value, str):
        value = value.split(",")
    return [str(code).strip() for code in value if str(code).strip()]


def _not_running(row: dict) -> bool:
    """What the source itself marks as not running, read from the raw row."""
    if "id_bigint" in row:
        return str(row.get("published", "1")) == "0"
    if str(row.get("attendance_option", "")).lower() == "inactive":
        return True
    codes = {code.upper() for code in _codes(row)}
    online = row.get("conference_url") or row.get("conference_phone") or "ONL" in codes
    return "TC" in codes and not online and not row.get("attendance_option")


def _import(path, feed) -> tuple[int, ...]:
    out = io.StringIO()
    call_command(
        "import-meetings",
        str(path),
        "--feed",
        feed,
        stdout=out,
        stderr=io.StringIO(),
    )
    found = COUNTS.search(out.getvalue())
    assert found, out.getvalue()
    return tuple(int(n) for n in found.groups())


def test_the_field_data_has_meeting_feeds():
    assert len(meeting_files()) >= 9


def test_every_type_code_and_format_key_in_the_field_data_is_mapped():
    """A code seen in a real feed is named or translated, never left raw."""
    meeting_guide = MEETING_TYPE_NAMES.keys() | MEETING_ATTENDANCE_TYPES.keys()
    unknown = set()
    for path in meeting_files():
        data = json.loads(path.read_bytes())
        bmlt = isinstance(data, dict) or any("id_bigint" in r for r in data[:5])
        for row in _rows(data):
            for code in _codes(row):
                if bmlt and code not in BMLT_FORMATS:
                    unknown.add(f"{path.name}: BMLT format {code}")
                if not bmlt and not {code, code.upper()} & meeting_guide:
                    unknown.add(f"{path.name}: Meeting Guide type {code}")
    assert not unknown, (
        "Map these in clearhead/directory/vocabulary.py (MEETING_TYPE_NAMES, "
        f"MEETING_TYPE_ALIASES or BMLT_FORMATS): {sorted(unknown)}"
    )


def test_every_feed_imports_into_one_database_and_again_unchanged(db):
    expected_total, per_feed = 0, {}
    for path in meeting_files():
        rows = _rows(json.loads(path.read_bytes()))
        running = sum(1 for row in rows if not _not_running(row))
        created, updated, unchanged, retired, skipped = _import(path, path.stem)
        assert (created, updated, unchanged, retired) == (running, 0, 0, 0), path.name
        assert skipped == len(rows) - running, path.name
        expected_total += running
        per_feed[path.stem] = running
    assert Meeting.objects.count() == expected_total
    for path in meeting_files():
        created, updated, unchanged, retired, _ = _import(path, path.stem)
        assert (created, updated, retired) == (0, 0, 0), path.name
    assert Meeting.objects.count() == expected_total
    # Slugs repeat across feeds: none overwrote another feed's meeting.
    for feed, running in per_feed.items():
        assert Meeting.objects.filter(feed__name=feed).count() == running, feed
    assert not Meeting.objects.filter(time_zone="").exists()


def test_real_feeds_keep_what_the_issue_found_lost(db, client):
    """Sussex online-only rows are online; San Jose rows have a city; BMLT
    wheelchair meetings near Geneva, NY are found by type=X."""
    files = {path.name: path for path in meeting_files()}
    for name in (
        "tsml-ui__sussexaa.json",
        "tsml-ui__public-data.json",
        "yap__meeting-search-42.867970-day2.json",
    ):
        if name in files:
            _import(files[name], name)
    if "tsml-ui__sussexaa.json" in files:
        approximate = Meeting.objects.filter(
            feed__name="tsml-ui__sussexaa.json", address="", attendance="hybrid"
        )
        assert not approximate.exists()
    if "tsml-ui__public-data.json" in files:
        san_jose = Meeting.objects.filter(feed__name="tsml-ui__public-data.json")
        assert not san_jose.filter(city="").exists()
        assert san_jose.filter(city="San Jose", state="CA").count() > 100
    if "yap__meeting-search-42.867970-day2.json" in files:
        wheelchair = client.get(
            "/api/v1/meetings",
            {"near": "42.867970,-76.985", "radius_miles": 100, "type": "X"},
        ).json()
        assert wheelchair["count"] == 12  # the day-2 file's 12 "WC" meetings
