"""Time ranges on "who has seen my record" read right in the hour the clocks go back."""

from datetime import UTC, datetime

from django.utils import timezone

from clearhead.core.templatetags.local_times import local_time_range


def _range(first: datetime, last: datetime) -> str:
    with timezone.override("America/Chicago"):
        return str(local_time_range(first, last))


def test_a_visit_across_the_hour_the_clocks_go_back_names_both_sides():
    # 1 November 2026: 1:50 AM daylight time, then twenty minutes later 1:10
    # AM standard time. Bare, "1:50-1:10 AM" would run backwards.
    text = _range(
        datetime(2026, 11, 1, 6, 50, tzinfo=UTC),
        datetime(2026, 11, 1, 7, 10, tzinfo=UTC),
    )
    assert "1:50 AM CDT" in text
    assert "1:10 AM CST" in text


def test_a_visit_in_the_repeated_hour_says_which_one():
    text = _range(
        datetime(2026, 11, 1, 7, 5, tzinfo=UTC),
        datetime(2026, 11, 1, 7, 15, tzinfo=UTC),
    )
    assert "CST" in text
    assert "CDT" not in text


def test_an_ordinary_visit_reads_as_before():
    text = _range(
        datetime(2026, 3, 15, 19, 1, tzinfo=UTC),
        datetime(2026, 3, 15, 19, 5, tzinfo=UTC),
    )
    assert "15 Mar 2026, 2:01\u20132:05 PM" in text
