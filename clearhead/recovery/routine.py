"""Weekly routine arithmetic: what was due, what was done. Pure."""

from datetime import date, timedelta

from clearhead.flags.definitions import RECENT_DAYS


def weekday_of(day: date) -> int:
    """0 = Sunday, as Meeting Guide numbers days."""
    return (day.weekday() + 1) % 7


def due_on(items, day: date) -> list:
    return [item for item in items if weekday_of(day) in item.weekdays]


def adherence(
    items, done: set[tuple[int, date]], today: date, days: int = RECENT_DAYS
) -> tuple[int, int]:
    """Return (done, due) over the last `days` days, today included
    (RECENT_DAYS: the window the home page and "My week" speak of)."""
    due = done_count = 0
    for offset in range(days):
        day = today - timedelta(days=offset)
        for item in due_on(items, day):
            due += 1
            done_count += (item.pk, day) in done
    return done_count, due
