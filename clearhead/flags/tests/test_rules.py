"""The early-warning rules, at each threshold."""

from datetime import UTC, date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from clearhead.flags.definitions import FLAG_CODES, LOOKBACK_DAYS
from clearhead.flags.rules import (
    CheckInFacts,
    early_warnings,
    early_warnings_holding,
    holds_until,
)

TODAY = date(2026, 11, 22)


def checkin(
    days_ago: int, *, craving=2, confidence=8, used=False, harm=False, body="", id=None
):
    return CheckInFacts(
        id=id or f"c{days_ago}-{craving}",
        day=TODAY - timedelta(days=days_ago),
        craving=craving,
        confidence=confidence,
        used_ketamine=used,
        self_harm_thoughts=harm,
        body_advice=body,
    )


def codes(checkins):
    return [flag.code for flag in early_warnings(checkins, TODAY)]


def test_no_checkins_no_flags():
    assert early_warnings([], TODAY) == []


def test_a_calm_week_raises_nothing():
    assert codes([checkin(day) for day in range(7)]) == []


@pytest.mark.parametrize(("days_ago", "flagged"), [(0, True), (6, True), (7, False)])
def test_crisis_looks_back_seven_days(days_ago, flagged):
    checkins = [checkin(0), checkin(days_ago, harm=True, id="harm")]
    flags = early_warnings(checkins, TODAY)
    assert ("crisis" in [f.code for f in flags]) is flagged
    if flagged:
        assert flags[0].code == "crisis"  # always first
        assert flags[0].evidence == ("harm",)


@pytest.mark.parametrize(("days_ago", "flagged"), [(0, True), (6, True), (7, False)])
def test_lapse_looks_back_seven_days(days_ago, flagged):
    assert ("lapse" in codes([checkin(0), checkin(days_ago, used=True)])) is flagged


@pytest.mark.parametrize(
    ("cravings", "flagged"),
    [
        ([7, 7, 1], True),
        ([7, 1, 7], True),
        ([6, 7, 6], False),
        ([9, 1, 1, 7], False),
        ([7, 7], True),
    ],
)
def test_high_craving_in_two_of_the_last_three(cravings, flagged):
    checkins = [
        checkin(len(cravings) - 1 - i, craving=c) for i, c in enumerate(cravings)
    ]
    assert ("high_craving" in codes(checkins)) is flagged


def test_rising_craving_needs_two_points_and_three_checkins_in_each_week():
    before = [checkin(day, craving=2) for day in (8, 9, 10)]
    assert "rising_craving" in codes(
        before + [checkin(day, craving=4) for day in (0, 1, 2)]
    )
    assert "rising_craving" not in codes(
        before + [checkin(day, craving=3) for day in (0, 1, 2)]
    )
    assert "rising_craving" not in codes(
        before + [checkin(day, craving=6) for day in (0, 1)]
    )
    assert "rising_craving" not in codes(
        before[:2] + [checkin(day, craving=6) for day in (0, 1, 2)]
    )


@pytest.mark.parametrize(("confidence", "flagged"), [(3, True), (4, False), (0, True)])
def test_low_confidence_in_the_latest_checkin(confidence, flagged):
    checkins = [checkin(1, confidence=1), checkin(0, confidence=confidence)]
    assert ("low_confidence" in codes(checkins)) is flagged


@pytest.mark.parametrize(("days_ago", "flagged"), [(2, False), (3, True), (10, True)])
def test_missed_checkins_after_three_days_of_silence(days_ago, flagged):
    flags = early_warnings([checkin(days_ago)], TODAY)
    missed = [f for f in flags if f.code == "missed_checkins"]
    assert bool(missed) is flagged
    if flagged:
        assert missed[0].since == TODAY - timedelta(days=days_ago - 1)


@pytest.mark.parametrize(
    ("advice", "flagged"), [("emergency", True), ("urgent", True), ("routine", False)]
)
def test_body_red_flag_from_the_latest_body_check(advice, flagged):
    assert ("body_red_flag" in codes([checkin(1, body=advice), checkin(0)])) is flagged
    # A later, calmer check clears it.
    assert "body_red_flag" not in codes(
        [checkin(1, body=advice), checkin(0, body="none")]
    )


CHECKINS = st.lists(
    st.builds(
        CheckInFacts,
        id=st.uuids().map(str),
        day=st.integers(0, 30).map(lambda d: TODAY - timedelta(days=d)),
        craving=st.integers(0, 10),
        confidence=st.integers(0, 10),
        used_ketamine=st.booleans(),
        self_harm_thoughts=st.booleans(),
        body_advice=st.sampled_from(["", "none", "routine", "urgent", "emergency"]),
        made_at=st.none() | st.datetimes(timezones=st.just(UTC)),
    ),
    max_size=40,
)


@given(CHECKINS)
def test_flags_are_unique_ordered_by_urgency_and_cite_real_checkins(checkins):
    flags = early_warnings(checkins, TODAY)
    found = [f.code for f in flags]
    assert len(found) == len(set(found))
    assert found == sorted(found, key=FLAG_CODES.index)
    ids = {c.id for c in checkins}
    for flag in flags:
        assert flag.evidence
        assert set(flag.evidence) <= ids
        assert flag.since <= TODAY


@given(CHECKINS)
def test_any_self_harm_in_the_last_week_always_raises_crisis_first(checkins):
    recent_harm = any(
        c.self_harm_thoughts and (TODAY - c.day).days <= 6 for c in checkins
    )
    flags = early_warnings(checkins, TODAY)
    assert (bool(flags) and flags[0].code == "crisis") is recent_harm


def _older_than_lookback(checkins):
    return [c for c in checkins if (TODAY - c.day).days >= LOOKBACK_DAYS]


@given(CHECKINS, CHECKINS)
def test_only_the_lookback_matters_once_there_is_a_recent_checkin(recent, older):
    recent = [c for c in recent if (TODAY - c.day).days < LOOKBACK_DAYS]
    assume(recent)
    assert early_warnings(recent + _older_than_lookback(older), TODAY) == (
        early_warnings(recent, TODAY)
    )


@given(CHECKINS)
def test_a_month_old_checkin_only_says_the_patient_has_gone_quiet(checkins):
    older = _older_than_lookback(checkins)
    assume(older)
    assert codes(older) == ["missed_checkins"]


def _holds_day_by_day(checkins, today):
    """holds_until as it reads: the rules run on each day ahead in turn."""
    found = {flag.code: None for flag in early_warnings(checkins, today)}
    still = set(found)
    for ahead in range(1, LOOKBACK_DAYS + 1):
        day = today + timedelta(days=ahead)
        raised = {flag.code for flag in early_warnings(checkins, day)}
        for code in still - raised:
            found[code] = day - timedelta(days=1)
        still &= raised
    return found


@settings(max_examples=400)
@given(CHECKINS, st.integers(-3, 3))
def test_holds_until_asks_only_the_days_the_answer_can_change_and_agrees(
    checkins, shift
):
    """holds_until runs the rules only on the days a window turns; it finds
    what running them on every day ahead finds (a check-in may even be
    dated after `today`)."""
    today = TODAY - timedelta(days=shift)
    assert holds_until(checkins, today) == _holds_day_by_day(checkins, today)
    flags, holds = early_warnings_holding(checkins, today)
    assert flags == early_warnings(checkins, today)
    assert holds == holds_until(checkins, today)
