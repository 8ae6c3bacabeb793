"""Journeys: a patient shares their phone with their care team, and the team
reaches them and logs it; no one outside the team can see or log a contact.

At a phone's size and a desktop's (1366 x 900), axe-checked on every page.
"""

import os
import re

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic import services as clinic_services
from clearhead.clinic.models import ContactLog
from clearhead.clinic.tests.test_clinic import ALL_SHARED, checkin, enroll
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.test_daily_checkin import sign_in

DESKTOP_WIDE = {"width": 1366, "height": 900}
# Screenshots to look at while working on these pages: CLEARHEAD_SHOTS=<dir>.
SHOTS = os.environ.get("CLEARHEAD_SHOTS")
CONTACT_WORDS = "My phone number and the best time to call me"


@pytest.fixture(params=[PHONE, DESKTOP_WIDE], ids=["phone", "desktop"])
def viewport(request):
    return request.param


@pytest.fixture
def riverbend(db):
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    pat = make_user("pat@example.org", Role.PATIENT, "Pat")
    onboard(pat)
    return program, casey, pat


def _shot(page, name: str, viewport: dict, **options) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-{viewport['width']}.png", **options)


def test_pat_shares_a_phone_and_casey_calls_and_logs_it(
    browser, live_server, axe_check, viewport, riverbend
):
    program, casey, pat = riverbend
    enrollment = enroll(pat, casey, program, sharing=ALL_SHARED)
    patient_page = f"{live_server.url}/clinic/patients/{enrollment.public_id}/"

    # Casey first: nothing shared, so the page says so and shows no number.
    casey_tab = browser.new_context(viewport=viewport).new_page()
    sign_in(casey_tab, live_server.url, "casey@clinic.example.org")
    expect(casey_tab.get_by_role("heading", level=1)).to_have_text("My caseload")
    casey_tab.goto(patient_page)
    reaching = casey_tab.get_by_role("region", name="Reaching Pat")
    expect(reaching).to_contain_text("Pat has not shared contact details with you.")
    expect(reaching).to_contain_text("Last contact: none logged")
    axe_check(casey_tab)

    # Pat adds her number on "About me", then shares it with her care team.
    pat_tab = browser.new_context(viewport=viewport).new_page()
    sign_in(pat_tab, live_server.url, "pat@example.org")
    pat_tab.goto(live_server.url + "/recovery/about-me/")
    own = pat_tab.get_by_role("group", name="How your care team can reach you")
    own.get_by_label("Your phone number").fill("312 555 0142")
    own.get_by_label("Best time to call you").fill("Weekday evenings after 6")
    axe_check(pat_tab)
    _shot(pat_tab, "about-me", viewport, full_page=True)
    pat_tab.get_by_role("button", name="Save").click()
    pat_tab.wait_for_load_state("load")
    pat_tab.goto(live_server.url + "/recovery/about-me/")
    expect(pat_tab.get_by_label("Your phone number")).to_have_value("(312) 555-0142")

    pat_tab.goto(live_server.url + "/clinic/my-care/")
    box = pat_tab.get_by_label(re.compile(CONTACT_WORDS))
    expect(box).not_to_be_checked()  # nothing is ticked for her
    box.check()
    pat_tab.get_by_role("button", name="Save what I share").click()
    summary = pat_tab.get_by_role("region", name="What you are agreeing to")
    expect(summary).to_contain_text(CONTACT_WORDS)
    axe_check(pat_tab)
    pat_tab.get_by_label("Type your full name to sign").fill("Pat Example")
    pat_tab.get_by_role("button", name="Sign", exact=True).click()
    expect(pat_tab.get_by_label(re.compile(CONTACT_WORDS))).to_be_checked()

    # Casey reloads: the number is a link a phone dials, with the best time.
    casey_tab.reload()
    call = reaching.get_by_role("link", name="Call (312) 555-0142")
    expect(call).to_have_attribute("href", "tel:+1-312-555-0142")
    expect(reaching).to_contain_text("Best time to call: Weekday evenings after 6")
    if viewport == PHONE:
        box = call.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 44  # a thumb's target
    axe_check(casey_tab)

    reaching.get_by_text("Log a contact").click()
    reaching.get_by_label("Call", exact=True).check()
    reaching.get_by_label("Note").fill("Talked for 10 minutes; group on Thursday.")
    reaching.get_by_role("button", name="Log contact").click()
    casey_tab.wait_for_load_state("load")
    expect(casey_tab.get_by_text("Contact logged: call.")).to_be_visible()
    expect(reaching).to_be_in_viewport()  # back at the panel, not the top
    expect(reaching).to_contain_text(re.compile(r"Last contact: \d+ \w+ \d{4}, "))
    log = reaching.get_by_role("list", name="Recent contacts")
    expect(log.get_by_role("listitem")).to_have_count(1)
    expect(log).to_contain_text("Call")
    expect(log).to_contain_text("Casey")
    expect(log).to_contain_text("Talked for 10 minutes; group on Thursday.")
    axe_check(casey_tab)
    reaching.scroll_into_view_if_needed()
    _shot(casey_tab, "reaching-logged", viewport)
    assert ContactLog.objects.get().kind == "call"


