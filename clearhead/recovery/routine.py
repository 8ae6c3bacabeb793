"""Weekly routine arithmetic: what was due, what was done. Pure."""

from datetime import date, timedelta

from django.utils.text import get_text_list

from clearhead.directory.schedule import DAY_NAMES

# How far back "done this week" looks: the last seven days, today included.
ROUTINE_WINDOW_DAYS = 7


def weekday_of(day: date) -> int:
    """0 = Sunday, as Meeting Guide numbers days."""
    return (day.weekday() + 1) % 7


def due_on(items, day: date) -> list:
    return [item for item in items if weekday_of(day) in item.weekdays]


def adherence(
    items, done: set[tuple[int, date]], today: date, days: int = ROUTINE_WINDOW_DAYS
) -> tuple[int, int]:
    """Return (done, due) over the last `days` days, today included."""
    due = done_count = 0
    for offset in range(days):
        day = today - timedelta(days=offset)
        for item in due_on(items, day):
            due += 1
            done_count += (item.pk, day) in done
    return done_count, due


def days_in_words(weekdays) -> str:
    """The days of a routine item in words, Sunday first as they are numbered.

    [1, 3, 5] gives "Monday, Wednesday and Friday"; all seven give "Every
    day"; none (never stored: the form asks for one) gives "".
    """
    days = sorted(set(weekdays))
    if len(days) == len(DAY_NAMES):
        return "Every day"
    return get_text_list([DAY_NAMES[day] for day in days], "and")
