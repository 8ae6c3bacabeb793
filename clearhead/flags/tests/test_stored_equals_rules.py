"""Stored flags are the rules' flags: after any sequence of check-ins and days.

For random check-ins (some logged a day late) at random hours, across a
daylight-saving change in Chicago and in London, what the patient sees after
each write and the worker's daily pass equals `flags.rules.early_warnings`
on the same check-ins, with the patient's own today. The one allowed
difference: a crisis nobody has reviewed outlives its week.
"""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.care.time_zones import today_for
from clearhead.flags.definitions import Audience
from clearhead.flags.models import Flag, FlagEvaluation
from clearhead.flags.rules import early_warnings
from clearhead.flags.selectors import flags_for
from clearhead.recovery import services as recovery_services
from clearhead.recovery.models import DailyCheckIn
from clearhead.recovery.selectors import FACT_FIELDS, warning_facts

# Two days before each zone's spring change of 2026, at 00:00 UTC.
STARTS = {
    "America/Chicago": datetime(2026, 3, 6, tzinfo=UTC),
    "Europe/London": datetime(2026, 3, 27, tzinfo=UTC),
}

CHECKIN = st.fixed_dictionaries(
    {
        "late": st.booleans(),
        "craving": st.integers(0, 10),
        "confidence": st.one_of(st.none(), st.integers(0, 10)),
        "used_ketamine": st.booleans(),
        "self_harm_thoughts": st.booleans(),
    }
).map(lambda d: ("checkin", d))
WAIT = st.integers(1, 60).map(lambda hours: ("wait", hours))
STEPS = st.lists(st.one_of(CHECKIN, CHECKIN, WAIT), min_size=1, max_size=25)


def _stored(patient) -> dict:
    return {
        flag.kind: (flag.since, set(flag.evidence_ids), flag.is_reviewed)
        for flag in flags_for(actor=patient, patient=patient, audience=Audience.PATIENT)
    }


def _expected(patient) -> dict:
    facts = [
        warning_facts(row)
        for row in DailyCheckIn.objects.filter(patient=patient).values_list(
            *FACT_FIELDS
        )
    ]
    return {
        flag.code: (flag.since, set(flag.evidence))
        for flag in early_warnings(facts, today_for(patient))
    }


def _assert_same(patient) -> None:
    stored, expected = _stored(patient), _expected(patient)
    crisis = stored.pop("crisis", None)
    if "crisis" in expected:
        since, evidence = expected.pop("crisis")
        assert crisis is not None
        assert crisis[0] <= since
        assert evidence <= crisis[1]
    else:
        assert crisis is None or not crisis[2], "a reviewed crisis expired"
    assert {code: value[:2] for code, value in stored.items()} == expected


@pytest.mark.django_db
@pytest.mark.parametrize("zone", sorted(STARTS))
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(start_hour=st.integers(0, 23), steps=STEPS)
def test_stored_flags_equal_the_rules_at_any_hour_across_dst(
    patient_pat, zone, start_hour, steps
):
    patient_pat.time_zone = zone
    patient_pat.save(update_fields=["time_zone"])
    DailyCheckIn.objects.filter(patient=patient_pat).delete()
    Flag.objects.filter(patient=patient_pat).delete()
    FlagEvaluation.objects.filter(patient=patient_pat).delete()
    instant = STARTS[zone] + timedelta(hours=start_hour)
    with time_machine.travel(instant, tick=False) as traveller:
        for kind, value in steps:
            if kind == "wait":
                instant += timedelta(hours=value)
                traveller.move_to(instant, tick=False)
            else:
                late = value.pop("late")
                day = today_for(patient_pat) - timedelta(days=int(late))
                recovery_services.checkin_create(
                    actor=patient_pat,
                    client_id=uuid.uuid4(),
                    data={"day": day, "mood": 3, **value},
                )
            recovery_services.flags_daily_pass(instant)
            _assert_same(patient_pat)
