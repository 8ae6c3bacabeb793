"""Journeys at 390x844: a counsellor fills in the clinic's forms on a phone.

The intake's error summary, the confirmation before a note is signed, the
plan's saved messages and the chart number each work at phone size, with
nothing wider than the screen (the desktop journeys are in
test_clinic_forms_confirm.py and test_patient_heading.py).
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.test_daily_checkin import sign_in

SHOTS = Path("/tmp/shots-patientpage")  # noqa: S108
NAME = "Patricia Quill"


@pytest.fixture
def viewport():
    return PHONE


@pytest.fixture
def record(page, live_server):
    """Casey, signed in on a phone, and the address of Patricia's record."""
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    patient = make_user("pq@example.org", Role.PATIENT, NAME)
    onboard(patient)
    enrollment = enroll(patient, casey, program)
    sign_in(page, live_server.url, "casey@clinic.example.org")
    SHOTS.mkdir(exist_ok=True)
    return f"{live_server.url}/clinic/patients/{enrollment.public_id}"


def fits_the_screen(page) -> None:
    """Nothing on the page is wider than the phone: no sideways scroll."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "the page scrolls sideways"
    )


def test_an_empty_intake_lists_what_is_missing_at_the_top(
    page, record, axe_check, request_log
):
    page.goto(record + "/intake/")
    page.get_by_role("button", name="Score and see guidance").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_in_viewport()
    # Only the six required ratings; the optional checks stay folded, unmarked.
    expect(summary.get_by_role("link")).to_have_count(6)
    expect(page.locator("details.disclosure[open]")).to_have_count(0)
    expect(page.get_by_text("Choose an answer")).to_have_count(0)
    fits_the_screen(page)
    axe_check(page)
    page.screenshot(path=SHOTS / "intake-errors-phone.png")
    summary.get_by_role("link").first.click()
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("id", re.compile("^id_care-"))
    expect(focused).to_be_in_viewport()
    assert request_log.foreign() == []


def test_a_note_is_signed_only_after_the_counsellor_confirms(page, record, axe_check):
    page.goto(record + "/notes/")
    page.get_by_label("Data").fill("Sleeps badly since Friday.")
    page.get_by_label("Assessment").fill("Stable.")
    page.get_by_label("Plan").fill("Review next week.")
    page.get_by_role("button", name="Save and sign").click()
    # Saved as a draft, not signed: the note is shown with the choice.
    expect(page.get_by_role("status")).to_contain_text("Note saved as a draft.")
    expect(
        page.get_by_role("heading", name="Check the note before you sign")
    ).to_be_visible()
    expect(page.get_by_text("Sleeps badly since Friday.")).to_be_visible()
    fits_the_screen(page)
    axe_check(page)
    page.screenshot(path=SHOTS / "note-sign-confirm-phone.png", full_page=True)
    # The two choices are seen together, under the note they are about.
    sign = page.get_by_role("button", name="Sign and lock")
    keep_editing = page.get_by_role("link", name="Keep editing")
    keep_editing.scroll_into_view_if_needed()
    expect(sign).to_be_in_viewport()
    expect(keep_editing).to_be_in_viewport()
    sign.click()
    expect(page.get_by_role("status")).to_contain_text("Note signed.")
    expect(page.get_by_text("Locked.")).to_be_visible()
    fits_the_screen(page)
    axe_check(page)


def test_each_plan_change_says_it_was_saved(page, record, axe_check):
    page.goto(record + "/plan/")
    therapy = page.get_by_role("region", name="Therapy")
    therapy.get_by_text("Change this phase").click()
    therapy.get_by_label("Status").select_option(label="Active")
    therapy.get_by_label("Cognitive behavioral therapy (CBT)").check()
    therapy.get_by_role("button", name="Save therapy").click()
    saved = page.get_by_role("status")
    expect(saved).to_contain_text("Phase saved.")
    expect(saved).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Therapy · Active")).to_be_visible()
    fits_the_screen(page)
    axe_check(page)

    page.get_by_label("Phase").select_option("therapy")
    page.get_by_role("textbox", name="Goal").fill("Stay stopped")
    page.get_by_label("Measurable objective").fill("30 days of check-ins")
    page.get_by_role("button", name="Add goal").click()
    expect(saved).to_contain_text("Goal added.")
    expect(saved).to_be_in_viewport()
    expect(page.get_by_text("Stay stopped")).to_be_visible()
    fits_the_screen(page)
    axe_check(page)
    page.screenshot(path=SHOTS / "plan-saved-phone.png")


def test_the_chart_number_is_checked_then_named_in_the_heading(page, record, axe_check):
    page.goto(record + "/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(f"Patient record: {NAME}")
    page.get_by_text("Add your program's chart number").click()
    page.get_by_label("Chart number (optional)").fill("RB 10")
    page.get_by_role("button", name="Save chart number").click()
    # Sent back with the reason, which is on the first screen.
    expect(page.get_by_text("Use up to 30 letters and numbers")).to_be_in_viewport()
    fits_the_screen(page)
    axe_check(page)
    page.screenshot(path=SHOTS / "chart-number-error-phone.png")
    page.get_by_label("Chart number (optional)").fill("RB-1042")
    page.get_by_role("button", name="Save chart number").click()
    expect(page.get_by_role("status")).to_contain_text("Chart number saved.")
    expect(heading).to_have_text(f"Patient record: {NAME}, Chart RB-1042")
    expect(heading).to_be_in_viewport()
    fits_the_screen(page)
    axe_check(page)
