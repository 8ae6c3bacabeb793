"""Synthetic load data: realistic shapes, deterministic, never beside real data."""

import random
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from clearhead.accounts.models import Role, User
from clearhead.care.models import Enrollment
from clearhead.clinic.models import Appointment, DrugTest, ProgressNote
from clearhead.core import clock
from clearhead.directory.models import Facility, Meeting
from clearhead.flags.models import Flag
from clearhead.operations.synthetic import (
    QUIET_DAYS,
    SYNTHETIC_DOMAIN,
    checkin_series,
    generate,
)
from clearhead.recovery.models import DailyCheckIn


@given(seed=st.integers(0, 2**32), days=st.integers(0, 200))
def test_a_series_stays_on_its_scales_and_its_days(seed, days):
    first = date(2026, 1, 1)
    series = list(checkin_series(random.Random(seed), first, days))
    assert len(series) <= days
    assert [s.day for s in series] == sorted({s.day for s in series})
    for shape in series:
        assert first <= shape.day < first + timedelta(days=days)
        assert 0 <= shape.craving <= 10
        assert 1 <= shape.mood <= 5
        assert not shape.used or shape.craving >= 7


def test_series_have_missed_days_and_lapses_across_many_patients():
    rng = random.Random(7)
    series = [list(checkin_series(rng, date(2026, 1, 1), 90)) for _ in range(200)]
    kept = sum(len(s) for s in series)
    assert 0.6 * 200 * 90 < kept < 0.95 * 200 * 90
    assert any(shape.used for s in series for shape in s)


def run(**options) -> str:
    out = StringIO()
    call_command("generate-load-data", stdout=out, verbosity=0, **{"seed": 3} | options)
    return out.getvalue()


def test_the_command_fills_every_area_marked_as_synthetic(db):
    output = run(programs=2, patients=12, days=30, facilities=25, meetings=10)
    assert "Inserted 2 programs, 12 patients" in output
    patients = User.objects.filter(role=Role.PATIENT)
    assert patients.count() == 12
    assert all(u.email.endswith(f"@{SYNTHETIC_DOMAIN}") for u in patients)
    assert not any(u.check_password("") for u in patients)
    assert Enrollment.objects.count() == 12
    assert all(e.sharing for e in Enrollment.objects.all()[:3])
    assert 12 * 30 * 0.6 < DailyCheckIn.objects.count() <= 12 * 30
    assert Appointment.objects.count() == 12 * 5
    assert ProgressNote.objects.exists()
    assert DrugTest.objects.exists()
    assert Facility.objects.filter(name__startswith="Synthetic").count() == 25
    assert Meeting.objects.filter(name__startswith="Synthetic").count() == 10


def test_the_same_seed_gives_the_same_data(db):
    def cravings():
        return list(
            DailyCheckIn.objects.order_by("patient__email", "day").values_list(
                "day", "craving", "mood", "used_ketamine"
            )
        )

    with transaction.atomic():
        run(patients=5, days=20)
        first = cravings()
        transaction.set_rollback(True)
    assert not DailyCheckIn.objects.exists()
    run(patients=5, days=20)
    assert cravings() == first


def test_it_refuses_a_database_with_real_patients(db, patient_pat):
    with pytest.raises(CommandError, match="real patient accounts"):
        run(patients=3, days=5)
    assert not User.objects.filter(email__endswith=SYNTHETIC_DOMAIN).exists()


def test_quiet_patients_stop_checking_in_and_are_flagged_for_it(db):
    """The bench's "gone quiet" case: weeks of silence, a stored flag each."""
    today = clock.today_in("UTC")
    generate(programs=1, patients=6, days=40, seed=3, today=today, quiet=4)
    last = {
        user.email: max(user.checkins.values_list("day", flat=True), default=None)
        for user in User.objects.filter(role=Role.PATIENT)
    }
    quiet = {
        email
        for email, day in last.items()
        if day is None or day < today - timedelta(days=QUIET_DAYS - 1)
    }
    assert len(quiet) == 4
    flagged = set(
        Flag.objects.filter(kind="missed_checkins", cleared_at=None).values_list(
            "patient__email", flat=True
        )
    )
    assert quiet <= flagged
