"""A check-in's coded answers and a routine item's days, in words."""

import pytest

from clearhead.recovery.choices import (
    CHECKIN_LISTS,
    COPING,
    OTHER_SUBSTANCES,
    TRIGGERS,
    answer_labels,
)
from clearhead.recovery.routine import days_in_words


def test_each_list_reads_its_own_words_in_the_order_answered():
    assert answer_labels("triggers", ["low_mood", "celebration"]) == [
        "Feeling low",
        "Parties or celebrations",
    ]
    assert answer_labels("coping", ["called_someone"]) == ["Called or texted someone"]
    assert answer_labels("other_substances", ["ghb"]) == ["GHB or GBL"]
    assert CHECKIN_LISTS == {
        "triggers": TRIGGERS,
        "coping": COPING,
        "other_substances": OTHER_SUBSTANCES,
    }


def test_an_unknown_code_is_shown_spaced_rather_than_dropped():
    assert answer_labels("triggers", ["stress", "bad_sleep"]) == ["Stress", "bad sleep"]


def test_no_answer_is_no_words():
    assert answer_labels("triggers", []) == []
    assert answer_labels("coping", None) == []


def test_a_list_that_is_not_a_check_in_list_is_refused():
    with pytest.raises(KeyError):
        answer_labels("moods", [1])


@pytest.mark.parametrize(
    ("weekdays", "words"),
    [
        ([3], "Wednesday"),
        ([0, 6], "Sunday and Saturday"),
        ([5, 1, 3, 3], "Monday, Wednesday and Friday"),
        (list(range(7)), "Every day"),
        ([], ""),
    ],
)
def test_a_routine_items_days_in_words(weekdays, words):
    assert days_in_words(weekdays) == words
