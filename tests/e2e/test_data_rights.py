"""Journey: a patient takes their record with them, then closes their account."""

import json
from pathlib import Path

from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import PERSONA_PASSWORD, make_user
from tests.e2e.test_daily_checkin import sign_in


def test_download_the_record_then_close_the_account(page, live_server, axe_check):
    onboard(make_user("pat@example.org", Role.PATIENT, "Pat"), days_ago=9)
    sign_in(page, live_server.url, "pat@example.org")
    page.goto(live_server.url + "/recovery/my-data/")
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my record as FHIR R4").click()
    bundle = json.loads(Path(download_info.value.path()).read_text())
    assert bundle["resourceType"] == "Bundle"

    page.get_by_role("link", name="Close my account").click()
    expect(page.get_by_role("heading", name="What is kept, and why")).to_be_visible()
    axe_check(page)
    page.get_by_label("Your password, to confirm").fill("not my password")
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Close my account").click()
    expect(page.get_by_text("That is not your password.")).to_be_visible()

    page.get_by_label("Your password, to confirm").fill(PERSONA_PASSWORD)
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name="Close my account").click()
    expect(page.get_by_role("heading", name="Your account is closed")).to_be_visible()
    axe_check(page)
    page.goto(live_server.url + "/recovery/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
