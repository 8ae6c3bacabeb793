"""Journey: a clinician at a 1366x900 desk goes through one patient's pages.

Each page names the patient (and, once the clinician adds it, the program's
chart number) in its heading, while the browser's title, which stays in the
history of a shared clinic machine, names no one.
"""

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import sign_in

NAME = "Patricia Quill"


@pytest.fixture
def viewport():
    return {"width": 1366, "height": 900}


def test_every_page_about_a_patient_names_them_in_the_heading_only(
    page, live_server, axe_check, request_log
):
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    patient = make_user("pq@example.org", Role.PATIENT, NAME)
    onboard(patient)
    enroll(patient, casey, program)

    sign_in(page, live_server.url, "casey@clinic.example.org")
    page.get_by_role("link", name=NAME, exact=True).click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(f"Patient record: {NAME}")
    page.get_by_text("Add your program's chart number").click()
    page.get_by_label("Chart number (optional)").fill("RB 10")
    page.get_by_role("button", name="Save chart number").click()
    expect(page.get_by_text("Use up to 30 letters and numbers")).to_be_visible()
    axe_check(page)
    page.get_by_label("Chart number (optional)").fill("RB-1042")
    page.get_by_role("button", name="Save chart number").click()
    expect(page.get_by_text("Chart number saved.")).to_be_visible()
    expect(heading).to_have_text(f"Patient record: {NAME}, Chart RB-1042")
    expect(heading).to_be_in_viewport()
    assert NAME not in page.title()
    axe_check(page)
    page.screenshot(path="/tmp/shots17/patient-heading.png")  # noqa: S108

    nav = page.get_by_role("navigation", name="Patient record")
    for link, name in (
        ("Intake", "Intake"),
        ("Treatment plan", "Treatment plan"),
        ("Notes", "Progress notes"),
        ("Drug tests", "Drug tests"),
        ("Appointments", "Appointments"),
    ):
        nav.get_by_role("link", name=link).click()
        expect(heading).to_have_text(f"{name}: {NAME}, Chart RB-1042")
        expect(heading).to_be_in_viewport()
        assert page.title() == f"{name} · Patient record · Clearhead"
        axe_check(page)
    assert request_log.foreign() == []
