"""The supporter's plain trend: more check-ins than last week, fewer, or about the same.

Pure (no database): one rule, tested on its own with hypothesis
(`sharing/tests/test_trend.py`). "This week" is the patient's RECENT_DAYS
days ending today (`flags.definitions.recent_start`), "last week" the
RECENT_DAYS days before it. Counts within SAME_WITHIN of each other are
"about the same": a day's difference is noise (today's check-in may simply
not have happened yet), and a worried reader should not be told "fewer"
because of it. A week with none is not noise: one day against none is
"more" (or "fewer"), and none in both weeks is said as it is.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from clearhead.flags.definitions import RECENT_DAYS, recent_start

# Weekly counts this far apart, or closer, are "about the same".
SAME_WITHIN = 1


class Trend(StrEnum):
    MORE = "more"
    FEWER = "fewer"
    SAME = "same"
    NONE = "none"


TREND_WORDS = {
    Trend.MORE: _("More check-ins than last week"),
    Trend.FEWER: _("Fewer check-ins than last week"),
    Trend.SAME: _("About the same number of check-ins as last week"),
    Trend.NONE: _("No check-ins in the last two weeks"),
}


@dataclass(frozen=True)
class WeeklyCheckIns:
    this_week: int
    last_week: int
    trend: Trend

    @property
    def words(self) -> str:
        return TREND_WORDS[self.trend]


def compare_weeks(this_week: int, last_week: int) -> Trend:
    """The rule: more or fewer when the counts differ by more than
    SAME_WITHIN, or when one week has none and the other some."""
    if this_week == last_week == 0:
        return Trend.NONE
    if last_week == 0:
        return Trend.MORE
    if this_week == 0:
        return Trend.FEWER
    if this_week - last_week > SAME_WITHIN:
        return Trend.MORE
    if last_week - this_week > SAME_WITHIN:
        return Trend.FEWER
    return Trend.SAME


def last_week_start(today: date) -> date:
    """The first day of the week before this one (both RECENT_DAYS long)."""
    return recent_start(today) - timedelta(days=RECENT_DAYS)


def weekly_checkins(days: Iterable[date], today: date) -> WeeklyCheckIns:
    """Count the days with a check-in in each week, and compare them.

    `days`: the patient's check-in days (duplicates and days outside the two
    weeks, later than today included, are ignored); `today`: the patient's.
    """
    this_start, last_start = recent_start(today), last_week_start(today)
    unique = set(days)
    this_week = sum(1 for day in unique if this_start <= day <= today)
    last_week = sum(1 for day in unique if last_start <= day < this_start)
    return WeeklyCheckIns(this_week, last_week, compare_weeks(this_week, last_week))
