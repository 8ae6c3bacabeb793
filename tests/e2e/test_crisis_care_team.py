"""Journey: a patient without consent reports self-harm thoughts on a phone,
learns their care team has not been told, and tells them with one tap."""

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Consent, Program, ProgramMembership
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.flags.models import Flag
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import answer_first_four, sign_in


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


def test_a_patient_without_consent_tells_their_care_team_in_one_tap(
    page, live_server, request_log, axe_check
):
    patient = make_user("jo@example.org", Role.PATIENT, "Jo")
    onboard(patient)
    program = Program.objects.create(name="Lakeside")
    clinician = make_user("dana@clinic.example.org", Role.CLINICIAN, "Dana")
    ProgramMembership.objects.create(program=program, clinician=clinician)
    enroll(patient, clinician, program, sharing=["plan"])  # no check-in summaries

    sign_in(page, live_server.url, "jo@example.org")
    page.get_by_role("link", name="Check in now").click()
    answer_first_four(page, "3", "Low", self_harm="Yes")
    page.get_by_role("button", name="Save check-in").click()

    expect(page.get_by_text("Your care team has not been told.")).to_be_visible()
    expect(page.locator('a[href="tel:988"]').first).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Tell my care team now").click()

    expect(page.get_by_text("Your care team will get an e-mail")).to_be_visible()
    # Back on the page after the check-in, which now says so.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check-in saved. Thank you."
    )
    expect(page.get_by_text("Your care team will be told.")).to_be_visible()
    expect(page.get_by_role("button", name="Tell my care team now")).to_have_count(0)
    axe_check(page)
    assert Consent.objects.filter(patient=patient, kinds=["crisis_disclosure"]).exists()
    assert request_log.foreign() == []


def test_offline_the_crisis_box_says_the_care_team_is_told_once_back_online(
    page, context, live_server, axe_check
):
    patient = make_user("lee@example.org", Role.PATIENT, "Lee")
    onboard(patient)
    program = Program.objects.create(name="Lakeside")
    clinician = make_user("dana@clinic.example.org", Role.CLINICIAN, "Dana")
    ProgramMembership.objects.create(program=program, clinician=clinician)
    enroll(patient, clinician, program, sharing=["checkin_summary"])

    sign_in(page, live_server.url, "lee@example.org")
    page.get_by_role("link", name="Check in now").click()
    # A click waits for the new page to start, not for its scripts: going
    # offline before checkin-offline.js arrived would leave a plain form.
    page.wait_for_load_state("load")
    context.set_offline(True)
    answer_first_four(page, "3", "Low", self_harm="Yes")
    page.get_by_role("button", name="Save check-in").click()

    told = page.get_by_text("When you are back online, your check-in is sent")
    expect(told).to_be_visible()
    expect(page.get_by_text("Clearhead will e-mail your care team")).to_be_visible()
    axe_check(page)
    context.set_offline(False)
    expect(page.get_by_text("Your saved check-in has been sent.")).to_be_visible()
    assert Flag.objects.filter(patient=patient, kind="crisis").exists()
