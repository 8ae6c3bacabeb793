"""Journey: a patient shares with a family member, then takes it back."""

import re

from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.pages.menu import menu_link
from tests.e2e.test_daily_checkin import sign_in


def test_grant_and_revoke_a_supporters_access(browser, live_server, axe_check):
    onboard(make_user("pat@example.org", Role.PATIENT, "Pat"), days_ago=9)
    make_user("sam@example.org", Role.SUPPORTER, "Sam")
    patient = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    supporter = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    for page in (patient, supporter):
        page.set_default_timeout(8_000)

    sign_in(patient, live_server.url, "pat@example.org")
    menu_link(patient, "Family and friends").click()
    axe_check(patient)
    patient.get_by_label("Who are they to you?").fill("brother")
    patient.get_by_role("button", name="Create a code").click()
    code = patient.locator("#supporter-code").inner_text()
    expect(patient.get_by_text(re.compile("The code works until"))).to_be_visible()
    axe_check(patient)

    sign_in(supporter, live_server.url, "sam@example.org")
    expect(supporter.get_by_role("heading", level=1)).to_have_text("Supporting someone")
    supporter.get_by_role("textbox", name="Code").fill(code)
    supporter.get_by_role("button", name="Link with them").click()
    expect(
        supporter.get_by_text("They have not shared anything with you right now")
    ).to_be_visible()
    axe_check(supporter)

    patient.reload()
    # Sam waits for Pat's choice: it is open, ready to fill in.
    expect(patient.get_by_text("Waiting for you.")).to_be_visible()
    # Nothing is chosen for Pat: not what Sam sees, nor why.
    expect(patient.get_by_label("My sober-day count")).not_to_be_checked()
    expect(
        patient.get_by_label("So that they can support me in my recovery")
    ).not_to_be_checked()
    patient.get_by_label("My sober-day count").check()
    patient.get_by_label("So that they can support me in my recovery").check()
    patient.get_by_label("Type your name to sign").fill("Pat Example")
    patient.get_by_role("button", name="Sign consent").click()
    expect(patient.get_by_text(re.compile("In force"))).to_be_visible()
    axe_check(patient)

    supporter.reload()
    expect(supporter.get_by_text("Sober days: 9")).to_be_visible()
    expect(supporter.get_by_text(re.compile("42 CFR part 2"))).to_be_visible()
    axe_check(supporter)

    patient.get_by_role("button", name=re.compile("^Revoke")).click()
    expect(patient.get_by_text(re.compile(r"^Revoked \d"))).to_be_visible()
    supporter.reload()
    expect(supporter.get_by_text("Sober days")).to_have_count(0)
    expect(
        supporter.get_by_text("They have not shared anything with you right now")
    ).to_be_visible()

    menu_link(patient, "Who has seen it").click()
    expect(patient.get_by_role("cell", name="Sam").first).to_be_visible()
    expect(
        patient.get_by_role(
            "cell", name="Shared information viewed by a supporter"
        ).first
    ).to_be_visible()
    axe_check(patient)
