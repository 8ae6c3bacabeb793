"""The period a report covers: whole weeks, at most MAX_WEEKS, for any dates."""

from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from clearhead.clinic.outcomes import (
    FIRST_MONDAY,
    MAX_WEEKS,
    last_complete_sunday,
    whole_weeks,
)

# Every date Python has, the edges included ("From" 0001-01-01 is a form value).
DAYS = st.dates(min_value=date.min, max_value=date.max)
# A clock's today: any day after the first week a report may cover.
TODAYS = st.dates(min_value=FIRST_MONDAY + timedelta(days=7), max_value=date.max)


@example(start=date.min, end=date.min + timedelta(days=6), today=date(2026, 12, 3))
@example(start=date.min, end=date.max, today=date(2026, 12, 3))
@example(start=date.max, end=date.max, today=date.max)
@given(start=DAYS, end=DAYS, today=TODAYS)
def test_any_period_becomes_whole_weeks_before_today(start, end, today):
    start, end = sorted((start, end))
    first, last = whole_weeks(start, end, today)
    assert first.weekday() == 0
    assert last.weekday() == 6
    assert first >= FIRST_MONDAY
    assert (last - first).days + 1 <= 7 * MAX_WEEKS
    assert last <= last_complete_sunday(today)


@given(start=st.dates(min_value=FIRST_MONDAY), end=st.dates(min_value=FIRST_MONDAY))
def test_a_period_within_the_limit_keeps_every_day_asked(start, end):
    start, end = sorted((start, end))
    first, last = whole_weeks(start, end, date.max)
    if (end - start).days < 7 * (MAX_WEEKS - 1):
        assert first <= start
        assert end <= last
