"""care.policy: who may see which kind of a patient's information.

Unit tests for each rule, and a property test that checks the policy against
a plain statement of the rules over roles, membership, consent dates,
revocation, the patient's zone and emergency access.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.accounts.models import Role
from clearhead.breakglass.models import EmergencyAccess
from clearhead.care import policy
from clearhead.care.models import (
    SHARE_KINDS,
    SUPPORTER_KINDS,
    Consent,
    Enrollment,
    Program,
    ProgramMembership,
    SupporterLink,
)
from clearhead.care.time_zones import today_for
from clearhead.core import clock
from clearhead.core.pytest_clock import examples
from clearhead.testing import make_user

pytestmark = pytest.mark.clock

PROGRAM_ZONE = "Pacific/Honolulu"
ZONES = ["", "UTC", "America/New_York", "America/Chicago", "Europe/London"]


def _world(*, zone="UTC", membership_ended=False, emergency_minutes=None):
    """Pat, her program with Casey on her care team, Sam linked, Ada an admin."""
    pat = make_user("pat@example.org", Role.PATIENT, "Pat")
    pat.time_zone = zone
    pat.save(update_fields=["time_zone"])
    casey = make_user("casey@example.org", Role.CLINICIAN, "Casey")
    sam = make_user("sam@example.org", Role.SUPPORTER, "Sam")
    ada = make_user("ada@example.org", Role.ADMIN, "Ada")
    pia = make_user("pia@example.org", Role.PATIENT, "Pia")
    program = Program.objects.create(name="Riverbend", time_zone=PROGRAM_ZONE)
    ProgramMembership.objects.create(
        program=program,
        clinician=casey,
        ended_at=clock.now() if membership_ended else None,
    )
    enrollment = Enrollment.objects.create(
        program=program, patient=pat, started_on=clock.today_in("UTC")
    )
    enrollment.care_team.add(casey)
    link = SupporterLink.objects.create(
        patient=pat,
        supporter=sam,
        code_hash=f"{pat.pk:064d}",
        expires_at=clock.now(),
        accepted_at=clock.now(),
    )
    if emergency_minutes is not None:
        EmergencyAccess.objects.create(
            admin=ada,
            patient=pat,
            reason="A test of emergency access, long enough.",
            started_at=clock.now() - timedelta(minutes=30),
            ends_at=clock.now() + timedelta(minutes=emergency_minutes),
        )
    users = {"pat": pat, "pia": pia, "casey": casey, "sam": sam, "ada": ada}
    return users, enrollment, link


def _consent(*, patient, enrollment=None, link=None, kinds, expires_on, revoked):
    return Consent.objects.create(
        patient=patient,
        enrollment=enrollment,
        link=link,
        purpose="treatment" if enrollment else "family_support",
        kinds=kinds,
        expires_on=expires_on,
        signature="Pat",
        signed_at=clock.now() - timedelta(days=40),
        revoked_at=clock.now() if revoked else None,
    )


def test_a_patient_sees_all_of_their_own_and_nothing_of_anyone_else(db):
    users, _, _ = _world()
    assert policy.visible_kinds(users["pat"], users["pat"]) == policy.ALL_KINDS
    assert policy.visible_kinds(users["pia"], users["pat"]) == frozenset()
    assert policy.may_change(users["pat"], users["pat"], "plan")
    assert not policy.may_change(users["pat"], users["pat"], "program_records")


def test_the_care_team_sees_the_programs_records_and_only_what_is_shared(db):
    users, enrollment, _ = _world()
    casey, pat = users["casey"], users["pat"]
    assert policy.visible_kinds(casey, pat) == {"program_records"}
    _consent(
        patient=pat,
        enrollment=enrollment,
        kinds=["checkins"],
        expires_on=None,
        revoked=False,
    )
    assert policy.visible_kinds(casey, pat) == {"program_records", "checkins"}
    assert policy.may_view(casey, pat, "checkins")
    assert not policy.may_view(casey, pat, "screenings")
    assert policy.may_change(casey, pat, "program_records")
    assert not policy.may_change(casey, pat, "checkins")


def test_a_removed_clinician_sees_nothing(db):
    users, enrollment, _ = _world(membership_ended=True)
    _consent(
        patient=users["pat"],
        enrollment=enrollment,
        kinds=list(SHARE_KINDS),
        expires_on=None,
        revoked=False,
    )
    assert policy.visible_kinds(users["casey"], users["pat"]) == frozenset()
    assert not policy.can_see_enrollment(users["casey"], enrollment)
    assert not policy.may_change(users["casey"], users["pat"], "program_records")


def test_a_consent_ends_after_its_last_day_where_the_patient_lives(db):
    users, _, link = _world(zone="America/Chicago")
    pat = users["pat"]
    today = today_for(pat)
    assert today == clock.now().astimezone(ZoneInfo("America/Chicago")).date()
    _consent(
        patient=pat, link=link, kinds=["sober_days"], expires_on=today, revoked=False
    )
    _consent(
        patient=pat,
        link=link,
        kinds=["checkin_adherence"],
        expires_on=today - timedelta(days=1),
        revoked=False,
    )
    assert policy.visible_kinds(users["sam"], pat) == {"sober_days"}


def test_a_revoked_consent_and_an_ended_link_show_nothing(db):
    users, _, link = _world()
    pat, sam = users["pat"], users["sam"]
    consent = _consent(
        patient=pat, link=link, kinds=["sober_days"], expires_on=None, revoked=True
    )
    assert policy.visible_kinds(sam, pat) == frozenset()
    Consent.objects.filter(pk=consent.pk).update(revoked_at=None)
    assert policy.visible_kinds(sam, pat) == {"sober_days"}
    SupporterLink.objects.filter(pk=link.pk).update(ended_at=clock.now())
    assert policy.visible_kinds(sam, pat) == frozenset()


def test_a_supporter_never_gets_a_care_team_kind(db):
    users, _, link = _world()
    _consent(
        patient=users["pat"],
        link=link,
        kinds=["checkins", "sober_days"],  # as if written by hand
        expires_on=None,
        revoked=False,
    )
    assert policy.visible_kinds(users["sam"], users["pat"]) == {"sober_days"}


def test_an_administrator_sees_a_record_only_while_their_emergency_access_is_open(db):
    users, _, _ = _world(emergency_minutes=10)
    assert policy.visible_kinds(users["ada"], users["pat"]) == policy.ALL_KINDS
    assert not policy.may_change(users["ada"], users["pat"], "program_records")
    EmergencyAccess.objects.update(ends_at=clock.now() - timedelta(seconds=1))
    assert policy.visible_kinds(users["ada"], users["pat"]) == frozenset()


def test_nobody_signed_in_sees_nothing_and_an_unknown_kind_is_an_error(db):
    from django.contrib.auth.models import AnonymousUser

    users, _, _ = _world()
    assert policy.visible_kinds(AnonymousUser(), users["pat"]) == frozenset()
    with pytest.raises(ValueError, match="Unknown kind"):
        policy.may_view(users["pat"], users["pat"], "diary")


def test_many_patients_cost_the_same_queries_as_two(db, django_assert_num_queries):
    users, enrollment, _ = _world()
    casey, program = users["casey"], enrollment.program

    def add_patients(n):
        ids = []
        for i in range(n):
            p = make_user(f"p{n}-{i}@example.org", Role.PATIENT, f"P{i}")
            e = Enrollment.objects.create(
                program=program, patient=p, started_on=clock.today_in("UTC")
            )
            e.care_team.add(casey)
            _consent(
                patient=p, enrollment=e, kinds=["plan"], expires_on=None, revoked=False
            )
            ids.append(p.pk)
        return ids

    few, many = add_patients(2), add_patients(20)
    with CaptureQueriesContext(connection) as few_queries:
        few_kinds = policy.visible_kinds_for(casey, few)
    # The zones, the visible enrollments, the consents: never one per patient.
    assert len(few_queries.captured_queries) == 3
    with django_assert_num_queries(3):
        many_kinds = policy.visible_kinds_for(casey, many)
    assert (
        set(few_kinds.values())
        == set(many_kinds.values())
        == {frozenset({"program_records", "plan"})}
    )


ROLES = ["pat", "pia", "casey", "sam", "ada"]
END_OFFSETS = st.one_of(st.none(), st.integers(min_value=-2, max_value=2))


@pytest.mark.django_db
@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    role=st.sampled_from(ROLES),
    membership_ended=st.booleans(),
    zone=st.sampled_from(ZONES),
    team_kinds=st.sets(st.sampled_from(sorted(SHARE_KINDS))),
    team_end=END_OFFSETS,
    team_revoked=st.booleans(),
    supporter_kinds=st.sets(st.sampled_from(sorted(SUPPORTER_KINDS))),
    supporter_end=END_OFFSETS,
    supporter_revoked=st.booleans(),
    emergency=st.sampled_from([None, -5, 5]),
)
def test_the_policy_matches_the_rules_written_plainly(
    role,
    membership_ended,
    zone,
    team_kinds,
    team_end,
    team_revoked,
    supporter_kinds,
    supporter_end,
    supporter_revoked,
    emergency,
):
    savepoint = transaction.savepoint()
    try:
        users, enrollment, link = _world(
            zone=zone, membership_ended=membership_ended, emergency_minutes=emergency
        )
        pat = users["pat"]
        # The patient's today, worked out here without care.time_zones.
        today = clock.now().astimezone(ZoneInfo(zone or PROGRAM_ZONE)).date()

        def end(offset):
            return None if offset is None else today + timedelta(days=offset)

        def in_force(offset, revoked):
            return not revoked and (offset is None or offset >= 0)

        if team_kinds:
            _consent(
                patient=pat,
                enrollment=enrollment,
                kinds=sorted(team_kinds),
                expires_on=end(team_end),
                revoked=team_revoked,
            )
        if supporter_kinds:
            _consent(
                patient=pat,
                link=link,
                kinds=sorted(supporter_kinds),
                expires_on=end(supporter_end),
                revoked=supporter_revoked,
            )
        expected = {
            "pat": policy.ALL_KINDS,
            "pia": frozenset(),
            "casey": frozenset()
            if membership_ended
            else frozenset({"program_records"})
            | (team_kinds if in_force(team_end, team_revoked) else frozenset()),
            "sam": frozenset(supporter_kinds)
            if in_force(supporter_end, supporter_revoked)
            else frozenset(),
            "ada": policy.ALL_KINDS if emergency == 5 else frozenset(),
        }[role]
        actor = users[role]
        assert policy.visible_kinds(actor, pat) == expected
        assert policy.visible_kinds_for(actor, [pat.pk, users["pia"].pk]) == {
            pat.pk: expected,
            users["pia"].pk: policy.ALL_KINDS if role == "pia" else frozenset(),
        }
        for kind in policy.ALL_KINDS:
            assert policy.may_view(actor, pat, kind) == (kind in expected)
    finally:
        transaction.savepoint_rollback(savepoint)
