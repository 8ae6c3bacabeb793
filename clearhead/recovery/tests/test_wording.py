"""Counts of days and milestones: one wording, plural-correct, never more
than the counter shows."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhead.recovery import wording
from clearhead.recovery.sobriety import (
    MILESTONES,
    milestones_reached,
    next_milestone,
)

COUNTS = st.integers(min_value=0, max_value=4000)


def plural_correct(text: str) -> bool:
    """No "1 days", and no "<n> day" for any n other than 1."""
    if re.search(r"(?<![\d.])1 days\b", text):
        return False
    return all(number == "1" for number in re.findall(r"(?<![\d.])(\d+) day\b", text))


@pytest.mark.parametrize(
    ("count", "words"), [(0, "0 days"), (1, "1 day"), (2, "2 days"), (21, "21 days")]
)
def test_days_are_plural_correct(count, words):
    assert wording.days(count) == words


@given(COUNTS)
def test_every_days_wording_is_plural_correct(count):
    for text in (
        wording.days(count),
        f"{count} {wording.days_without_ketamine(count)}",
        f"{count} {wording.days_until_stop(count)}",
        wording.checkin_days(count),
        wording.use_days(count),
    ):
        assert plural_correct(text), text


@given(COUNTS, st.sets(st.sampled_from(MILESTONES)))
def test_the_milestone_shown_is_never_above_the_count(count, uncelebrated):
    note = wording.milestone_note(count, sorted(uncelebrated))
    if note is None:
        assert not [m for m in uncelebrated if m <= count]
        return
    assert note.days <= count
    assert note.current_days == count
    assert plural_correct(note.heading + " " + note.text)
    if note.today:
        assert note.heading == f"{wording.days(count)}!"
    else:
        assert note.heading == f"You passed {wording.days(note.days)}"
        assert wording.days(count) in note.text


@given(COUNTS)
def test_the_next_milestone_is_above_the_count_and_reached_ones_not(count):
    upcoming = next_milestone(count)
    assert upcoming is None or upcoming > count
    assert all(m <= count for m in milestones_reached(count))
    if upcoming is not None:
        assert plural_correct(f"Next milestone: {wording.days(upcoming)}")


def test_a_milestone_is_celebrated_as_today_only_on_its_day():
    assert wording.milestone_note(14, [1, 7, 14]).heading == "14 days!"
    late = wording.milestone_note(20, [14])
    assert late.heading == "You passed 14 days"
    assert "You are at 20 days now." in late.text
    assert wording.milestone_note(1, [1]).heading == "1 day!"


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ([6.7], "6.7 out of 10, from 1 day of check-ins"),
        ([5.0, 5.0], "5 out of 10 on each of 2 days of check-ins"),
        (
            [2.0, 8.0],
            "average 5.0 out of 10, lowest 2, highest 8, from 2 days of check-ins",
        ),
    ],
)
def test_a_periods_values_are_said_once_each(values, words):
    assert wording.values_summary(values, "out of 10") == words


@pytest.mark.parametrize(
    ("done", "due", "words"),
    [
        (1, 1, "1 of 1 routine item done in the last 7 days (100%)"),
        (0, 1, "0 of 1 routine item done in the last 7 days (0%)"),
        (3, 4, "3 of 4 routine items done in the last 7 days (75%)"),
        (2, 3, "2 of 3 routine items done in the last 7 days (67%)"),
    ],
)
def test_the_routine_is_said_in_words_of_the_recent_window(done, due, words):
    from clearhead.flags.definitions import RECENT_DAYS

    assert wording.routine_done(done, due, RECENT_DAYS) == words
    assert plural_correct(words)
