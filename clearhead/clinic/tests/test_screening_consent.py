"""Self-saved screening results reach the care team only while shared (finding 3)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from clearhead.care import services as care_services
from clearhead.clinic import records
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.core import clock
from clearhead.recovery.models import RecoveryProfile
from clearhead.screening.journey import JourneyState
from clearhead.screening.services import screening_results_save

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

SELF_SAVED = ("<td>PHQ-9</td><td>27</td>", "<td>GAD-7</td><td>21</td>")
CHARTS = ("PHQ-9 over time", "GAD-7 over time")


@pytest.fixture
def pat_saved_severe_scores(patient_pat):
    """Pat took the PHQ-9 (item 9 above 0) and GAD-7 at /check/ and saved them."""
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat,
        stop_date=clock.today_in("UTC") - timedelta(days=5),
    )
    screening_results_save(
        actor=patient_pat,
        state=JourneyState(answers={"phq9": [3] * 9, "gad7": [3] * 7}),
    )
    return patient_pat


def patient_page(client, clinician, enrollment) -> str:
    client.force_login(clinician)
    response = client.get(reverse("clinic:patient_detail", args=[enrollment.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def assert_self_saved_hidden(page: str) -> None:
    for text in SELF_SAVED + CHARTS:
        assert text not in page
    assert "PHQ-9: not given" in page
    assert "GAD-7: not given" in page


def test_scores_the_patient_shares_nothing_of_are_not_on_the_care_teams_page(
    client, casey_in_program, program, pat_saved_severe_scores
):
    enrollment = enroll(pat_saved_severe_scores, casey_in_program, program, [])
    assert_self_saved_hidden(patient_page(client, casey_in_program, enrollment))


def test_shared_scores_show_until_the_patient_revokes(
    client, casey_in_program, program, pat_saved_severe_scores
):
    enrollment = enroll(
        pat_saved_severe_scores, casey_in_program, program, ["screenings"]
    )
    page = patient_page(client, casey_in_program, enrollment)
    for text in SELF_SAVED + CHARTS:
        assert text in page

    care_services.enrollment_sharing_update(
        actor=pat_saved_severe_scores, enrollment=enrollment, sharing=[]
    )
    assert_self_saved_hidden(patient_page(client, casey_in_program, enrollment))


def test_scores_the_program_recorded_at_intake_stay_the_programs_own(
    client, casey_in_program, program, pat_saved_severe_scores
):
    enrollment = enroll(pat_saved_severe_scores, casey_in_program, program, [])
    records.intake_record(
        actor=casey_in_program,
        enrollment=enrollment,
        answers={"phq9": [1] * 9, "level-of-care": {}},
    )
    page = patient_page(client, casey_in_program, enrollment)
    assert "<td>PHQ-9</td><td>9</td>" in page  # given at intake
    assert "PHQ-9 over time" in page
    for text in (*SELF_SAVED, "GAD-7 over time"):
        assert text not in page
    assert "GAD-7: not given" in page
