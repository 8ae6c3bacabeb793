""" "Detox first" in a saved self-check sets up the plan's withdrawal phase on joining."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from clearhead.audit.actions import AuditAction
from clearhead.clinic.models import PlanPhase
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.core import clock
from clearhead.screening.journey import JourneyState
from clearhead.screening.models import ScreeningResult
from clearhead.screening.scoring import score_level_of_care
from clearhead.screening.services import screening_results_save
from clearhead.testing import assert_audited

pytestmark = pytest.mark.clock

CALM = {"withdrawal": 0, "medical": 0, "mental_health": 0, "readiness": 0}
DETOX_FIRST = CALM | {"withdrawal": 3}


def saved(patient, answers):
    assert score_level_of_care(answers)["detox_first"] == (answers["withdrawal"] >= 3)
    return screening_results_save(
        actor=patient, state=JourneyState({"level-of-care": answers})
    )


def test_a_saved_detox_first_result_adds_a_planned_withdrawal_phase(
    client, patient_pat, casey_in_program, program
):
    [result] = saved(patient_pat, DETOX_FIRST)
    enrollment = enroll(patient_pat, casey_in_program, program, [])
    phase = PlanPhase.objects.get(enrollment=enrollment)
    assert phase.kind == "withdrawal"
    assert phase.status == "planned"
    assert phase.awaiting_confirmation
    assert phase.self_check_result_id == result.public_id
    assert_audited(
        action=AuditAction.WITHDRAWAL_PHASE_SUGGESTED,
        actor=patient_pat,
        patient=patient_pat,
        subject=phase,
    )
    # The clinician sees where it came from, and confirms it by saving it.
    client.force_login(casey_in_program)
    url = reverse("clinic:plan", args=[enrollment.public_id])
    page = client.get(url).content.decode()
    assert "Added from the patient&#x27;s self-check." in page or (
        "Added from the patient's self-check." in page
    )
    client.post(
        url,
        {
            "action": "phase",
            "kind": "withdrawal",
            "withdrawal-kind": "withdrawal",
            "withdrawal-status": "active",
        },
    )
    phase.refresh_from_db()
    assert not phase.awaiting_confirmation
    assert phase.status == "active"
    assert "self-check." not in client.get(url).content.decode()


def test_no_saved_result_no_phase(patient_pat, casey_in_program, program):
    # An anonymous self-check that was never saved leaves nothing behind.
    enrollment = enroll(patient_pat, casey_in_program, program, [])
    assert not PlanPhase.objects.filter(enrollment=enrollment).exists()


def test_a_result_without_detox_first_adds_nothing(
    patient_pat, casey_in_program, program
):
    saved(patient_pat, CALM)
    enrollment = enroll(patient_pat, casey_in_program, program, [])
    assert not PlanPhase.objects.filter(enrollment=enrollment).exists()


def test_the_latest_saved_result_decides(patient_pat, casey_in_program, program):
    start = clock.now()
    with time_machine.travel(start - timedelta(days=20), tick=False):
        saved(patient_pat, DETOX_FIRST)
    saved(patient_pat, CALM)
    assert ScreeningResult.objects.filter(patient=patient_pat).count() == 2
    enrollment = enroll(patient_pat, casey_in_program, program, [])
    assert not PlanPhase.objects.filter(enrollment=enrollment).exists()


def test_the_patient_sees_the_phase_linked_to_the_daily_set(
    client, patient_pat, casey_in_program, program
):
    saved(patient_pat, DETOX_FIRST)
    enroll(patient_pat, casey_in_program, program, [])
    client.force_login(patient_pat)
    page = client.get(reverse("clinic:my_treatment_plan")).content.decode()
    assert reverse("recovery:early_recovery") in page
