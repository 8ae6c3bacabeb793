"""Sober days, the longest run, milestones and check-in adherence: calendar
arithmetic, pure.

Days are the patient's own calendar days (in their time zone). The day a
person stops counts as day 0; the next day they have 1 sober day. A reported
use on a day ends the run; the new run starts the day after.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from clearhead.flags.definitions import ADHERENCE_DAYS

MILESTONES = (1, 7, 14, 30, 60, 90, 180, 365, 730, 1095, 1460, 1825)


@dataclass(frozen=True)
class SoberCount:
    current_days: int
    run_started: date  # the first sober day of the current run's count (day 0)
    longest_days: int
    last_use: date | None


def sober_count(stop_date: date, use_days: list[date], today: date) -> SoberCount:
    """Count sober days from the stop date and the days use was reported.

    Uses before the stop date are history, not lapses. A use today means 0
    days today; tomorrow the count is 1.
    """
    lapses = sorted({day for day in use_days if stop_date <= day <= today})
    starts = [stop_date, *lapses]
    runs = []
    for start, end in zip(starts, [*lapses, None], strict=True):
        run_end = end if end is not None else today
        runs.append((run_end - start).days)
    run_started = starts[-1]
    current = max(0, (today - run_started).days)
    return SoberCount(
        current_days=current,
        run_started=run_started,
        longest_days=max([current, *runs]),
        last_use=lapses[-1] if lapses else None,
    )


def milestones_reached(current_days: int) -> list[int]:
    return [milestone for milestone in MILESTONES if current_days >= milestone]


def next_milestone(current_days: int) -> int | None:
    return next((m for m in MILESTONES if m > current_days), None)


def money_not_spent(weekly_spend: Decimal | None, days: int) -> Decimal | None:
    """Money kept by not using, from the typical weekly spend, to the cent."""
    if not weekly_spend:
        return None
    return (Decimal(weekly_spend) * days / 7).quantize(Decimal("0.01"))


def adherence_since(
    today: date, first_day: date | None, days: int = ADHERENCE_DAYS
) -> date:
    """The first day of the adherence window ending `today` (included).

    The later of `days - 1` days ago and `first_day`, the first day the
    patient could check in (the day they joined, in their zone): a patient
    who joined this week is not counted as missing the days before.
    """
    start = today - timedelta(days=days - 1)
    if first_day is not None and first_day > start:
        return min(first_day, today)
    return start


def adherence(
    checkin_days: set[date],
    today: date,
    days: int = ADHERENCE_DAYS,
    *,
    first_day: date | None = None,
) -> int:
    """Percentage of the window's days (today included) with a check-in.

    The window is `adherence_since(today, first_day, days)` to `today`, and
    the percentage is of that window's length, so 0 to 100 always.
    """
    start = adherence_since(today, first_day, days)
    length = (today - start).days + 1
    window = {start + timedelta(days=offset) for offset in range(length)}
    return round(100 * len(checkin_days & window) / length)
