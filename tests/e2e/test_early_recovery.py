"""Journey: the early-recovery daily set on a phone (390x844): turn it on,
answer today, see the charts; and the withdrawal phase a saved "detox first"
self-check sets up, as the clinician sees it."""

import os

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.screening.journey import JourneyState
from clearhead.screening.services import screening_results_save
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import sign_in

# Screenshots to look at while working on these pages: CLEARHEAD_SHOTS=<dir>.
SHOTS = os.environ.get("CLEARHEAD_SHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


SYMPTOMS = ("Anxiety", "Low mood", "Poor sleep", "Tiredness", "Irritability", "Craving")


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


def test_turn_on_record_today_and_see_the_chart(page, live_server, axe_check):
    user = make_user("kai@example.org")
    onboard(user)
    sign_in(page, live_server.url, "kai@example.org")
    page.goto(live_server.url + "/recovery/early-recovery/")
    axe_check(page)
    page.get_by_role("button", name="Turn the daily set on").click()
    expect(page.get_by_role("heading", name="How was today?")).to_be_visible()
    for name in SYMPTOMS:
        page.get_by_role("group", name=name).get_by_label("4", exact=True).check()
    page.get_by_role(
        "group", name="Have you had thoughts of harming yourself?"
    ).get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save today's answers").click()
    expect(page.get_by_text("Saved for today.")).to_be_visible()
    expect(page.locator("#chart-early-anxiety-title")).to_be_visible()
    axe_check(page)
    shot(page, "early_recovery")


def test_detox_first_prefills_the_withdrawal_phase_for_the_clinician(
    page, live_server, axe_check
):
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    pat = make_user("lee@example.org")
    onboard(pat)
    screening_results_save(
        actor=pat,
        state=JourneyState(
            {
                "level-of-care": {
                    "withdrawal": 3,
                    "medical": 0,
                    "mental_health": 0,
                    "readiness": 0,
                }
            }
        ),
    )
    enrollment = enroll(pat, casey, program, [])
    sign_in(page, live_server.url, casey.email)
    page.goto(f"{live_server.url}/clinic/patients/{enrollment.public_id}/plan/")
    expect(page.get_by_text("Added from the patient's self-check.")).to_be_visible()
    axe_check(page)
    shot(page, "early_recovery_plan")
