"""The outcomes report's weekly craving series, folded from per-day sums."""

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from clearhead.clinic.tests.outcomes_oracle import weekly_means

START = date(2026, 8, 1)

CHECKINS = st.lists(
    st.tuples(
        st.integers(0, 89).map(lambda n: START + timedelta(days=n)), st.integers(0, 10)
    ),
    max_size=200,
)


def _per_day(checkins):
    days = defaultdict(lambda: {"craving_sum": 0, "count": 0})
    for day, craving in checkins:
        days[day]["craving_sum"] += craving
        days[day]["count"] += 1
    return [{"day": day, **sums} for day, sums in sorted(days.items())]


@given(CHECKINS)
def test_each_week_is_the_mean_of_its_own_checkins_from_monday(checkins):
    weeks = weekly_means(_per_day(checkins))
    assert [monday.weekday() for monday, _, _ in weeks] == [0] * len(weeks)
    assert sum(count for _, _, count in weeks) == len(checkins)
    for monday, mean, count in weeks:
        cravings = [c for day, c in checkins if 0 <= (day - monday).days < 7]
        assert count == len(cravings)
        assert mean == round(sum(cravings) / len(cravings), 1)


def test_a_week_spanning_two_months_is_one_point():
    rows = [
        {"day": date(2026, 8, 31), "craving_sum": 6, "count": 2},  # a Monday
        {"day": date(2026, 9, 2), "craving_sum": 9, "count": 1},
    ]
    assert weekly_means(rows) == [(date(2026, 8, 31), 5.0, 3)]
