"""Check-in adherence: one definition, honest for patients who joined lately."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from clearhead.flags.definitions import ADHERENCE_DAYS, adherence_start
from clearhead.recovery.sobriety import adherence, adherence_since

TODAY = date(2026, 6, 30)
# Check-in days within a year before TODAY (and a few after, never counted).
DAYS = st.sets(st.integers(-365, 3).map(lambda n: TODAY + timedelta(days=n)))
# The day the patient joined, up to a year ago (never after today).
JOINED = st.integers(0, 365).map(lambda n: TODAY - timedelta(days=n))


def _old(checkin_days, today):
    """The definition before the window could start at the joining day."""
    window = {today - timedelta(days=o) for o in range(ADHERENCE_DAYS)}
    return round(100 * len(checkin_days & window) / ADHERENCE_DAYS)


@given(DAYS, JOINED)
def test_adherence_is_a_percentage(days, joined):
    assert 0 <= adherence(days, TODAY, first_day=joined) <= 100


@given(DAYS, JOINED.filter(lambda d: d <= adherence_start(TODAY)))
def test_unchanged_for_patients_who_joined_before_the_window(days, joined):
    assert adherence(days, TODAY, first_day=joined) == _old(days, TODAY)
    assert adherence(days, TODAY) == _old(days, TODAY)


@given(DAYS, JOINED)
def test_days_before_joining_never_count(days, joined):
    before = {d for d in days if d < joined}
    after = days - before
    assert adherence(days, TODAY, first_day=joined) == adherence(
        after, TODAY, first_day=joined
    )


def test_a_patient_who_joined_today_and_checked_in_is_at_100():
    assert adherence({TODAY}, TODAY, first_day=TODAY) == 100
    assert adherence(set(), TODAY, first_day=TODAY) == 0


def test_the_window_is_the_days_since_joining():
    joined = TODAY - timedelta(days=3)  # four days, today included
    assert adherence_since(TODAY, joined) == joined
    assert adherence({TODAY, joined}, TODAY, first_day=joined) == 50
    assert adherence_since(TODAY, None) == adherence_start(TODAY)