def test_a_form_sent_without_a_kind_says_what_is_missing(
    page, live_server, axe_check, viewport, riverbend
):
    program, casey, pat = riverbend
    enrollment = enroll(pat, casey, program)
    sign_in(page, live_server.url, "casey@clinic.example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    page.goto(f"{live_server.url}/clinic/patients/{enrollment.public_id}/")
    reaching = page.get_by_role("region", name="Reaching Pat")
    reaching.get_by_text("Log a contact").click()
    reaching.get_by_role("button", name="Log contact").click()
    expect(
        reaching.get_by_text("Choose how you reached them, or tried to.")
    ).to_be_visible()
    expect(reaching.get_by_role("button", name="Log contact")).to_be_visible()
    axe_check(page)
    reaching.scroll_into_view_if_needed()
    _shot(page, "reaching-error", viewport)
    assert not ContactLog.objects.exists()


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_crisis_puts_the_call_first(
    page, live_server, axe_check, viewport, riverbend
):
    program, casey, pat = riverbend
    onboard(pat, phone="(312) 555-0142", best_time_to_call="Any time")
    enrollment = enroll(pat, casey, program, sharing=[*ALL_SHARED, "contact_details"])
    checkin(pat, self_harm_thoughts=True)
    sign_in(page, live_server.url, "casey@clinic.example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    # The first chart a server process draws imports matplotlib (about 5 s
    # alone, more beside another browser): allow for it on this first visit.
    page.goto(
        f"{live_server.url}/clinic/patients/{enrollment.public_id}/", timeout=45_000
    )
    reaching = page.get_by_role("region", name="Reaching Pat")
    crisis = reaching.get_by_role("link", name="Crisis")
    call = reaching.get_by_role("link", name="Call (312) 555-0142")
    expect(crisis).to_be_visible()
    assert crisis.bounding_box()["y"] < call.bounding_box()["y"]
    expect(reaching).to_contain_text("Call them now if you can.")
    axe_check(page)
    reaching.scroll_into_view_if_needed()
    _shot(page, "reaching-crisis", viewport)
    # The crisis link leads to the flag, to mark it reviewed after the call.
    crisis.click()
    expect(page.get_by_role("button", name="Mark reviewed")).to_be_in_viewport()


def _post_contact(page, live_server, enrollment):
    """Send the log form's POST from this browser, with its own CSRF token."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return page.request.post(
        f"{live_server.url}/clinic/patients/{enrollment.public_id}/contacts/",
        form={"kind": "call", "note": "Should not be saved"},
        headers={"X-CSRFToken": token, "Referer": live_server.url + "/"},
        max_redirects=0,
    )


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_no_one_outside_the_care_team_can_see_or_log(
    page, live_server, axe_check, viewport, riverbend
):
    program, casey, pat = riverbend
    onboard(pat, phone="(312) 555-0142")
    enrollment = enroll(pat, casey, program, sharing=[*ALL_SHARED, "contact_details"])
    clinic_services.contact_log_record(
        actor=casey, enrollment=enrollment, kind="visit", note="Home visit"
    )
    oscar = make_user("oscar@other.example.org", Role.CLINICIAN, "Oscar")
    ProgramMembership.objects.create(
        program=Program.objects.create(name="Elsewhere"), clinician=oscar
    )
    make_user("sam@example.org", Role.SUPPORTER, "Sam")
    patient_page = f"{live_server.url}/clinic/patients/{enrollment.public_id}/"

    for email, status in (("oscar@other.example.org", 404), ("sam@example.org", 403)):
        sign_in(page, live_server.url, email)
        page.wait_for_load_state("load")
        response = page.goto(patient_page)
        assert response.status == status
        expect(page.get_by_text("555")).to_have_count(0)
        expect(page.get_by_text("Home visit")).to_have_count(0)
        axe_check(page)
        assert _post_contact(page, live_server, enrollment).status == status
        page.context.clear_cookies()
    assert ContactLog.objects.count() == 1


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE], ids=["desktop"])
def test_a_clinician_removed_with_the_page_open_cannot_log(
    page, live_server, axe_check, viewport, riverbend
):
    program, casey, pat = riverbend
    ada = make_user("ada@clinic.example.org", Role.ADMIN, "Ada")
    enrollment = enroll(pat, casey, program)
    sign_in(page, live_server.url, "casey@clinic.example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    page.goto(f"{live_server.url}/clinic/patients/{enrollment.public_id}/")
    reaching = page.get_by_role("region", name="Reaching Pat")
    reaching.get_by_text("Log a contact").click()
    reaching.get_by_label("Message").check()

    # An administrator ends Casey's membership while her page is open.
    clinic_services.membership_end(
        actor=ada, membership=casey.program_memberships.get()
    )
    reaching.get_by_role("button", name="Log contact").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text("Pat")
    expect(page.get_by_text("Reaching Pat")).to_have_count(0)
    axe_check(page)
    assert not ContactLog.objects.exists()
