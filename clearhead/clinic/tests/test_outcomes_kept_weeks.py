"""What the outcomes report keeps of closed weeks (clinic.OutcomesWeek) is
always what those weeks hold: after any write that changes one (a consent
given, revoked or ended by date, a drug test, a check-in named for an old
day, an account closed), the next report equals the report read from every
check-in (outcomes_oracle), and a report computed while such a write lands
keeps nothing a later one reads.
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

from clearhead.care import services as care_services
from clearhead.care.models import Consent, Enrollment
from clearhead.clinic import outcomes
from clearhead.clinic.models import DrugTest, OutcomesWeek
from clearhead.clinic.outcomes import kept_weeks_refresh, program_outcomes
from clearhead.clinic.tests.outcomes_oracle import raw_outcomes
from clearhead.clinic.tests.test_outcomes_rollup import PATIENTS, _program_with
from clearhead.core import clock
from clearhead.core.pytest_clock import examples
from clearhead.recovery import services as recovery_services
from clearhead.recovery.checkin_days import closed_through
from clearhead.recovery.closing import account_close
from clearhead.recovery.models import DailyCheckIn
from clearhead.testing import PERSONA_PASSWORD

pytestmark = [pytest.mark.clock, pytest.mark.django_db]

# A write between two reports: what it is, and which patient (by index).
WRITES = st.tuples(
    st.sampled_from(
        [
            "revoke",
            "share",
            "stop_sharing",
            "drug_test",
            "old_checkin",
            "days_pass",
            "worker_pass",
        ]
    ),
    st.integers(0, 6),
    st.integers(1, 40),  # days: ago (drug test, check-in) or passing
)


def _report(clinician, program, weeks_back, weeks):
    end = clock.today_in(program.time_zone) - timedelta(weeks=weeks_back)
    start = end - timedelta(weeks=weeks)
    return (
        program_outcomes(actor=clinician, program=program, start=start, end=end),
        raw_outcomes(program=program, start=start, end=end),
    )


def _write(kind, enrollment, clinician, days):
    patient = enrollment.patient
    today = clock.today_in(patient.time_zone)
    if kind == "revoke":
        for consent in Consent.objects.filter(
            enrollment=enrollment, revoked_at=None, record_id=None
        ):
            care_services.consent_revoke(actor=patient, consent=consent)
    elif kind in ("share", "stop_sharing"):
        care_services.enrollment_sharing_update(
            actor=patient,
            enrollment=enrollment,
            sharing=["checkins", "screenings"] if kind == "share" else [],
            signature="Pat",
        )
    elif kind == "drug_test":
        DrugTest.objects.create(
            enrollment=enrollment,
            collected_on=today - timedelta(days=days),
            specimen=DrugTest.Specimen.URINE,
            method=DrugTest.Method.POINT_OF_CARE,
            results={"ketamine": "negative"},
            recorded_by=clinician,
        )
    elif kind == "old_checkin":
        recovery_services.checkin_create(
            actor=patient,
            client_id=uuid.uuid4(),
            data={
                "day": today - timedelta(days=days),
                "craving": 7,
                "mood": 3,
                "used_ketamine": False,
                "self_harm_thoughts": False,
            },
        )


@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    patients=PATIENTS,
    weeks_back=st.integers(0, 6),
    weeks=st.integers(2, 12),
    writes=st.lists(WRITES, min_size=1, max_size=3),
)
def test_after_any_write_the_report_equals_the_one_from_every_checkin(
    casey_in_program, program, patients, weeks_back, weeks, writes
):
    with transaction.atomic():
        _program_with(patients, program, casey_in_program)
        with time_machine.travel(clock.now(), tick=False) as traveller:
            report, raw = _report(casey_in_program, program, weeks_back, weeks)
            assert report == raw
            enrollments = list(
                Enrollment.objects.filter(program=program)
                .select_related("patient")
                .order_by("pk")
            )
            for kind, which, days in writes:
                if kind == "days_pass":
                    # Consents ending by date end; weeks close.
                    traveller.shift(timedelta(days=days))
                elif kind == "worker_pass":
                    kept_weeks_refresh()
                else:
                    enrollment = enrollments[which % len(enrollments)]
                    _write(kind, enrollment, casey_in_program, days)
                report, raw = _report(casey_in_program, program, weeks_back, weeks)
                assert report == raw
        transaction.set_rollback(True)


def _sharing_program(clinician, program, n=6):
    """`n` patients sharing their check-ins, with check-ins for 8 weeks."""
    checkins = [(days, 4, days % 3 == 0) for days in range(0, 56, 4)]
    sharing = [(60, (["checkins"], "open", False))]
    _program_with([("UTC", sharing, True, checkins, [])] * n, program, clinician)


def _closed_period(program):
    """The whole weeks of the last 8 that are closed."""
    closed = closed_through(clock.today_in("Etc/GMT+12"))
    end = closed - timedelta(days=closed.weekday() + 1)
    return end - timedelta(weeks=6), end


def test_a_second_report_reads_closed_weeks_from_what_the_first_kept(
    casey_in_program, program
):
    _sharing_program(casey_in_program, program)
    start, end = _closed_period(program)

    def report():
        with CaptureQueriesContext(connection) as queries:
            figures = program_outcomes(
                actor=casey_in_program, program=program, start=start, end=end
            )
        return figures, " ".join(q["sql"] for q in queries.captured_queries)

    first, first_sql = report()
    second, second_sql = report()
    assert second == first
    assert first["mean_craving"]["value"] == 4.0
    # The first reads the check-ins and drug tests and keeps the weeks; the
    # second reads what was kept instead.
    assert OutcomesWeek.objects.filter(program=program).count() == 7
    for table in ("recovery_dailycheckin", "clinic_drugtest"):
        assert table in first_sql
        assert table not in second_sql


def test_weeks_still_open_to_checkins_are_never_kept(casey_in_program, program):
    _sharing_program(casey_in_program, program)
    end = clock.today_in(program.time_zone)
    program_outcomes(
        actor=casey_in_program, program=program, start=end - timedelta(weeks=8), end=end
    )
    closed = closed_through(clock.today_in("Etc/GMT+12"))
    kept = OutcomesWeek.objects.filter(program=program).values_list("monday", flat=True)
    assert kept
    assert all(monday + timedelta(days=6) <= closed for monday in kept)


def test_a_write_landing_while_a_report_computes_leaves_nothing_stale(
    casey_in_program, program, monkeypatch
):
    """The report reads the generation before its figures: a consent revoked
    after they were read, before they were kept, leaves them under a
    generation no later report takes."""
    _sharing_program(casey_in_program, program)
    start, end = _closed_period(program)
    patients = [e.patient for e in Enrollment.objects.filter(program=program)]
    computed = outcomes._checkin_weeks

    def then_revoke(*args, **kwargs):
        figures = computed(*args, **kwargs)
        for patient in patients[:2]:
            for consent in Consent.objects.filter(patient=patient, revoked_at=None):
                care_services.consent_revoke(actor=patient, consent=consent)
        return figures

    monkeypatch.setattr(outcomes, "_checkin_weeks", then_revoke)
    before = program_outcomes(
        actor=casey_in_program, program=program, start=start, end=end
    )
    monkeypatch.setattr(outcomes, "_checkin_weeks", computed)
    after = program_outcomes(
        actor=casey_in_program, program=program, start=start, end=end
    )
    assert after == raw_outcomes(program=program, start=start, end=end)
    assert after["adherence"]["patients"] == 4 < before["adherence"]["patients"]


def test_a_consent_ending_by_date_takes_its_patient_out_of_kept_weeks(
    casey_in_program, program
):
    _sharing_program(casey_in_program, program)
    ending = Consent.objects.filter(record_id=None).order_by("pk")[:2]
    today = clock.today_in("UTC")
    Consent.objects.filter(pk__in=[c.pk for c in ending]).update(
        expires_on=today + timedelta(days=1)
    )
    start, end = _closed_period(program)
    first = program_outcomes(
        actor=casey_in_program, program=program, start=start, end=end
    )
    assert first["adherence"]["patients"] == 6
    # Nothing was written: the consents end by date, two days on.
    with time_machine.travel(clock.now() + timedelta(days=2), tick=False):
        later = program_outcomes(
            actor=casey_in_program, program=program, start=start, end=end
        )
        assert later == raw_outcomes(program=program, start=start, end=end)
    assert later["adherence"]["patients"] == 4


def test_closing_an_account_takes_its_check_ins_out_of_kept_weeks(
    casey_in_program, program
):
    _sharing_program(casey_in_program, program, n=7)
    start, end = _closed_period(program)
    program_outcomes(actor=casey_in_program, program=program, start=start, end=end)
    leaving = Enrollment.objects.filter(program=program).first().patient
    account_close(actor=leaving, password=PERSONA_PASSWORD)
    assert not DailyCheckIn.objects.filter(patient=leaving).exists()
    after = program_outcomes(
        actor=casey_in_program, program=program, start=start, end=end
    )
    assert after == raw_outcomes(program=program, start=start, end=end)
    assert after["adherence"]["patients"] == 6


def test_the_workers_pass_computes_out_of_date_weeks_again(casey_in_program, program):
    _sharing_program(casey_in_program, program)
    start, end = _closed_period(program)
    program_outcomes(actor=casey_in_program, program=program, start=start, end=end)
    assert kept_weeks_refresh() == 0  # all current
    patient = Enrollment.objects.filter(program=program).first().patient
    care_services.consent_revoke(
        actor=patient, consent=Consent.objects.get(patient=patient)
    )
    assert kept_weeks_refresh() == 1
    assert kept_weeks_refresh() == 0
    with CaptureQueriesContext(connection) as queries:
        report = program_outcomes(
            actor=casey_in_program, program=program, start=start, end=end
        )
    assert "recovery_dailycheckin" not in str(queries.captured_queries)
    assert report == raw_outcomes(program=program, start=start, end=end)
    assert report["adherence"]["patients"] == 5


def test_a_change_of_zone_cannot_keep_an_ended_consent_counted(
    casey_in_program, program
):
    """Kept at 8 pm in Los Angeles on the consent's last day (already the next
    day in London); the patient then moves to London, where it has ended."""
    evening = datetime(2026, 11, 19, 20, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    with time_machine.travel(evening, tick=False):
        checkins = [(days, 4, False) for days in range(0, 56, 3)]
        patients = [("America/Los_Angeles", [(60, (["checkins"], 0, False))])]
        patients += [("America/Los_Angeles", [(60, (["checkins"], "open", False))])] * 5
        _program_with(
            [(zone, e, True, checkins, []) for zone, e in patients],
            program,
            casey_in_program,
        )
        start, end = _closed_period(program)
        first = program_outcomes(
            actor=casey_in_program, program=program, start=start, end=end
        )
        assert first["adherence"]["patients"] == 6
        leaving = Consent.objects.get(expires_on__isnull=False).patient
        leaving.time_zone = "Europe/London"
        leaving.save(update_fields=["time_zone"])
        later = program_outcomes(
            actor=casey_in_program, program=program, start=start, end=end
        )
        assert later == raw_outcomes(program=program, start=start, end=end)
    assert later["adherence"]["patients"] == 5


@pytest.mark.parametrize("when", ["cohort", "figures"])
def test_a_consent_ending_today_revoked_mid_report_leaves_nothing_stale(
    casey_in_program, program, monkeypatch, when
):
    """The cohort reads the consents ending today when it is made: a
    revocation landing after that (before or after the figures are
    computed) leaves nothing a later report takes."""
    with time_machine.travel(datetime(2026, 11, 19, 12, 0, tzinfo=UTC), tick=False):
        checkins = [(days, 4, False) for days in range(0, 56, 3)]
        ending = [(60, (["checkins"], 0, False))]  # its last day is today
        sharing = [(60, (["checkins"], "open", False))]
        _program_with(
            [("UTC", e, True, checkins, []) for e in [ending] + [sharing] * 6],
            program,
            casey_in_program,
        )
        start, end = _closed_period(program)
        leaving = Consent.objects.get(expires_on__isnull=False).patient

        def revoke():
            for consent in Consent.objects.filter(patient=leaving, revoked_at=None):
                care_services.consent_revoke(actor=leaving, consent=consent)

        if when == "cohort":

            class Cohort(outcomes._Cohort):
                def __init__(self, *args, **kwargs):
                    super().__init__(*args, **kwargs)
                    revoke()

            monkeypatch.setattr(outcomes, "_Cohort", Cohort)
        else:
            computed = outcomes._checkin_weeks

            def then_revoke(*args, **kwargs):
                figures = computed(*args, **kwargs)
                revoke()
                return figures

            monkeypatch.setattr(outcomes, "_checkin_weeks", then_revoke)
        program_outcomes(actor=casey_in_program, program=program, start=start, end=end)
        monkeypatch.undo()
        after = program_outcomes(
            actor=casey_in_program, program=program, start=start, end=end
        )
        assert after == raw_outcomes(program=program, start=start, end=end)
    assert after["adherence"]["patients"] == 6


def test_the_workers_pass_refreshes_kept_weeks_years_apart(casey_in_program, program):
    """A report of 2009 (a mistyped year) and one of now: the pass computes
    each run of kept weeks on its own, never one query over 17 years."""
    _sharing_program(casey_in_program, program)
    program_outcomes(
        actor=casey_in_program,
        program=program,
        start=date(2009, 1, 1),
        end=date(2009, 3, 1),
    )
    start, end = _closed_period(program)
    program_outcomes(actor=casey_in_program, program=program, start=start, end=end)
    patient = Enrollment.objects.filter(program=program).first().patient
    care_services.consent_revoke(
        actor=patient, consent=Consent.objects.get(patient=patient)
    )
    assert kept_weeks_refresh() == 1
    assert not OutcomesWeek.objects.exclude(
        generation=program.__class__.objects.get(pk=program.pk).outcomes_generation
    ).exists()
    with CaptureQueriesContext(connection) as queries:
        report = program_outcomes(
            actor=casey_in_program, program=program, start=start, end=end
        )
    assert "recovery_dailycheckin" not in str(queries.captured_queries)
    assert report == raw_outcomes(program=program, start=start, end=end)
