"""No two outcome reports can be set against each other to recover a hidden week.

For random programs (who checks in on which days of four whole weeks) and any
two periods the page allows (free-form dates, widened to whole weeks), every
figure shown for a period has every week of that period from 0 or 5 and more
patients, and each week's own row is the same whichever period shows it.
"""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.clinic.outcomes import program_outcomes
from clearhead.clinic.tests.test_clinic import checkin
from clearhead.clinic.tests.test_outcomes import _back, _patient, _sunday
from clearhead.core.pytest_clock import examples
from clearhead.recovery.models import DailyCheckIn

pytestmark = [pytest.mark.clock, pytest.mark.django_db]

WEEKS = 4
PATIENTS = 6
# Each patient's check-ins: (day of the four weeks, craving).
PROGRAMS = st.lists(
    st.sets(st.tuples(st.integers(0, 7 * WEEKS - 1), st.integers(0, 10)), max_size=6),
    min_size=PATIENTS,
    max_size=PATIENTS,
)
# A period as asked for: any day of the four weeks to any later day.
PERIODS = st.tuples(st.integers(0, 7 * WEEKS - 1), st.integers(0, 7 * WEEKS - 1)).map(
    sorted
)
SHARED = ("mean_craving", "adherence", "abstinent_days_self_report")


@pytest.fixture
def sharing(casey_in_program, program):
    return [
        _patient(n, program, casey_in_program, ["checkins"], started_days_ago=90)
        for n in range(PATIENTS)
    ]


def _contributors(days_by_patient, first: date, monday: date) -> int:
    """From the generated data itself: who checked in that week."""
    return sum(
        any(0 <= (first + timedelta(days=d) - monday).days < 7 for d in days)
        for days in days_by_patient
    )


@settings(
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(program_data=PROGRAMS, one=PERIODS, other=PERIODS)
def test_no_hidden_week_follows_from_two_periods(
    casey_in_program, program, sharing, program_data, one, other
):
    first = _sunday(program) - timedelta(days=7 * WEEKS - 1)  # a Monday
    with transaction.atomic():
        days_by_patient = []
        for patient, entries in zip(sharing, program_data, strict=True):
            days = {}
            for day, craving in entries:
                days[day] = craving  # one check-in a day
            for day, craving in days.items():
                back = _back(program, 7 * WEEKS - 1 - day)
                checkin(patient, days_ago=back, craving=craving)
            days_by_patient.append(set(days))
        assert DailyCheckIn.objects.count() == sum(map(len, days_by_patient))
        reports = [
            program_outcomes(
                actor=casey_in_program,
                program=program,
                start=first + timedelta(days=a),
                end=first + timedelta(days=b),
            )
            for a, b in (one, other)
        ]
        transaction.set_rollback(True)
    rows = []
    for report in reports:
        assert report["start"].weekday() == 0
        assert report["end"].weekday() == 6
        assert first <= report["start"]
        assert report["end"] <= _sunday(program)
        counts = {
            monday: _contributors(days_by_patient, first, monday)
            for monday in report["weeks"]
        }
        for figure in SHARED:
            if not report[figure]["suppressed"]:
                # Shown for the period: no week of it is a small cell.
                assert all(n == 0 or n >= 5 for n in counts.values()), figure
        for monday, _, _, hidden in report["weekly_craving"]:
            assert hidden == (0 < counts[monday] < 5)
        rows.append({row[0]: row for row in report["weekly_craving"]})
    # A week's row does not depend on the period that shows it.
    for monday in rows[0].keys() & rows[1].keys():
        assert rows[0][monday] == rows[1][monday]
