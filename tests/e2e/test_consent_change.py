"""Journey: on a phone, a patient shares more with their care team and reads
the consent (who, why, what, until when) before signing it."""

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.test_daily_checkin import sign_in


@pytest.fixture
def viewport():
    return PHONE


def test_sharing_more_shows_the_consent_before_the_signature(
    page, live_server, axe_check, request_log
):
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    pat = make_user("pat@example.org", Role.PATIENT, "Pat")
    onboard(pat)
    enroll(pat, casey, program, sharing=["plan"])

    sign_in(page, live_server.url, "pat@example.org")
    page.goto(live_server.url + "/clinic/my-care/")
    plan_box = page.get_by_label("My relapse-prevention plan and weekly routine")
    expect(plan_box).to_be_checked()  # what is shared now, and nothing else
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(1)
    page.get_by_label("My saved self-assessments").check()
    page.get_by_role("button", name="Save what I share").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check and sign")
    summary = page.get_by_role("region", name="What you are agreeing to")
    for words in (
        "The care team at Riverbend Recovery",
        "For my treatment",
        "My relapse-prevention plan and weekly routine",
        "My saved self-assessments",
        "Your treatment at Riverbend Recovery ends, or you revoke this",
    ):
        expect(summary).to_contain_text(words)
    axe_check(page)
    page.get_by_role("button", name="Change what I share").click()
    expect(page.get_by_label("My saved self-assessments")).to_be_checked()
    page.get_by_role("button", name="Save what I share").click()
    page.get_by_label("Type your full name to sign").fill("Pat Example")
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(
        page.get_by_text("Saved. Your care team sees only what you ticked.")
    ).to_be_visible()
    expect(page.get_by_label("My saved self-assessments")).to_be_checked()
    axe_check(page)
    assert request_log.foreign() == []
