"""The page after a check-in: one next step from THIS check-in, nothing repeated."""

import re

import pytest
from django.urls import reverse

from clearhead.audit.actions import AuditAction
from clearhead.flags.definitions import (
    FLAG_KINDS_BY_CODE,
    HIGH_CRAVING,
    LOW_MOOD,
    FlagCode,
)
from clearhead.flags.models import Flag
from clearhead.recovery import services
from clearhead.recovery.models import DailyCheckIn
from clearhead.recovery.tests.test_recovery_pages import CHECKIN, checkin_form, onboard
from clearhead.testing import assert_audited

pytestmark = pytest.mark.clock

CRISIS_BOX = "You do not have to face this alone"
CRISIS_CARD = str(FLAG_KINDS_BY_CODE[FlagCode.CRISIS].patient_heading)
LAPSE_CARD = str(FLAG_KINDS_BY_CODE[FlagCode.LAPSE].patient_heading)
CRAVING_CARD = str(FLAG_KINDS_BY_CODE[FlagCode.HIGH_CRAVING].patient_heading)


def check_in(client, **answers) -> str:
    response = client.post(CHECKIN, checkin_form(**answers), follow=True)
    assert response.status_code == 200
    return response.content.decode()


def step_of(page: str) -> str:
    """The next step's heading (the first h2 after the page heading)."""
    return re.search(r'<h2 id="next-step-title">(.*?)</h2>', page).group(1)


@pytest.fixture
def pat(client, patient_pat):
    onboard(patient_pat)
    client.force_login(patient_pat)
    return patient_pat


def test_a_high_craving_offers_the_urge_timer_first(client, pat):
    page = check_in(client, craving=str(HIGH_CRAVING), mood="2")
    assert step_of(page) == "Next: ride out the urge"
    timer = reverse("recovery:tool", args=["urge-surfing"])
    assert f'<a class="button" href="{timer}">Start the urge timer</a>' in page
    assert page.index("next-step-title") < page.index("Back to my recovery")
    assert CRISIS_BOX not in page
    assert "Check-in saved." in page
    checkin = DailyCheckIn.objects.get()
    assert_audited(
        action=AuditAction.CHECKINS_VIEWED, actor=pat, patient=pat, subject=checkin
    )


def test_a_craving_just_below_the_line_is_met_with_a_kind_word(client, pat):
    page = check_in(client, craving=str(HIGH_CRAVING - 1), mood=str(LOW_MOOD + 1))
    assert step_of(page) == "Well done for taking a minute"


def test_thoughts_of_self_harm_show_the_help_lines_and_own_people(client, pat):
    page = check_in(client, self_harm_thoughts="yes", used_ketamine="yes")
    assert page.index(CRISIS_BOX) < page.index("<h1>")
    assert 'href="tel:988"' in page
    assert (
        '<a class="button button--secondary" href="tel:555-0100">Call Sam</a>' in page
    )
    # The crisis box is the step: no plan, no repeated crisis card.
    assert "next-step-title" not in page
    assert CRISIS_CARD not in page
    assert page.count(LAPSE_CARD) == 1


def test_a_later_checkin_without_self_harm_shows_no_crisis_box(client, pat):
    check_in(client, self_harm_thoughts="yes")
    page = check_in(client, self_harm_thoughts="no", used_ketamine="yes")
    assert DailyCheckIn.objects.filter(patient=pat).count() == 2
    # The earlier answer's flag stays open for the care team and the home page...
    assert Flag.objects.filter(patient=pat, kind=FlagCode.CRISIS).exists()
    # ...but this page answers this check-in: no red box, no crisis card.
    assert CRISIS_BOX not in page
    assert CRISIS_CARD not in page
    assert 'role="alert"' not in page
    assert step_of(page) == "Next: look at your plan"


def test_a_lapse_opens_the_plan_and_says_it_once(client, pat):
    page = check_in(client, used_ketamine="yes", craving="9", mood="1")
    assert step_of(page) == "Next: look at your plan"
    assert "A lapse is information, never failure" in page
    assert f'href="{reverse("recovery:plan")}">Open my relapse-prevention plan' in page
    # The lapse card would say it again; the craving card is another topic.
    assert LAPSE_CARD not in page
    assert page.count("Heads up") <= 1


def test_the_lapse_card_shows_once_on_a_quiet_checkin_later_that_day(client, pat):
    check_in(client, used_ketamine="yes")
    page = check_in(client, craving="1", mood="4")
    assert step_of(page) == "Well done for taking a minute"
    assert page.count(LAPSE_CARD) == 1


def test_low_mood_offers_a_call_to_the_first_person_chosen(client, pat):
    page = check_in(client, craving="1", mood=str(LOW_MOOD))
    assert step_of(page) == "Next: talk to someone"
    assert '<a class="button" href="tel:555-0100">Call Sam</a>' in page


def test_low_mood_without_anyone_to_call_is_met_with_a_kind_word(client, pat):
    services.recovery_profile_save(
        actor=pat,
        stop_date=pat.recovery_profile.stop_date,
        time_zone="UTC",
        contacts=[],
    )
    page = check_in(client, craving="1", mood="1")
    assert step_of(page) == "Well done for taking a minute"
    assert "tel:" not in page.split("<footer")[0]
    assert (
        f'<a href="{reverse("recovery:profile")}">Add the people you can call' in page
    )


def test_body_symptoms_lead_on_to_the_next_step(client, pat):
    response = client.post(CHECKIN, checkin_form(body_symptoms="yes", craving="8"))
    page = client.post(
        response["Location"], {"symptoms": ["blood_in_urine"]}
    ).content.decode()
    checkin = DailyCheckIn.objects.get()
    result = reverse("recovery:checkin_result", args=[checkin.public_id])
    assert f'href="{result}">Continue</a>' in page
    assert step_of(client.get(result).content.decode()) == "Next: ride out the urge"


def test_another_patients_result_is_not_found(client, pat, patient_pia):
    check_in(client)
    checkin = DailyCheckIn.objects.get()
    onboard(patient_pia)
    client.force_login(patient_pia)
    url = reverse("recovery:checkin_result", args=[checkin.public_id])
    assert client.get(url).status_code == 404
