"""Every instrument scored exactly as published, at every band boundary."""

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhead.screening import explain, scoring
from clearhead.screening.instruments import INSTRUMENTS

PHQ_ITEM = st.integers(min_value=0, max_value=3)
RATING = st.integers(min_value=0, max_value=4)


def phq_answers_with_total(total: int, count: int = 9) -> list[int]:
    """Spread a total over the items, keeping item 9 at 0 unless needed."""
    answers = [0] * count
    for index in range(count):
        answers[index] = min(3, total)
        total -= answers[index]
    return answers


# --- ketamine self-check -----------------------------------------------------


@pytest.mark.parametrize(
    ("yes_count", "concern"), [(0, "none"), (1, "some"), (2, "likely"), (7, "likely")]
)
def test_self_check_concern_at_each_boundary(yes_count, concern):
    answers = [True] * yes_count + [False] * (7 - yes_count)
    assert scoring.score_ketamine_self_check(answers) == {
        "yes_count": yes_count,
        "concern": concern,
    }


@given(st.lists(st.booleans(), min_size=7, max_size=7))
def test_self_check_counts_every_yes(answers):
    result = scoring.score_ketamine_self_check(answers)
    assert result["yes_count"] == sum(answers)
    expected = (
        "none" if sum(answers) == 0 else "some" if sum(answers) == 1 else "likely"
    )
    assert result["concern"] == expected


# --- DSM-5-TR ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("met", "severity"),
    [
        (0, "none"),
        (1, "none"),
        (2, "mild"),
        (3, "mild"),
        (4, "moderate"),
        (5, "moderate"),
        (6, "severe"),
        (10, "severe"),
    ],
)
def test_dsm_severity_at_each_boundary(met, severity):
    answers = {
        criterion: index < met for index, criterion in enumerate(scoring.DSM_CRITERIA)
    }
    result = scoring.score_dsm5_ketamine(answers)
    assert result["criteria_met"] == met
    assert result["severity"] == severity


@given(st.fixed_dictionaries({c: st.booleans() for c in scoring.DSM_CRITERIA}))
def test_dsm_counts_at_most_ten_criteria_and_names_them(answers):
    result = scoring.score_dsm5_ketamine(answers)
    assert result["criteria_met"] == sum(answers.values()) <= 10
    assert set(result["criteria"]) == {c for c, met in answers.items() if met}


def test_dsm_has_no_withdrawal_criterion():
    # Withdrawal is not a criterion of phencyclidine-type use disorder.
    assert "withdrawal" not in scoring.DSM_CRITERIA
    assert len(scoring.DSM_CRITERIA) == 10


# --- PHQ-9 and GAD-7 ---------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands_at_each_boundary(total, severity):
    answers = list(reversed(phq_answers_with_total(total)))  # item 9 filled last
    result = scoring.score_phq9(answers)
    assert result["total"] == total
    assert result["severity"] == severity


@given(st.lists(PHQ_ITEM, min_size=9, max_size=9))
def test_phq9_total_is_the_sum_and_item_9_alone_decides_crisis(answers):
    result = scoring.score_phq9(answers)
    assert result["total"] == sum(answers)
    assert result["crisis"] is (answers[8] > 0)


