"""A PHQ-9 saved with item 9 above 0: the page the patient lands on says,
beside the help lines, whether their care team will be told."""

import pytest
from django.urls import reverse

from clearhead.clinic.tests.test_clinic import enroll
from clearhead.flags.models import Flag
from clearhead.screening.tests.test_journey_views import PHQ9_CALM, PHQ9_ITEM9, walk

pytestmark = pytest.mark.clock

NOT_TOLD = "Your care team has not been told"
TOLD = "Your care team will be told"
NO_TEAM = "No care team has been told"
BUTTON = "Tell my care team now"
HELP = "You do not have to face this alone"


def save_journey(client, patient, phq9=PHQ9_ITEM9) -> str:
    client.force_login(patient)
    journey, _, _ = walk(client, phq9=phq9)
    response = client.post("/check/save/", {"state": journey.state}, follow=True)
    assert response.redirect_chain[-1][0] == "/check/saved/?saved=1"
    return response.content.decode()


def test_without_a_consent_covering_it_the_patient_is_told_and_offered_one_tap(
    client, patient_pat, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    page = save_journey(client, patient_pat)
    flag = Flag.objects.get(patient=patient_pat, kind="crisis", cleared_at=None)
    assert HELP in page
    assert NOT_TOLD in page
    assert BUTTON in page
    # The button tells of this flag, the one the saved PHQ-9 raised.
    assert reverse("flags:crisis_tell_care_team", args=[flag.public_id]) in page
    # Beside the help lines, in the same box.
    assert page.index('href="tel:988"') < page.index(NOT_TOLD)
    assert page.index(HELP) < page.index(NOT_TOLD) < page.index("See all help lines")


def test_with_check_in_summaries_shared_the_care_team_will_be_told(
    client, patient_pat, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["checkin_summary"])
    page = save_journey(client, patient_pat)
    assert TOLD in page
    assert BUTTON not in page


def test_without_a_program_only_the_help_lines(client, patient_pat):
    page = save_journey(client, patient_pat)
    assert NO_TEAM in page
    assert 'href="tel:988"' in page
    assert BUTTON not in page


def test_a_calm_phq9_shows_no_crisis_box(
    client, patient_pat, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    page = save_journey(client, patient_pat, phq9=PHQ9_CALM)
    assert HELP not in page
    assert "care team" not in page
