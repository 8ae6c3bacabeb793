"""Every reader sees the same stored flags, filtered by what its audience may see.

For any sequence of check-ins (lapses, self-harm answers, some a day late),
drug tests (ketamine positive or negative), waits of hours and days with the
worker's daily pass, and consent changes (the care team's check-in
summaries, the supporter's missed-check-in alerts), at any wall-clock hour
and across a daylight-saving change, after each step:

* the patient's API (/api/v1/me/early-warnings) and their own FHIR export,
* the clinician's caseload row, patient page and FHIR export,
* the supporter's page,

each equal the stored open flags filtered by a small oracle written here from
the vocabulary alone (`FlagKind.audiences`, `needs`, `supporter_needs`) and
the consents the test gave: never more, never less.
"""

import contextlib
import itertools
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.accounts.models import Role
from clearhead.care import policy
from clearhead.care import services as care_services
from clearhead.care.models import Consent, Program, ProgramMembership
from clearhead.care.time_zones import today_for
from clearhead.clinic import records
from clearhead.clinic.selectors import (
    caseload_for_clinician,
    patient_record_for_clinician,
)
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.flags.definitions import FLAG_KINDS, Audience
from clearhead.flags.models import Flag
from clearhead.flags.selectors import flags_for, holds_on
from clearhead.interop.export import own_bundle, patient_bundle
from clearhead.recovery import services as recovery_services
from clearhead.sharing import services as sharing_services
from clearhead.sharing.selectors import supporter_overview
from clearhead.testing import make_user

# Not marked `clock`: each example sets the clock itself (time_machine, a
# random hour, across a daylight-saving change), so rerunning it under the
# suite's frozen instants would only repeat it.

# Two days before each zone's spring change of 2026, at 00:00 UTC.
STARTS = {
    "America/Chicago": datetime(2026, 3, 6, tzinfo=UTC),
    "Europe/London": datetime(2026, 3, 27, tzinfo=UTC),
}
CARE_BASE = ["plan"]  # what the care team always has here, besides its own records

CHECKIN = st.fixed_dictionaries(
    {
        "late": st.booleans(),
        "craving": st.integers(0, 10),
        "confidence": st.one_of(st.none(), st.integers(0, 10)),
        "used_ketamine": st.booleans(),
        "self_harm_thoughts": st.booleans(),
    }
).map(lambda d: ("checkin", d))
DRUG_TEST = st.tuples(st.sampled_from(["positive", "negative"]), st.integers(0, 2)).map(
    lambda t: ("drug_test", t)
)
WAIT = st.integers(1, 96).map(lambda hours: ("wait", hours))
CARE = st.booleans().map(lambda shared: ("care_team_summary", shared))
SUPPORTER = st.booleans().map(lambda granted: ("supporter_alerts", granted))
STEPS = st.lists(
    st.one_of(CHECKIN, CHECKIN, DRUG_TEST, WAIT, WAIT, CARE, SUPPORTER),
    min_size=1,
    max_size=20,
)

_numbers = itertools.count()


class World:
    """One patient, their clinician (a program in the same zone), a supporter."""

    def __init__(self, zone: str):
        n = next(_numbers)
        self.program = Program.objects.create(name=f"Program {n}", time_zone=zone)
        self.casey = make_user(f"casey{n}@clinic.example.org", Role.CLINICIAN, "Casey")
        ProgramMembership.objects.create(program=self.program, clinician=self.casey)
        self.pat = make_user(f"pat{n}@example.org", Role.PATIENT, "Pat")
        self.pat.time_zone = zone
        self.pat.save(update_fields=["time_zone"])
        self.sam = make_user(f"sam{n}@example.org", Role.SUPPORTER, "Sam")
        self.enrollment = enroll(self.pat, self.casey, self.program, sharing=CARE_BASE)
        self.link, code = sharing_services.supporter_invite(actor=self.pat)
        sharing_services.supporter_accept(actor=self.sam, code=code)
        self.link.refresh_from_db()
        # What the test has granted: the oracle reads these, not the database.
        self.care_kinds = set(CARE_BASE) | {policy.PROGRAM_RECORDS}
        self.supporter_kinds: set[str] = set()

    def step(self, kind, value) -> None:
        if kind == "checkin":
            late = value.pop("late")
            day = today_for(self.pat) - timedelta(days=int(late))
            # A second late check-in for the same day is refused: nothing kept.
            with contextlib.suppress(ValidationError):
                recovery_services.checkin_create(
                    actor=self.pat,
                    client_id=uuid.uuid4(),
                    data={"day": day, "mood": 3, **value},
                )
        elif kind == "drug_test":
            result, days_ago = value
            records.drug_test_record(
                actor=self.casey,
                enrollment=self.enrollment,
                collected_on=today_for(self.pat) - timedelta(days=days_ago),
                specimen="urine",
                method="laboratory",
                results={"ketamine": result},
            )
        elif kind == "care_team_summary":
            sharing = CARE_BASE + (["checkin_summary"] if value else [])
            care_services.enrollment_sharing_update(
                actor=self.pat,
                enrollment=self.enrollment,
                sharing=sharing,
                signature="Pat",
            )
            self.care_kinds = set(sharing) | {policy.PROGRAM_RECORDS}
        elif kind == "supporter_alerts":
            self._supporter(value)

    def _supporter(self, granted: bool) -> None:
        for consent in Consent.objects.filter(link=self.link, revoked_at=None):
            care_services.consent_revoke(actor=self.pat, consent=consent)
        self.supporter_kinds = set()
        if granted:
            consent = care_services.consent_sign(
                actor=self.pat,
                link=self.link,
                kinds=["missed_checkin_alerts"],
                purpose="family_support",
                expires_on=today_for(self.pat) + timedelta(days=365),
                signature="Pat",
            )
            # Signed long ago: the supporter may know of every missed day
            # (test_alerts covers the days before signing).
            Consent.objects.filter(pk=consent.pk).update(
                signed_at=consent.signed_at - timedelta(days=60)
            )
            self.supporter_kinds = {"missed_checkin_alerts"}


