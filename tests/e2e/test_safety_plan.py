"""Journey on a phone (390x844): a patient makes a safety plan from their home
page, writes it step by step, sees it, prints it on one A4 and one Letter
page, and opens it without a connection. A person with no account prints a
blank plan, also on one page."""

import os
import re

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import sign_in
from tests.e2e.test_offline_pages import kept

# Screenshots to look at while working on these pages: CLEARHEAD_SHOTS=<dir>.
SHOTS = os.environ.get("CLEARHEAD_SHOTS")

# Three lines on each step: a full plan, as people write them.
LINES = {
    "My warning signs": [
        "I stop answering messages from my family",
        "I lie awake thinking nobody would miss me",
        "I start planning how to get ketamine again",
    ],
    "Things I can do on my own to cope": [
        "Take a cold shower and play loud music",
        "Breathing for two minutes with the app",
        "Walk around the block twice",
    ],
    "People and places that take my mind off things": [
        "My cousin Jo, who makes me laugh",
        "The gym on Main Street",
        "The Tuesday evening support group",
    ],
    "People I can ask for help": [
        "Mom 555-0100",
        "My sponsor Sam 555-0101",
        "My neighbour Ruth 555-0104",
    ],
    "Professionals and crisis lines I can call": [
        "Dr. Lee 555-0102",
        "My counselor at Riverbend 555-0199",
    ],
    "Making my surroundings safer": [
        "Jo keeps my prescription pills",
        "No drugs in the flat, no dealer numbers",
        "Razor blades go to Ruth's",
    ],
    "My reasons for living": [
        "My daughter Mia",
        "My dog Pepper",
        "Seeing the sea again next summer",
    ],
}


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


def pdf_pages(page, paper: str) -> int:
    """How many pages the page prints on, as Chromium prints it on `paper`."""
    page.emulate_media(media="print")
    document = page.pdf(format=paper)
    page.emulate_media(media="screen")
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", document))


def test_write_see_print_and_open_the_plan_offline(
    page, context, live_server, axe_check
):
    user = make_user("noa@example.org")
    onboard(user)
    sign_in(page, live_server.url, user.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")
    # One tap from home.
    page.get_by_role("link", name="Make my safety plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My safety plan")
    expect(
        page.get_by_text("You have not written your safety plan yet")
    ).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Write my safety plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write my safety plan")
    axe_check(page)
    for step, lines in LINES.items():
        group = page.get_by_role("group", name=step)
        if len(lines) > 2:
            # Two empty lines to start with; "Add another line" gives more.
            group.get_by_label(f"{step}, line 1", exact=True).fill(lines[0])
            group.get_by_label(f"{step}, line 2", exact=True).fill(lines[1])
            group.get_by_role("button", name="Add another line").click()
            group = page.get_by_role("group", name=step)
            expect(group.get_by_label(f"{step}, line 2", exact=True)).to_have_value(
                lines[1]
            )
        for number, line in enumerate(lines, start=1):
            group.get_by_label(f"{step}, line {number}", exact=True).fill(line)
    shot(page, "safety_plan_form")
    page.get_by_role("button", name="Save my safety plan").last.click()
    expect(page.get_by_text("Your safety plan is saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("My safety plan")
    main = page.get_by_role("main")
    for lines in LINES.values():
        for line in lines:
            expect(main.get_by_text(line, exact=True)).to_be_visible()
    expect(main.get_by_role("link", name="Call 988")).to_have_attribute(
        "href", "tel:988"
    )
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    axe_check(page)
    shot(page, "safety_plan")

    # On paper: one page, A4 or Letter.
    assert pdf_pages(page, "A4") == 1
    assert pdf_pages(page, "Letter") == 1

    # Kept on the phone: it opens without a connection.
    assert kept(page, "/recovery/safety-plan/")
    context.set_offline(True)
    page.goto(live_server.url + "/recovery/safety-plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My safety plan")
    expect(page.get_by_text(LINES["My reasons for living"][0])).to_be_visible()
    expect(page.get_by_text("You are offline. This is a copy kept")).to_be_visible()
    axe_check(page)
    shot(page, "safety_plan_offline")
    context.set_offline(False)


def test_a_blank_plan_prints_on_one_page_without_an_account(
    page, live_server, axe_check
):
    page.goto(live_server.url + "/help/safety-plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My safety plan")
    expect(page.get_by_role("button", name="Print a blank plan")).to_be_visible()
    axe_check(page)
    shot(page, "safety_plan_blank")
    assert pdf_pages(page, "A4") == 1
    assert pdf_pages(page, "Letter") == 1


def test_the_spanish_blank_plan_prints_on_one_page_too(page, live_server, axe_check):
    page.set_extra_http_headers({"Accept-Language": "es-US,es;q=0.9"})
    page.goto(live_server.url + "/help/safety-plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mi plan de seguridad")
    expect(
        page.get_by_role("button", name="Imprimir un plan en blanco")
    ).to_be_visible()
    axe_check(page)
    assert pdf_pages(page, "A4") == 1
    assert pdf_pages(page, "Letter") == 1


def test_a_clinician_writes_it_with_the_patient_once_it_is_shared(
    page, live_server, axe_check
):
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    pat = make_user("rae@example.org")
    onboard(pat)
    enrollment = enroll(pat, casey, program, ["checkins", "safety_plan"])
    sign_in(page, live_server.url, casey.email)
    page.goto(f"{live_server.url}/clinic/patients/{enrollment.public_id}/safety-plan/")
    expect(
        page.get_by_text("The patient has not written a safety plan yet")
    ).to_be_visible()
    axe_check(page)
    step = "Professionals and crisis lines I can call"
    page.get_by_role("group", name=step).get_by_label(f"{step}, line 1").fill(
        "Casey at Riverbend 555-0199"
    )
    page.get_by_role("button", name="Save the safety plan").last.click()
    expect(page.get_by_text("The safety plan is saved.")).to_be_visible()
    expect(page.get_by_text("Casey at Riverbend 555-0199").first).to_be_visible()
    axe_check(page)
    shot(page, "safety_plan_clinic")