def test_phq9_item_9_raises_crisis_even_with_a_minimal_total():
    result = scoring.score_phq9([0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert result == {"total": 1, "severity": "minimal", "crisis": True}


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands_at_each_boundary(total, severity):
    result = scoring.score_gad7(phq_answers_with_total(total, count=7))
    assert result == {"total": total, "severity": severity}


@given(st.lists(PHQ_ITEM, min_size=7, max_size=7))
def test_gad7_total_is_the_sum_within_0_to_21(answers):
    assert scoring.score_gad7(answers)["total"] == sum(answers)


# --- bladder and body check --------------------------------------------------


def body(*symptoms: str) -> dict:
    return dict.fromkeys(symptoms, True)


@pytest.mark.parametrize(
    ("symptoms", "advice", "red_flags"),
    [
        ((), "none", []),
        (("frequency",), "routine", ["frequency"]),
        (
            ("memory_problems", "nose_problems"),
            "routine",
            ["memory_problems", "nose_problems"],
        ),
        (("blood_in_urine",), "urgent", ["blood_in_urine"]),
        (("painful_urination", "fever"), "urgent", ["painful_urination", "fever"]),
        (("painful_urination",), "routine", ["painful_urination"]),
        (("fever",), "routine", ["fever"]),
        (("flank_pain",), "urgent", ["flank_pain"]),
        (("yellow_skin_or_eyes",), "urgent", ["yellow_skin_or_eyes"]),
        (("cannot_urinate",), "emergency", ["cannot_urinate"]),
        (("blood_in_urine", "fever"), "emergency", ["blood_in_urine", "fever"]),
        (
            ("blood_in_urine", "flank_pain"),
            "emergency",
            ["blood_in_urine", "flank_pain"],
        ),
        (
            ("upper_abdominal_pain", "vomiting", "yellow_skin_or_eyes"),
            "emergency",
            ["upper_abdominal_pain", "vomiting", "yellow_skin_or_eyes"],
        ),
        (
            ("upper_abdominal_pain", "vomiting"),
            "routine",
            ["upper_abdominal_pain", "vomiting"],
        ),
        (("frequency", "cannot_urinate"), "emergency", ["cannot_urinate"]),
        (("frequency", "flank_pain"), "urgent", ["flank_pain"]),
    ],
)
def test_bladder_check_advice_and_the_symptoms_that_drove_it(
    symptoms, advice, red_flags
):
    assert scoring.score_bladder_check(body(*symptoms)) == {
        "advice": advice,
        "red_flags": red_flags,
    }


@given(st.fixed_dictionaries({s: st.booleans() for s in scoring.BODY_SYMPTOMS}))
def test_bladder_advice_follows_the_order_of_precedence(answers):
    result = scoring.score_bladder_check(answers)
    present = {symptom for symptom, has in answers.items() if has}
    emergency = (
        "cannot_urinate" in present
        or {"blood_in_urine", "fever"} <= present
        or {"blood_in_urine", "flank_pain"} <= present
        or {"upper_abdominal_pain", "vomiting", "yellow_skin_or_eyes"} <= present
    )
    urgent = (
        "blood_in_urine" in present
        or {"painful_urination", "fever"} <= present
        or "flank_pain" in present
        or "yellow_skin_or_eyes" in present
    )
    expected = (
        "emergency"
        if emergency
        else "urgent"
        if urgent
        else "routine"
        if present
        else "none"
    )
    assert result["advice"] == expected
    assert set(result["red_flags"]) <= present


# --- level of care -----------------------------------------------------------

CARE_ANSWERS = st.fixed_dictionaries(
    {
        **dict.fromkeys(scoring.CARE_RATINGS, RATING),
        **{flag: st.booleans() for flag in scoring.CARE_FLAGS},
    }
)


def care(**answers) -> dict:
    return scoring.score_level_of_care(answers)


@pytest.mark.parametrize(
    ("answers", "level", "reasons"),
    [
        ({}, "outpatient", []),
        ({"strong_home_support": True}, "outpatient", ["strong_home_support"]),
        ({"withdrawal": 1, "readiness": 1}, "outpatient", []),
        ({"readiness": 2}, "intensive_outpatient", ["readiness"]),
        ({"work_problems": True}, "intensive_outpatient", ["work_problems"]),
        (
            {"home_problems": True, "legal_problems": True},
            "residential",
            ["home_problems", "legal_problems"],
        ),
        ({"environment": 3}, "residential", ["environment"]),
        ({"homeless": True}, "residential", ["homeless"]),
        ({"no_transport": True}, "residential", ["no_transport"]),
        ({"far_from_services": True}, "residential", ["far_from_services"]),
        ({"medical": 3}, "residential", ["medical"]),
        ({"mental_health": 3, "environment": 3}, "residential", ["mental_health"]),
        ({"withdrawal": 3}, "intensive_outpatient", ["withdrawal"]),
        ({"relapse_risk": 4}, "inpatient", ["relapse_risk"]),
        ({"suicidal_thoughts": True}, "inpatient", ["suicidal_thoughts"]),
        (
            {"suicidal_thoughts": True, "medical": 4},
            "inpatient",
            ["suicidal_thoughts", "medical"],
        ),
    ],
)
def test_level_of_care_rules_in_order(answers, level, reasons):
    result = care(**answers)
    assert result["level"] == level
    assert result["reasons"] == reasons


@pytest.mark.parametrize(
    ("withdrawal", "detox"), [(0, False), (2, False), (3, True), (4, True)]
)
def test_detox_first_from_a_withdrawal_rating_of_3(withdrawal, detox):
    assert care(withdrawal=withdrawal)["detox_first"] is detox


@pytest.mark.parametrize(
    ("answers", "crisis"),
    [
        ({}, False),
        ({"mental_health": 3}, False),
        ({"mental_health": 4}, True),
        ({"suicidal_thoughts": True}, True),
        ({"medical": 4}, False),
    ],
)
def test_crisis_from_suicidal_thoughts_or_mental_health_of_4(answers, crisis):
    assert care(**answers)["crisis"] is crisis


@given(CARE_ANSWERS, st.sampled_from(scoring.CARE_RATINGS))
def test_raising_a_rating_never_lowers_the_level_of_care(answers, rating):
    intensity = scoring.CARE_LEVELS.index
    before = scoring.score_level_of_care(answers)["level"]
    raised = answers | {rating: min(4, answers[rating] + 1)}
    after = scoring.score_level_of_care(raised)["level"]
    assert intensity(after) <= intensity(before)


@given(CARE_ANSWERS)
def test_every_reason_names_an_input_that_is_set(answers):
    result = scoring.score_level_of_care(answers)
    for reason in result["reasons"]:
        assert answers[reason] not in (0, False)
    if result["level"] != "outpatient":
        assert result["reasons"], "a level above outpatient always says why"


def test_every_instrument_labels_its_result_with_id_and_version():
    for instrument in INSTRUMENTS.values():
        assert instrument.version
        assert instrument.source
        assert instrument.licence


def test_validated_instruments_carry_their_loinc_codes():
    phq9, gad7 = INSTRUMENTS["phq9"], INSTRUMENTS["gad7"]
    assert (phq9.loinc_panel, phq9.loinc_total) == ("44249-1", "44261-6")
    assert phq9.items[8].loinc == "44260-8"
    assert (gad7.loinc_panel, gad7.loinc_total) == ("69737-5", "70274-6")
    assert [option.loinc for option in phq9.options] == [
        "LA6568-5",
        "LA6569-3",
        "LA6570-1",
        "LA6571-9",
    ]


def test_the_explanations_restate_no_score_threshold():
    """explain.py words results; the cut-offs it words them by ("talk with a
    doctor" from a moderate score, a raised rating) are scoring's, not
    numbers of its own that could drift from the bands."""
    source = Path(scoring.__file__).with_name("explain.py").read_text()
    literals = [
        (node.lineno, comparator.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Compare)
        for comparator in node.comparators
        if isinstance(comparator, ast.Constant)
        and isinstance(comparator.value, int)
        and not isinstance(comparator.value, bool)
    ]
    assert literals == []


@pytest.mark.parametrize("total", range(28))
def test_talk_with_a_doctor_from_the_moderate_band(total):
    phq9 = {"total": total, "severity": scoring.band(total, scoring.PHQ9_BANDS)}
    told = "Please talk with a doctor" in explain.mood_text(phq9)
    assert told == (total >= scoring.MODERATE_FROM)
    assert explain.needs_mental_health_care({"phq9": phq9}) == told
