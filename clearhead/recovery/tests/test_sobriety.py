"""Sober days: calendar arithmetic that is never off by one."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhead.recovery.sobriety import (
    milestones_reached,
    money_not_spent,
    next_milestone,
    sober_count,
)

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

STOP = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("today", "days"),
    [(STOP, 0), (date(2026, 1, 2), 1), (date(2026, 3, 1), 59), (date(2027, 1, 1), 365)],
)
def test_days_since_the_stop_date(today, days):
    assert sober_count(STOP, [], today).current_days == days


def test_a_leap_day_counts():
    assert sober_count(date(2028, 2, 28), [], date(2028, 3, 1)).current_days == 2


def test_a_lapse_resets_the_count_but_keeps_the_longest_run():
    count = sober_count(STOP, [date(2026, 1, 31)], date(2026, 2, 5))
    assert count.current_days == 5
    assert count.run_started == date(2026, 1, 31)
    assert count.longest_days == 30
    assert count.last_use == date(2026, 1, 31)


def test_a_use_today_means_zero_days_today():
    assert sober_count(STOP, [date(2026, 2, 1)], date(2026, 2, 1)).current_days == 0


def test_use_before_the_stop_date_is_history_not_a_lapse():
    count = sober_count(STOP, [date(2025, 12, 30)], date(2026, 1, 10))
    assert count.current_days == 9
    assert count.last_use is None


def test_a_planned_stop_date_in_the_future_counts_zero():
    assert sober_count(date(2026, 12, 1), [], date(2026, 11, 22)).current_days == 0


@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 1, 1)),
    st.lists(st.integers(0, 900), max_size=8),
    st.integers(0, 1000),
)
def test_the_count_is_the_days_since_the_last_use_or_the_stop(
    stop, use_offsets, days_later
):
    today = stop + timedelta(days=days_later)
    uses = [stop + timedelta(days=offset) for offset in use_offsets]
    count = sober_count(stop, uses, today)
    counted_uses = [use for use in uses if use <= today]
    last = max(counted_uses, default=stop)
    assert count.current_days == (today - max(last, stop)).days
    assert count.longest_days >= count.current_days
    assert count.longest_days <= days_later


def test_milestones():
    assert milestones_reached(0) == []
    assert milestones_reached(1) == [1]
    assert milestones_reached(30) == [1, 7, 14, 30]
    assert next_milestone(30) == 60
    assert next_milestone(13) == 14


def test_money_not_spent_is_exact_to_the_cent():
    assert money_not_spent(Decimal("70"), 10) == Decimal("100.00")
    assert money_not_spent(Decimal("50"), 3) == Decimal("21.43")
    assert money_not_spent(None, 10) is None
