"""The supporter's trend: one rule, over every pair of weeks and every set of days."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhead.flags.definitions import RECENT_DAYS, recent_start
from clearhead.sharing.trend import (
    SAME_WITHIN,
    TREND_WORDS,
    Trend,
    compare_weeks,
    last_week_start,
    weekly_checkins,
)

TODAY = date(2026, 3, 15)
counts = st.integers(min_value=0, max_value=RECENT_DAYS)
# Days from well before last week to after today.
offsets = st.integers(min_value=-3, max_value=3 * RECENT_DAYS)
day_sets = st.sets(offsets.map(lambda back: TODAY - timedelta(days=back)))


@given(counts, counts)
def test_more_and_fewer_mirror_each_other(this_week, last_week):
    forward, backward = (
        compare_weeks(this_week, last_week),
        compare_weeks(last_week, this_week),
    )
    mirror = {
        Trend.MORE: Trend.FEWER,
        Trend.FEWER: Trend.MORE,
        Trend.SAME: Trend.SAME,
        Trend.NONE: Trend.NONE,
    }
    assert backward == mirror[forward]


@given(counts, counts)
def test_about_the_same_exactly_when_within_the_margin(this_week, last_week):
    """Within the margin, and some check-ins in both weeks: a week with none
    is never "about the same" as a week with one."""
    same = abs(this_week - last_week) <= SAME_WITHIN and this_week and last_week
    assert (compare_weeks(this_week, last_week) == Trend.SAME) == bool(same)


@given(counts, counts)
def test_none_only_when_both_weeks_have_none(this_week, last_week):
    trend = compare_weeks(this_week, last_week)
    assert (trend == Trend.NONE) == (this_week == last_week == 0)


@given(counts, counts)
def test_more_means_more(this_week, last_week):
    trend = compare_weeks(this_week, last_week)
    if trend == Trend.MORE:
        assert this_week > last_week
    if trend == Trend.FEWER:
        assert this_week < last_week


@pytest.mark.parametrize(
    ("this_week", "last_week", "trend"),
    [
        (0, 0, Trend.NONE),
        (1, 0, Trend.MORE),  # started checking in this week
        (0, 1, Trend.FEWER),
        (7, 7, Trend.SAME),
        (6, 7, Trend.SAME),  # today's check-in not made yet
        (7, 6, Trend.SAME),
        (5, 7, Trend.FEWER),  # the first count outside the margin
        (7, 5, Trend.MORE),
        (0, 7, Trend.FEWER),
        (7, 0, Trend.MORE),
    ],
)
def test_the_boundaries(this_week, last_week, trend):
    assert compare_weeks(this_week, last_week) == trend


@given(day_sets)
def test_each_week_counts_its_own_days_once(days):
    week = weekly_checkins(days, TODAY)
    this_start = recent_start(TODAY)
    assert week.this_week == len({d for d in days if this_start <= d <= TODAY})
    assert week.last_week == len(
        {d for d in days if last_week_start(TODAY) <= d < this_start}
    )
    assert 0 <= week.this_week <= RECENT_DAYS
    assert 0 <= week.last_week <= RECENT_DAYS
    assert week.trend == compare_weeks(week.this_week, week.last_week)


@given(day_sets, offsets)
def test_a_check_in_this_week_never_makes_the_trend_worse(days, back):
    rank = {Trend.FEWER: 0, Trend.SAME: 1, Trend.NONE: 1, Trend.MORE: 2}
    added = TODAY - timedelta(days=back % RECENT_DAYS)
    before = weekly_checkins(days, TODAY).trend
    after = weekly_checkins(days | {added}, TODAY).trend
    assert rank[after] >= rank[before]


@given(day_sets, st.lists(st.integers(min_value=1, max_value=400)))
def test_days_outside_the_two_weeks_change_nothing(days, far):
    outside = {last_week_start(TODAY) - timedelta(days=n) for n in far} | {
        TODAY + timedelta(days=n) for n in far
    }
    assert weekly_checkins(days | outside, TODAY) == weekly_checkins(
        {d for d in days if last_week_start(TODAY) <= d <= TODAY}, TODAY
    )


def test_the_two_weeks_are_back_to_back_and_of_equal_length():
    assert (recent_start(TODAY) - last_week_start(TODAY)).days == RECENT_DAYS
    assert (TODAY - recent_start(TODAY)).days + 1 == RECENT_DAYS


def test_every_trend_has_plain_words():
    assert set(TREND_WORDS) == set(Trend)
    assert weekly_checkins(set(), TODAY).words == ("No check-ins in the last two weeks")
