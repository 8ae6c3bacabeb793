"""The next step after a check-in: the whole answer space, and each boundary."""

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from clearhead.flags.definitions import HIGH_CRAVING, LOW_MOOD, FlagCode
from clearhead.recovery.next_step import PRIORITY, Step, heads_up, next_step

answers = st.fixed_dictionaries(
    {
        "self_harm_thoughts": st.booleans(),
        "used_ketamine": st.booleans(),
        "craving": st.integers(0, 10),
        "mood": st.integers(1, 5),
        "has_contact": st.booleans(),
    }
)


def expected(a: dict) -> Step:
    """The rule written as the list of what each step needs, in PRIORITY order."""
    needs = {
        Step.CRISIS: a["self_harm_thoughts"],
        Step.LAPSE: a["used_ketamine"],
        Step.URGE: a["craving"] >= HIGH_CRAVING,
        Step.CALL: a["mood"] <= LOW_MOOD and a["has_contact"],
        Step.KIND_WORD: True,
    }
    return next(step for step in PRIORITY if needs[step])


@given(answers)
def test_the_first_step_in_priority_order_whose_answer_is_given(a):
    assert next_step(**a) == expected(a)


@given(answers)
def test_crisis_help_exactly_when_this_checkin_reports_self_harm(a):
    assert (next_step(**a) == Step.CRISIS) == a["self_harm_thoughts"]


@given(answers)
def test_no_call_is_offered_without_someone_to_call(a):
    if not a["has_contact"]:
        assert next_step(**a) != Step.CALL


QUIET = {
    "self_harm_thoughts": False,
    "used_ketamine": False,
    "craving": 0,
    "mood": 5,
    "has_contact": True,
}


def test_each_published_boundary():
    assert next_step(**{**QUIET, "craving": HIGH_CRAVING}) == Step.URGE
    assert next_step(**{**QUIET, "craving": HIGH_CRAVING - 1}) == Step.KIND_WORD
    assert next_step(**{**QUIET, "mood": LOW_MOOD}) == Step.CALL
    assert next_step(**{**QUIET, "mood": LOW_MOOD + 1}) == Step.KIND_WORD
    assert next_step(**QUIET) == Step.KIND_WORD


def test_priority_crisis_then_lapse_then_craving_then_mood():
    everything = {
        "self_harm_thoughts": True,
        "used_ketamine": True,
        "craving": 10,
        "mood": 1,
        "has_contact": True,
    }
    assert next_step(**everything) == Step.CRISIS
    assert next_step(**{**everything, "self_harm_thoughts": False}) == Step.LAPSE
    no_use = {**everything, "self_harm_thoughts": False, "used_ketamine": False}
    assert next_step(**no_use) == Step.URGE
    assert next_step(**{**no_use, "craving": 0}) == Step.CALL


@dataclass
class Card:
    code: str


codes = st.lists(st.sampled_from(list(FlagCode)), max_size=12)


@given(codes, st.sampled_from(list(Step)))
def test_heads_up_never_repeats_a_topic_nor_the_step_nor_the_crisis(flag_codes, step):
    kept = [card.code for card in heads_up([Card(c) for c in flag_codes], step)]
    assert FlagCode.CRISIS not in kept
    assert len(set(kept)) == len(kept)
    lapse_like = {FlagCode.LAPSE, FlagCode.POSITIVE_DRUG_TEST}
    craving_like = {FlagCode.HIGH_CRAVING, FlagCode.RISING_CRAVING}
    assert len(lapse_like & set(kept)) <= 1
    assert len(craving_like & set(kept)) <= 1
    if step == Step.LAPSE:
        assert not lapse_like & set(kept)
    if step == Step.URGE:
        assert not craving_like & set(kept)
    # Nothing else is dropped: every other code given is kept once.
    others = set(flag_codes) - {FlagCode.CRISIS} - lapse_like - craving_like
    if step == Step.CALL:
        others.discard(FlagCode.LOW_CONFIDENCE)
    assert others <= set(kept)


def test_three_lapse_cards_become_none_under_the_plan_step_and_one_otherwise():
    cards = [
        Card(FlagCode.POSITIVE_DRUG_TEST),
        Card(FlagCode.LAPSE),
        Card(FlagCode.LAPSE),
    ]
    assert heads_up(cards, Step.LAPSE) == []
    assert [c.code for c in heads_up(cards, Step.KIND_WORD)] == [
        FlagCode.POSITIVE_DRUG_TEST
    ]
