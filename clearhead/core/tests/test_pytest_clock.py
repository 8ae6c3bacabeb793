"""The frozen-clock reruns: the instants they pick, and that they catch a test
that only passes on the day it was written."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from clearhead.core import clock
from clearhead.core.pytest_clock import (
    next_offset_change,
    next_wall_time,
    parse_clock_spec,
)

AFTERNOON = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def test_a_wall_time_is_the_next_one_after_now():
    assert next_wall_time(AFTERNOON, time(23, 30)) == datetime(
        2026, 11, 30, 23, 30, tzinfo=UTC
    )
    assert next_wall_time(AFTERNOON, time(0, 30)) == datetime(
        2026, 12, 1, 0, 30, tzinfo=UTC
    )
    assert next_wall_time(AFTERNOON, time(15, 0)) == datetime(
        2026, 12, 1, 15, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("zone", "change"),
    [
        # 2 am CST becomes 3 am CDT on the second Sunday of March.
        ("America/Chicago", datetime(2027, 3, 14, 8, 0, tzinfo=UTC)),
        # 1 am GMT becomes 2 am BST on the last Sunday of March.
        ("Europe/London", datetime(2027, 3, 28, 1, 0, tzinfo=UTC)),
    ],
)
def test_the_next_daylight_saving_change_is_found(zone, change):
    assert next_offset_change(AFTERNOON, ZoneInfo(zone)) == change
    assert parse_clock_spec(f"dst:{zone}", AFTERNOON) == change.replace(minute=30)


def test_a_local_wall_time_is_the_next_one_where_people_live():
    # 15:00 UTC is 10 am in New York: its next 00:30 is 05:30 UTC tomorrow,
    # and Chicago's 23:30 is 05:30 UTC too, an hour of wall clock apart.
    assert parse_clock_spec("local:America/New_York@00:30", AFTERNOON) == datetime(
        2026, 12, 1, 5, 30, tzinfo=UTC
    )
    assert parse_clock_spec("local:America/Chicago@23:30", AFTERNOON) == datetime(
        2026, 12, 1, 5, 30, tzinfo=UTC
    )
    assert parse_clock_spec("local:Asia/Tokyo@09:00", AFTERNOON) == datetime(
        2026, 12, 1, 0, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("2027-01-01T00:30", "give the instant's offset"),
        ("dst:Mars/Olympus_Mons", "dst:Mars/Olympus_Mons"),
        ("dst:UTC", "no daylight-saving change ahead"),
        ("25:99", "25:99"),
        ("local:Europe/London", "local:Europe/London"),
    ],
)
def test_a_bad_spec_is_refused_with_the_reason(spec, message):
    with pytest.raises(pytest.UsageError, match=message):
        parse_clock_spec(spec, AFTERNOON)


# A pytest of the planted file alone, and one with this plugin loaded.
PLAIN = ("-p", "no:django", "-p", "no:xdist")
FROZEN = (*PLAIN, "-p", "clearhead.core.pytest_clock")


def test_a_test_that_reads_the_real_date_fails_under_a_frozen_clock(pytester):
    # Planted: it compares today with the date it was written on, so it
    # passes today and nowhere else.
    written_on = clock.now().date()
    pytester.makepyfile(
        f"""
        import datetime
        import pytest

        @pytest.mark.clock
        def test_today_is_the_day_this_was_written():
            assert datetime.date.today() == datetime.date.fromisoformat("{written_on}")

        def test_not_about_time():
            pass
        """
    )
    plain = pytester.runpytest_subprocess(*PLAIN)
    plain.assert_outcomes(passed=2)
    frozen = pytester.runpytest_subprocess(
        *FROZEN,
        "--clock-at",
        f"{written_on + timedelta(days=3)}T00:30+00:00",
        "--clock-at",
        "dst:Europe/London",
    )
    # Both instants are days ahead: the planted test fails at each, and the
    # test that reads no time is not run again.
    frozen.assert_outcomes(failed=2, deselected=1)


def test_a_property_test_spreads_its_examples_over_the_frozen_instants(pytester):
    pytester.makepyfile(
        """
        import pytest
        from hypothesis import given, settings, strategies as st

        from clearhead.core.pytest_clock import examples

        @pytest.mark.clock
        @settings(max_examples=examples(21), database=None)
        @given(st.integers())
        def test_any_number(number):
            with open("tried.txt", "a") as tried:
                tried.write(".")
        """
    )
    tried = pytester.path / "tried.txt"
    pytester.runpytest_subprocess(*PLAIN).assert_outcomes(passed=1)
    assert len(tried.read_text()) == 21
    tried.unlink()
    instants = ["09:30", "23:30", "dst:Europe/London"]
    frozen = pytester.runpytest_subprocess(
        *FROZEN, *(f"--clock-at={spec}" for spec in instants)
    )
    frozen.assert_outcomes(passed=3)
    # Three runs of ceil(2 * 21 / 3) = 14: twice one run's search, not thrice.
    assert len(tried.read_text()) == 42
