"""The outcomes report read from the weekly roll-up equals the report read from
every check-in (outcomes_oracle), for any program: patients in any zone, one
or two enrollments (a discharged one beside an active one), any start, any
consent (sharing or not, revoked, ending about now, one disclosure only),
check-ins before the start, on partial weeks, several on one day.
"""

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.accounts.models import Role
from clearhead.care.models import Consent, Enrollment
from clearhead.care.time_zones import today_for
from clearhead.clinic.models import DrugTest
from clearhead.clinic.outcomes import (
    CRAVING_KINDS,
    SUMMARY_KINDS,
    program_outcomes,
)
from clearhead.clinic.tests.outcomes_oracle import raw_outcomes
from clearhead.core import clock
from clearhead.core.pytest_clock import examples
from clearhead.recovery import services as recovery_services
from clearhead.recovery.models import CheckInWeek, DailyCheckIn, RecoveryProfile
from clearhead.recovery.rollups import checkin_weeks_rebuild
from clearhead.screening.models import ScreeningResult
from clearhead.testing import make_user

pytestmark = [pytest.mark.clock, pytest.mark.django_db]

ZONES = ("UTC", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12")
KINDS = (
    [],
    ["checkin_summary"],
    ["checkins"],
    ["screenings"],
    ["checkins", "screenings"],
    ["plan", "checkin_summary"],
)
# A consent: its kinds, then in force / revoked / ending N days from today.
CONSENTS = st.tuples(
    st.sampled_from(KINDS),
    st.one_of(st.just("open"), st.just("revoked"), st.integers(-2, 2)),
    st.booleans(),  # also a consent to one disclosure only
)
ENROLLMENTS = st.lists(st.tuples(st.integers(0, 100), CONSENTS), min_size=1, max_size=2)
CHECKINS = st.lists(
    st.tuples(st.integers(-1, 110), st.integers(0, 10), st.booleans()), max_size=8
)
PATIENTS = st.lists(
    st.tuples(
        st.sampled_from(ZONES),
        ENROLLMENTS,
        st.booleans(),  # the latest enrollment active
        CHECKINS,
        st.lists(st.tuples(st.integers(0, 60), st.integers(0, 27)), max_size=3),
    ),
    min_size=1,
    max_size=7,
)


def _consent(enrollment, kinds, state, disclosure, today):
    fields = {
        "enrollment": enrollment,
        "patient": enrollment.patient,
        "purpose": "treatment",
        "signature": "P",
        "signed_at": clock.now() - timedelta(days=200),
    }
    if state == "revoked":
        fields["revoked_at"] = clock.now()
    elif state != "open":
        fields["expires_on"] = today + timedelta(days=state)
    Consent.objects.create(kinds=kinds, **fields)
    if disclosure:
        Consent.objects.create(kinds=["checkins"], record_id=uuid.uuid4(), **fields)


def _program_with(patients, program, clinician):
    for n, (zone, enrollments, active, checkins, scores) in enumerate(patients):
        patient = make_user(f"p{n}@example.org", Role.PATIENT, f"P{n}")
        patient.time_zone = zone
        patient.save(update_fields=["time_zone"])
        RecoveryProfile.objects.create(patient=patient, stop_date=date(2026, 1, 1))
        today = today_for(patient)
        for m, (days_ago, (kinds, state, disclosure)) in enumerate(enrollments):
            latest = m == len(enrollments) - 1
            enrollment = Enrollment.objects.create(
                program=program,
                patient=patient,
                started_on=today - timedelta(days=days_ago),
                status=Enrollment.Status.ACTIVE
                if latest and active
                else Enrollment.Status.DISCHARGED,
                created_by=clinician,
            )
            _consent(enrollment, kinds, state, disclosure, today)
            DrugTest.objects.create(
                enrollment=enrollment,
                collected_on=today - timedelta(days=days_ago // 2),
                specimen=DrugTest.Specimen.URINE,
                method=DrugTest.Method.POINT_OF_CARE,
                results={"ketamine": "negative" if days_ago % 3 else "positive"},
                recorded_by=clinician,
            )
        for days_ago, craving, used in checkins:
            recovery_services.checkin_create(
                actor=patient,
                client_id=uuid.uuid4(),
                data={
                    "day": today - timedelta(days=days_ago),
                    "craving": craving,
                    "mood": 3,
                    "used_ketamine": used,
                    "self_harm_thoughts": False,
                },
            )
        for days_ago, total in scores:
            result = ScreeningResult.objects.create(
                patient=patient,
                instrument_id="phq9",
                answers={},
                result={"total": total},
                administered_by=clinician if total % 2 else None,
            )
            ScreeningResult.objects.filter(pk=result.pk).update(
                created_at=clock.now() - timedelta(days=days_ago)
            )


def _both(clinician, program, start, end):
    return (
        program_outcomes(actor=clinician, program=program, start=start, end=end),
        raw_outcomes(program=program, start=start, end=end),
    )


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(patients=PATIENTS, weeks_back=st.integers(0, 20), weeks=st.integers(0, 16))
def test_the_rollup_report_equals_the_report_from_every_checkin(
    casey_in_program, program, patients, weeks_back, weeks
):
    with transaction.atomic():
        _program_with(patients, program, casey_in_program)
        end = clock.today_in(program.time_zone) - timedelta(weeks=weeks_back)
        report, raw = _both(
            casey_in_program, program, end - timedelta(weeks=weeks), end
        )
        # Rebuilt in bulk, the roll-up holds the same rows.
        rows = set(CheckInWeek.objects.values_list())
        checkin_weeks_rebuild()
        rebuilt = set(CheckInWeek.objects.values_list())
        transaction.set_rollback(True)
    assert report == raw
    assert {row[1:] for row in rows} == {row[1:] for row in rebuilt}


def test_a_patient_whose_today_is_before_the_weeks_end(casey_in_program, program):
    """Monday just after midnight in Kiribati is Saturday night at UTC-12: a
    patient there has check-ins of Sunday that are not theirs yet."""
    program.time_zone = "Pacific/Kiritimati"
    program.save(update_fields=["time_zone"])
    monday = datetime(2026, 11, 30, 0, 30, tzinfo=ZoneInfo("Pacific/Kiritimati"))
    with time_machine.travel(monday.astimezone(UTC), tick=False):
        patients = [
            ("Etc/GMT+12", [(20, (["checkins"], "open", False))], True, days, [])
            for days in ([(-1, 9, True), (0, 3, False), (2, 5, False)],) * 6
        ]
        _program_with(patients, program, casey_in_program)
        assert DailyCheckIn.objects.count() == 18
        end = clock.today_in(program.time_zone)
        report, raw = _both(casey_in_program, program, end - timedelta(weeks=4), end)
    assert report == raw
    assert report["weekly_craving"][-1][2] == 12  # not Sunday's, not yet


def test_craving_is_shared_only_with_the_summary():
    """The report reads the cravers among those sharing the summary."""
    assert CRAVING_KINDS <= SUMMARY_KINDS


def test_the_report_asks_a_fixed_number_of_queries(casey_in_program, program):
    def count(n):
        checkins = [(0, 4, False), (3, 6, False), (9, 2, True), (20, 4, False)]
        sharing = [(40, (["checkins", "screenings"], "open", False))]
        with transaction.atomic():
            _program_with(
                [("UTC", sharing, True, checkins, [(5, 4)])] * n,
                program,
                casey_in_program,
            )
            end = clock.today_in(program.time_zone)
            with CaptureQueriesContext(connection) as queries:
                report = program_outcomes(
                    actor=casey_in_program,
                    program=program,
                    start=end - timedelta(weeks=6),
                    end=end,
                )
            transaction.set_rollback(True)
        assert report["enrolled"]["value"] == n
        return len(queries)

    assert count(2) == count(12)
