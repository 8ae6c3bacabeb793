"""Journey: an administrator opens a record in an emergency; the patient sees it."""

from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import sign_in

REASON = "Brother reports no contact for two days; care team unreachable."


def test_emergency_access_is_reasoned_and_shown_to_the_patient(
    browser, live_server, axe_check
):
    onboard(make_user("pat@example.org", Role.PATIENT, "Pat"), days_ago=9)
    make_user("ada@clinic.example.org", Role.ADMIN, "Ada")
    admin = browser.new_context().new_page()
    patient = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    for page in (admin, patient):
        page.set_default_timeout(8_000)

    sign_in(admin, live_server.url, "ada@clinic.example.org")
    admin.get_by_role("link", name="Emergency access").click()
    axe_check(admin)
    admin.get_by_label("The patient's e-mail address").fill("pat@example.org")
    admin.get_by_label("Why do you need to open this record?").fill("urgent")
    admin.get_by_role("button", name="Open the record").click()
    # Too short a reason: refused, and what was typed is kept.
    expect(admin.get_by_text("in at least 20 characters")).to_be_visible()
    expect(admin.get_by_label("The patient's e-mail address")).to_have_value(
        "pat@example.org"
    )
    admin.get_by_label("Why do you need to open this record?").fill(REASON)
    admin.get_by_label("15 minutes").check()
    admin.get_by_role("button", name="Open the record").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Pat")
    # The record in words: each answer under its name (recovery's summary).
    record = admin.get_by_role("main")
    expect(record.get_by_text("My reasons", exact=True)).to_be_visible()
    expect(record.get_by_text("My kids. My bladder.")).to_be_visible()
    expect(record.get_by_text("Sam (brother): 555-0100")).to_be_visible()
    axe_check(admin)

    sign_in(patient, live_server.url, "pat@example.org")
    patient.goto(live_server.url + "/my-record/who-has-seen/")
    emergency = patient.get_by_role("region", name="Emergency access to your record")
    expect(emergency).to_contain_text("Ada")
    expect(emergency).to_contain_text(REASON)
    axe_check(patient)
