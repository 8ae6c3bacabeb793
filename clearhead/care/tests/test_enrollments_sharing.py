"""`policy.enrollments_sharing` (consent read in SQL, for many enrollments at
once) answers as `policy.care_team_kinds` (each consent loaded and checked on
its patient's today) for any consent, patient zone and instant: revoked,
ending about midnight anywhere from UTC-12 to UTC+14, one disclosure only,
kinds empty or naming a kind that is a prefix of another, another program's.
"""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.accounts.models import Role
from clearhead.care import policy
from clearhead.care.models import Consent, Enrollment, Program
from clearhead.care.time_zones import today_for
from clearhead.clinic.outcomes import CRAVING_KINDS, SCREENING_KINDS, SUMMARY_KINDS
from clearhead.core import clock
from clearhead.core.pytest_clock import examples
from clearhead.testing import make_user

pytestmark = [pytest.mark.clock, pytest.mark.django_db]

ZONES = (
    "Etc/GMT+12",
    "Pacific/Pago_Pago",
    "America/Los_Angeles",
    "UTC",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
)
KINDS = (
    [],
    ["checkin"],
    ["checkin_summary"],
    ["checkins"],
    ["screening"],
    ["screenings", "plan"],
    ["plan"],
)
CONSENT = st.tuples(
    st.sampled_from(KINDS),
    # In force / revoked / its last day N days from the patient's today.
    st.one_of(st.just("open"), st.just("revoked"), st.integers(-2, 2)),
    st.booleans(),  # a consent to one disclosure only
)
PATIENTS = st.lists(
    st.tuples(
        st.sampled_from(ZONES),
        st.lists(CONSENT, max_size=2),
        st.booleans(),  # enrolled in another program
    ),
    min_size=1,
    max_size=5,
)
NEEDS = (SUMMARY_KINDS, CRAVING_KINDS, SCREENING_KINDS)


def _enrolled(patients, program, other, clinician):
    for n, (zone, consents, elsewhere) in enumerate(patients):
        patient = make_user(f"p{n}@example.org", Role.PATIENT, f"P{n}")
        patient.time_zone = zone
        patient.save(update_fields=["time_zone"])
        today = today_for(patient)
        enrollment = Enrollment.objects.create(
            program=other if elsewhere else program,
            patient=patient,
            started_on=today - timedelta(days=10),
            created_by=clinician,
        )
        for kinds, state, disclosure in consents:
            fields = {
                "enrollment": enrollment,
                "patient": patient,
                "purpose": "treatment",
                "signature": "P",
                "signed_at": clock.now() - timedelta(days=20),
                "kinds": kinds,
                "record_id": uuid.uuid4() if disclosure else None,
            }
            if state == "revoked":
                fields["revoked_at"] = clock.now()
            elif state != "open":
                fields["expires_on"] = today + timedelta(days=state)
            Consent.objects.create(**fields)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(patients=PATIENTS, minutes=st.integers(0, 24 * 60 - 1))
def test_enrollments_sharing_answers_as_care_team_kinds(
    casey_in_program, program, patients, minutes
):
    moment = datetime(2026, 11, 29, tzinfo=UTC) + timedelta(minutes=minutes)
    with time_machine.travel(moment, tick=False), transaction.atomic():
        other = Program.objects.create(name="Elsewhere")
        _enrolled(patients, program, other, casey_in_program)
        enrollments = Enrollment.objects.filter(program=program)
        found = [
            set(q.values_list("pk", flat=True))
            for q in policy.enrollments_sharing(enrollments, *NEEDS)
        ]
        todays = {
            e.pk: today_for(e.patient) for e in enrollments.select_related("patient")
        }
        kinds = policy.care_team_kinds(todays)
        transaction.set_rollback(True)
    assert found == [{pk for pk in todays if kinds[pk] & need} for need in NEEDS]


@pytest.mark.parametrize("kinds", ["checkins", {"checkins": True}, [["checkins"]]])
def test_kinds_not_a_list_of_names_share_nothing_in_sql(
    casey_in_program, program, kinds
):
    """Every writer stores a list of names; a `kinds` that is not one (a bare
    name, an object, a nested list) grants nothing in SQL: `?|` would match
    a bare name (which `care_team_kinds` reads as letters) and an object's
    keys, `json_each` a bare name."""
    _enrolled(
        [("UTC", [(["plan"], "open", False)], False)], program, None, casey_in_program
    )
    Consent.objects.update(kinds=kinds)
    enrollments = Enrollment.objects.filter(program=program)
    (found,) = policy.enrollments_sharing(enrollments, {"checkins"})
    assert not found.exists()