def _stored_open(patient) -> set[str]:
    today = today_for(patient)
    return {
        flag.kind
        for flag in Flag.objects.filter(patient=patient, cleared_at=None)
        if holds_on(flag, today)
    }


def _oracle(stored: set[str], audience: Audience, kinds: set[str]) -> set[str]:
    """The flags `audience`, holding `kinds`, may see, from the vocabulary alone."""
    needs = {
        Audience.PATIENT: lambda kind: True,
        Audience.CARE_TEAM: lambda kind: kind.needs in kinds,
        Audience.SUPPORTER: lambda kind: (
            bool(kind.supporter_needs) and kind.supporter_needs in kinds
        ),
    }[audience]
    return {
        kind.code
        for kind in FLAG_KINDS
        if kind.code in stored and audience in kind.audiences and needs(kind)
    }


def _active_fhir_flags(bundle) -> set[str]:
    return {
        entry["resource"]["code"]["coding"][0]["code"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Flag"
        and entry["resource"]["status"] == "active"
    }


def _assert_every_reader_agrees(client, world: World) -> None:
    stored = _stored_open(world.pat)
    mine = _oracle(stored, Audience.PATIENT, set())
    team = _oracle(stored, Audience.CARE_TEAM, world.care_kinds)
    supporter = _oracle(stored, Audience.SUPPORTER, world.supporter_kinds)

    # The patient: their API and their own export.
    client.force_login(world.pat)
    response = client.get("/api/v1/me/early-warnings")
    assert response.status_code == 200
    assert {flag["code"] for flag in response.json()["flags"]} == mine
    assert _active_fhir_flags(own_bundle(actor=world.pat)) == mine

    # The clinician: caseload row, patient page, FHIR export.
    [row] = caseload_for_clinician(actor=world.casey).rows
    assert set(row.flag_codes) == team
    record = patient_record_for_clinician(
        actor=world.casey, enrollment=world.enrollment
    )
    assert {item.flag.kind for item in record["flags"]} == team
    bundle = patient_bundle(actor=world.casey, enrollment=world.enrollment)
    assert _active_fhir_flags(bundle) == team

    # The supporter: the selector their page reads, and the page itself.
    if world.supporter_kinds:
        seen = flags_for(
            actor=world.sam, patient=world.pat, audience=Audience.SUPPORTER
        )
        assert {flag.kind for flag in seen} == supporter
    else:
        with pytest.raises(PermissionDenied):
            flags_for(actor=world.sam, patient=world.pat, audience=Audience.SUPPORTER)
    [entry] = supporter_overview(actor=world.sam)
    assert (entry.get("missed") is not None) == bool(supporter)
    client.force_login(world.sam)
    page = client.get("/supporter/").content.decode()
    assert ("has not checked in for" in page) == bool(supporter)


@pytest.mark.django_db
@pytest.mark.parametrize("zone", sorted(STARTS))
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(start_hour=st.integers(0, 23), steps=STEPS)
def test_each_audience_sees_the_same_flags_filtered_by_what_it_may_see(
    client, zone, start_hour, steps
):
    instant = STARTS[zone] + timedelta(hours=start_hour)
    with time_machine.travel(instant, tick=False) as traveller:
        world = World(zone)
        for kind, value in steps:
            if kind == "wait":
                instant += timedelta(hours=value)
                traveller.move_to(instant, tick=False)
            else:
                world.step(kind, value)
            recovery_services.flags_daily_pass(instant)
            _assert_every_reader_agrees(client, world)
