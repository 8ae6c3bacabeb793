"""Journey: a referral that reaches a program, on a phone (390x844).

A person finishes the self-check, sends the parts of the results they choose
to a program that uses Clearhead, and keeps the secret status link; the
program's clinician sees it in the queue and marks it contacted; the person's
link then says so. Every page is axe-clean.
"""

import re

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.referrals.tests.helpers import program_with_listing, staff_of
from clearhead.testing import make_user
from tests.e2e.pages.self_assessment import SelfAssessment
from tests.e2e.test_daily_checkin import sign_in
from tests.e2e.test_self_check_history import answer_body_and_care, expect_results


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


def test_send_a_referral_and_follow_it(page, live_server, axe_check, browser):
    program, _facility = program_with_listing()
    casey = staff_of(
        program, make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    )

    check = SelfAssessment(page, live_server.url)
    page.goto(live_server.url + "/check/take/?step=bladder-check")
    answer_body_and_care(check)
    expect_results(page)
    page.get_by_role("button", name="Send my results to a program").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Send a referral")
    axe_check(page)
    page.get_by_label(re.compile("Lakeside Recovery Center")).check()
    parts = page.get_by_role("group", name="Which parts of your results to send")
    expect(parts.get_by_role("checkbox").first).not_to_be_checked()
    parts.get_by_label("Bladder and body check").check()
    page.get_by_label("Your name, or what they should call you").fill("Robin")
    page.get_by_label("Phone (optional)").fill("(312) 555-0142")
    page.get_by_label("Best time to reach you (optional)").fill("After 5 pm")
    page.get_by_role("button", name="Next: check what will be sent").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check what will be sent")
    expect(page.get_by_role("heading", name="Bladder and body check")).to_be_visible()
    expect(page.get_by_text("42 CFR Part 2")).to_be_visible()
    axe_check(page)
    page.get_by_label("I have read this consent and I agree to it.").check()
    page.get_by_label("Type your name to sign").fill("Robin")
    page.get_by_role("button", name="Send", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your referral was sent")
    axe_check(page)
    status_url = page.locator("[data-status-link]").get_attribute("href")
    page.goto(live_server.url + status_url)
    expect(page.get_by_role("heading", name="Status: New")).to_be_visible()
    axe_check(page)

    # The program's clinician, on a phone of their own.
    staff = browser.new_context(viewport={"width": 390, "height": 844})
    clinic = staff.new_page()
    sign_in(clinic, live_server.url, casey.email)
    clinic.goto(live_server.url + "/clinic/referrals/")
    axe_check(clinic)
    clinic.get_by_role("link", name="Robin").click()
    expect(clinic.get_by_text("+13125550142")).to_be_visible()
    axe_check(clinic)
    clinic.get_by_label("Contacted").check()
    clinic.get_by_role("button", name="Save status").click()
    expect(clinic.get_by_text("The referral's status was saved.")).to_be_visible()
    staff.close()

    page.reload()
    expect(page.get_by_role("heading", name="Status: Contacted")).to_be_visible()
    axe_check(page)


def test_from_the_listing_the_tabs_results_can_be_chosen(page, live_server, axe_check):
    _, facility = program_with_listing()
    check = SelfAssessment(page, live_server.url)
    page.goto(live_server.url + "/check/take/?step=bladder-check")
    answer_body_and_care(check)
    expect_results(page)

    page.goto(f"{live_server.url}/find/{facility.public_id}/")
    axe_check(page)
    page.get_by_role("link", name="Send a referral to this program").click()
    expect(page.get_by_text("To: Lakeside Recovery Center")).to_be_visible()
    page.get_by_role("button", name="Choose parts of my results to send").click()
    parts = page.get_by_role("group", name="Which parts of your results to send")
    expect(parts.get_by_label("Bladder and body check")).not_to_be_checked()
    axe_check(page)
