"""Journey at 1366x900: a counsellor signs a note only after confirming it,
and every plan change says it was saved."""

import re

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import sign_in


@pytest.fixture
def viewport():
    return {"width": 1366, "height": 900}


def test_sign_asks_first_and_plan_says_saved(page, live_server, axe_check, request_log):
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    pat = make_user("pat@example.org", Role.PATIENT, "Pat")
    onboard(pat)
    enrollment = enroll(pat, casey, program)
    page.set_default_timeout(8_000)
    sign_in(page, live_server.url, "casey@clinic.example.org")
    base = f"{live_server.url}/clinic/patients/{enrollment.public_id}"

    page.goto(base + "/intake/")
    page.get_by_role("button", name="Score and see guidance").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    # Only the six required ratings are listed; the optional checks stay folded.
    expect(summary.get_by_role("link")).to_have_count(6)
    expect(page.locator("details.disclosure[open]")).to_have_count(0)
    expect(page.get_by_text("Choose an answer")).to_have_count(0)
    axe_check(page)
    page.screenshot(path="/tmp/shots17/s6-intake.png")  # noqa: S108
    summary.get_by_role("link").first.click()
    expect(page.locator(":focus")).to_have_attribute("id", re.compile("^id_care-"))

    page.goto(base + "/notes/")
    page.get_by_label("Data").fill("Sleeps badly since Friday.")
    page.get_by_label("Assessment").fill("Stable.")
    page.get_by_label("Plan").fill("Review next week.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("Note saved.")
    axe_check(page)
    page.locator("article h2 a").first.click()
    page.get_by_role("button", name="Sign (locks the note)").click()
    # Nothing is signed yet: the note is shown with a choice.
    expect(
        page.get_by_role("heading", name="Check the note before you sign")
    ).to_be_visible()
    expect(page.get_by_text("Sleeps badly since Friday.")).to_be_visible()
    expect(page.get_by_role("button", name="Sign and lock")).to_be_in_viewport()
    axe_check(page)
    page.get_by_role("link", name="Keep editing").click()
    expect(page.get_by_role("button", name="Save changes")).to_be_visible()
    page.get_by_role("button", name="Sign (locks the note)").click()
    page.get_by_role("button", name="Sign and lock").click()
    expect(page.get_by_role("status")).to_contain_text("Note signed.")
    expect(page.get_by_text("Locked.")).to_be_visible()
    axe_check(page)

    page.goto(base + "/plan/")
    page.get_by_label("Phase").select_option("therapy")
    page.get_by_role("textbox", name="Goal").fill("Stay stopped")
    page.get_by_label("Measurable objective").fill("30 days of check-ins")
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_role("status")).to_contain_text("Goal added.")
    axe_check(page)
    assert request_log.foreign() == []
