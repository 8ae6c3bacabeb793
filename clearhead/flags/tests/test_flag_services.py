"""Stored flags: raised by their causes, reviewed by the care team, reopened by news."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.audit.actions import AuditAction
from clearhead.care.models import ProgramMembership
from clearhead.care.time_zones import today_for
from clearhead.clinic import records
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.core import clock
from clearhead.core.pytest_clock import examples
from clearhead.flags import selectors, services
from clearhead.flags.definitions import RECENT_DAYS, Audience
from clearhead.flags.models import CaseloadEntry, CaseloadFlag, Flag, FlagEvaluation
from clearhead.recovery.models import DailyCheckIn, RecoveryProfile
from clearhead.recovery.selectors import rules_input
from clearhead.recovery.services import flags_daily_pass
from clearhead.screening.journey import JourneyState
from clearhead.screening.services import screening_results_save
from clearhead.testing import assert_audited

pytestmark = pytest.mark.clock


@pytest.fixture
def pat_enrolled(casey_in_program, program, patient_pat):
    patient_pat.time_zone = "America/Chicago"
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat, stop_date=today_for(patient_pat) - timedelta(days=30)
    )
    return enroll(patient_pat, casey_in_program, program)


def open_codes(patient) -> list[str]:
    return sorted(
        Flag.objects.filter(patient=patient, cleared_at=None).values_list(
            "kind", flat=True
        )
    )


def _drug_test(actor, enrollment, ketamine, days_ago=0):
    return records.drug_test_record(
        actor=actor,
        enrollment=enrollment,
        collected_on=clock.today_in(enrollment.program.time_zone)
        - timedelta(days=days_ago),
        specimen="urine",
        method="point_of_care",
        results={"ketamine": ketamine, "alcohol": "negative"},
    )


def test_a_positive_ketamine_test_raises_a_flag_that_cites_it(
    pat_enrolled, casey_in_program, patient_pat
):
    _drug_test(casey_in_program, pat_enrolled, "negative")
    assert open_codes(patient_pat) == []
    test = _drug_test(casey_in_program, pat_enrolled, "positive")
    [flag] = selectors.flags_for(
        actor=casey_in_program, patient=patient_pat, audience=Audience.CARE_TEAM
    )
    assert flag.kind == "positive_drug_test"
    assert flag.label == "Positive drug test"
    assert flag.evidence_ids == [str(test.public_id)]


def test_a_positive_drug_test_does_not_lapse_unreviewed(
    pat_enrolled, casey_in_program, patient_pat, time_machine
):
    _drug_test(casey_in_program, pat_enrolled, "positive")
    time_machine.move_to(clock.now() + timedelta(days=RECENT_DAYS + 2))
    flags_daily_pass(clock.now())
    [flag] = Flag.objects.filter(patient=patient_pat, cleared_at=None)
    # Reviewed after its window: cleared as expired at once.
    services.flag_review(actor=casey_in_program, flag=flag)
    flag.refresh_from_db()
    assert flag.cleared_reason == "expired"
    assert open_codes(patient_pat) == []


def _phq9(patient, item9):
    return screening_results_save(
        actor=patient, state=JourneyState({"phq9": [1] * 8 + [item9]})
    )


def test_phq9_item_9_above_zero_raises_a_crisis(patient_pat):
    _phq9(patient_pat, 0)
    assert open_codes(patient_pat) == []
    [result] = _phq9(patient_pat, 2)
    [flag] = selectors.flags_for(
        actor=patient_pat, patient=patient_pat, audience=Audience.PATIENT
    )
    assert flag.kind == "crisis"
    assert flag.evidence == [
        {
            "type": "screening_result",
            "id": str(result.public_id),
            "day": today_for(patient_pat).isoformat(),
        }
    ]


def test_a_self_harm_checkin_and_a_phq9_share_one_crisis_flag(patient_pat):
    harm = checkin(patient_pat, self_harm_thoughts=True)
    [result] = _phq9(patient_pat, 1)
    [flag] = Flag.objects.filter(patient=patient_pat, cleared_at=None)
    assert set(flag.evidence_ids) == {str(harm.public_id), str(result.public_id)}


def test_review_is_audited_and_only_for_the_care_team_as_it_stands(
    pat_enrolled, casey_in_program, clinician_olive, patient_pat
):
    checkin(patient_pat, self_harm_thoughts=True)
    flag = Flag.objects.get(patient=patient_pat, cleared_at=None)
    with pytest.raises(PermissionDenied):
        services.flag_review(actor=clinician_olive, flag=flag)  # not on the team
    with pytest.raises(PermissionDenied):
        services.flag_review(actor=patient_pat, flag=flag)
    with pytest.raises(ValidationError):
        services.flag_review(actor=casey_in_program, flag=flag, note="x" * 1001)

    reviewed = services.flag_review(
        actor=casey_in_program, flag=flag, note="Called; safety plan in place."
    )
    assert reviewed.reviewed_by == casey_in_program
    assert reviewed.is_open  # a crisis this week stays on the caseload
    assert_audited(
        action=AuditAction.FLAG_REVIEWED,
        actor=casey_in_program,
        patient=patient_pat,
        subject=reviewed,
    )

    ProgramMembership.objects.filter(clinician=casey_in_program).update(
        ended_at=clock.now()
    )
    with pytest.raises(PermissionDenied):
        services.flag_review(actor=casey_in_program, flag=flag)


def test_new_evidence_reopens_a_reviewed_flag_for_review(
    pat_enrolled, casey_in_program, patient_pat
):
    checkin(patient_pat, days_ago=1, self_harm_thoughts=True)
    flag = Flag.objects.get(patient=patient_pat, cleared_at=None)
    services.flag_review(actor=casey_in_program, flag=flag)
    checkin(patient_pat, days_ago=0, craving=1)  # nothing new about self-harm
    flag.refresh_from_db()
    assert flag.is_reviewed

    harm = checkin(patient_pat, days_ago=0, self_harm_thoughts=True)
    flag.refresh_from_db()
    assert flag.is_open
    assert not flag.is_reviewed
    assert flag.reviewed_by is None
    assert str(harm.public_id) in flag.evidence_ids


@pytest.mark.django_db(transaction=True)
def test_a_flag_another_writer_raised_first_is_kept_and_the_check_in_goes_on(
    pat_enrolled, patient_pat
):
    # Two writers read no open lapse flag, and the other one stored it first:
    # this one's INSERT does nothing (one open flag per kind), the
    # transaction goes on, and the stored flag is the one that stands.
    checkin(patient_pat, used_ketamine=True)
    first = Flag.objects.get(patient=patient_pat, kind="lapse", cleared_at=None)
    today = today_for(patient_pat)
    with transaction.atomic():
        facts, _, _ = rules_input(patient=patient_pat, today=today)
        services.checkin_flags_sync(
            patient=patient_pat, facts=facts, today=today, open_flags=[]
        )
        # Still usable (a failed INSERT would have aborted it on PostgreSQL).
        assert Flag.objects.filter(patient=patient_pat).count() >= 1
    lapse = Flag.objects.filter(patient=patient_pat, kind="lapse", cleared_at=None)
    assert list(lapse) == [first]


def test_two_flags_raised_by_one_check_in_are_both_stored(pat_enrolled, patient_pat):
    checkin(patient_pat, used_ketamine=True, self_harm_thoughts=True)
    assert open_codes(patient_pat) == ["crisis", "lapse"]
    assert CaseloadFlag.objects.filter(entry_id=pat_enrolled.pk).count() == 2


def test_an_unreviewed_crisis_outlives_its_week_and_clears_once_reviewed(
    pat_enrolled, casey_in_program, patient_pat, time_machine
):
    checkin(patient_pat, self_harm_thoughts=True)
    time_machine.move_to(clock.now() + timedelta(days=RECENT_DAYS + 1))
    checkin(patient_pat, craving=1)
    flags_daily_pass(clock.now())
    [crisis] = selectors.flags_for(
        actor=casey_in_program, patient=patient_pat, audience=Audience.CARE_TEAM
    )
    assert crisis.kind == "crisis"
    services.flag_review(actor=casey_in_program, flag=crisis)
    assert open_codes(patient_pat) == []


def test_the_daily_pass_raises_missed_checkins_once_per_day(
    patient_pat, time_machine, django_assert_max_num_queries
):
    checkin(patient_pat)
    time_machine.move_to(clock.now() + timedelta(days=3))
    assert flags_daily_pass(clock.now()) == 1
    assert open_codes(patient_pat) == ["missed_checkins"]
    assert flags_daily_pass(clock.now()) == 0  # evaluated already today
    checkin(patient_pat)
    assert open_codes(patient_pat) == []
    assert Flag.objects.get(kind="missed_checkins").cleared_reason == "resolved"


def test_a_supporter_sees_only_missed_checkins_and_only_when_granted(
    patient_pat, supporter_sam, time_machine
):
    from clearhead.sharing.tests.test_alerts import _consent

    checkin(patient_pat, self_harm_thoughts=True)
    with pytest.raises(PermissionDenied):  # not linked yet
        selectors.flags_for(
            actor=supporter_sam, patient=patient_pat, audience=Audience.SUPPORTER
        )
    _consent(patient_pat, supporter_sam, ["sober_days"])
    # A crisis is never a supporter's to see.
    assert not selectors.flags_for(
        actor=supporter_sam, patient=patient_pat, audience=Audience.SUPPORTER
    )
    _consent(patient_pat, supporter_sam, ["missed_checkin_alerts"])
    time_machine.move_to(clock.now() + timedelta(days=4))
    flags_daily_pass(clock.now())
    shown = selectors.flags_for(
        actor=supporter_sam, patient=patient_pat, audience=Audience.SUPPORTER
    )
    assert [flag.kind for flag in shown] == ["missed_checkins"]


def test_the_daily_pass_reads_a_flat_number_of_queries(
    program, casey_in_program, django_assert_max_num_queries, time_machine
):
    from clearhead.testing import make_user

    def quiet(count):
        patients = [make_user(f"p{n}-{count}@example.org") for n in range(count)]
        for patient in patients:
            checkin(patient)
        return patients

    quiet(2)
    time_machine.move_to(clock.now() + timedelta(days=4))
    with django_assert_max_num_queries(12) as few:
        flags_daily_pass(clock.now())
    quiet(20)
    time_machine.move_to(clock.now() + timedelta(days=4))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert flags_daily_pass(clock.now()) >= 20


def _caseload(enrollment) -> tuple:
    """What the caseload stores of one enrollment (but when it was stored)."""
    entry = CaseloadEntry.objects.filter(enrollment=enrollment)
    return (
        list(entry.values_list("rank", "shares_checkins")),
        sorted(
            CaseloadFlag.objects.filter(entry_id=enrollment.pk).values_list(
                "code", "reviewed"
            )
        ),
    )


CASELOAD_STEPS = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {
                "days_ago": st.integers(0, 1),
                "craving": st.integers(0, 10),
                "used_ketamine": st.booleans(),
                "self_harm_thoughts": st.booleans(),
            }
        ),
        st.just("review"),
        st.integers(1, 4).map(lambda days: ("wait", days)),
    ),
    min_size=1,
    max_size=20,
)


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=CASELOAD_STEPS)
def test_the_stored_caseload_is_always_what_a_refresh_would_store(
    pat_enrolled, casey_in_program, patient_pat, steps
):
    # A flag's change refreshes the caseload only when it changes what the
    # caseload shows (reviewed, holding today): never one left stale.
    DailyCheckIn.objects.filter(patient=patient_pat).delete()
    Flag.objects.filter(patient=patient_pat).delete()
    FlagEvaluation.objects.filter(patient=patient_pat).delete()
    services.caseload_entries_refresh(patient_ids=[patient_pat.pk])
    instant = clock.now()
    with time_machine.travel(instant, tick=False) as traveller:
        for step in steps:
            if step == "review":
                flag = Flag.objects.filter(patient=patient_pat, cleared_at=None)
                flag = flag.filter(reviewed_at=None).first()
                if flag is not None:
                    services.flag_review(actor=casey_in_program, flag=flag)
            elif isinstance(step, tuple):
                instant += timedelta(days=step[1])
                traveller.move_to(instant, tick=False)
                flags_daily_pass(instant)  # the worker's pass, as every day
            else:
                checkin(patient_pat, **step)
            stored = _caseload(pat_enrolled)
            services.caseload_entries_refresh(patient_ids=[patient_pat.pk])
            assert _caseload(pat_enrolled) == stored
