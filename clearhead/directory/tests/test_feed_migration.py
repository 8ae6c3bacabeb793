"""Rows imported before feeds existed move to one feed per former source."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_a_feed_named_after_their_source():
    executor = MigrationExecutor(connection)
    executor.migrate([("directory", "0001_initial")])
    old = executor.loader.project_state([("directory", "0001_initial")]).apps
    Facility = old.get_model("directory", "Facility")
    Meeting = old.get_model("directory", "Meeting")
    common = {"latitude": 39.8, "longitude": -89.6, "content_hash": "x"}
    Facility.objects.create(
        source="samhsa",
        source_id="F1",
        name="Old program",
        source_updated=date(2026, 10, 1),
        **common,
    )
    Facility.objects.create(source="demo", source_id="D1", name="Demo", **common)
    Meeting.objects.create(
        source="meeting_guide", source_id="1", name="Old meeting", slug="1", **common
    )
    Meeting.objects.create(
        source="bmlt", source_id="1", name="Old NA meeting", slug="bmlt-1", **common
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # every app back to now
    new = executor.loader.project_state(
        executor.loader.graph.leaf_nodes("directory")
    ).apps
    Feed = new.get_model("directory", "Feed")
    feeds = {(feed.kind, feed.name): feed for feed in Feed.objects.all()}
    assert set(feeds) == {
        ("facilities", "samhsa"),
        ("facilities", "demo"),
        ("meetings", "meeting-guide"),
        ("meetings", "bmlt"),
    }
    assert f"{feeds['facilities', 'samhsa'].last_confirmed_at:%Y-%m-%d}" == "2026-10-01"
    new_facility = new.get_model("directory", "Facility")
    new_meeting = new.get_model("directory", "Meeting")
    assert (
        new_facility.objects.get(source_id="F1").feed_id
        == feeds["facilities", "samhsa"].pk
    )
    assert (
        new_meeting.objects.get(name="Old NA meeting").feed_id
        == feeds["meetings", "bmlt"].pk
    )
    assert not new_meeting.objects.filter(retired_at__isnull=False).exists()
