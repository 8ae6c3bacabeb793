"""Journeys of a family member and the person she supports, on a phone.

A mother follows "Create a supporter account" and becomes a supporter; a
new patient who is really a supporter changes her account before anything
is saved (and cannot once there is a check-in); a supporter reads the last
check-in, the trend, the e-mail she will get and help for herself; the
patient sees on her home page that someone waits, and shares or copies the
code.
"""

import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clearhead.accounts.models import Role, User
from clearhead.care import services as care_services
from clearhead.care.time_zones import today_for
from clearhead.flags.definitions import MISSED_CHECKIN_DAYS
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.recovery.tests.test_tools_and_plans import add_checkin
from clearhead.sharing import services as sharing_services
from clearhead.testing import PERSONA_PASSWORD, make_user
from tests.e2e.test_daily_checkin import check_in, sign_in

# Screenshots to look at by eye (not compared): $TMPDIR/shots16.
SHOTS = Path(tempfile.gettempdir()) / "shots16"


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


def _in_view(page, locator):
    expect(locator).to_be_visible()
    expect(locator).to_be_in_viewport()


def _link(patient, supporter):
    link, code = sharing_services.supporter_invite(actor=patient, relation="mum")
    sharing_services.supporter_accept(actor=supporter, code=code)
    link.refresh_from_db()
    return link


def test_the_supporter_link_makes_a_supporter(
    page, live_server, axe_check, request_log
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Create a supporter account").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Create a supporter account", use_inner_text=True)
    expect(page.get_by_text("You are creating a supporter account")).to_be_visible()
    button = page.get_by_role("button", name=re.compile("^Create my"))
    expect(button).to_have_text("Create my supporter account", use_inner_text=True)
    axe_check(page)

    # Choosing the other answer changes the words at once, and back again.
    page.get_by_label(re.compile("I want support with my own")).check()
    expect(heading).to_have_text("Create an account", use_inner_text=True)
    expect(button).to_have_text("Create my account", use_inner_text=True)
    expect(page.get_by_text("You are creating an account for your own")).to_be_visible()
    page.get_by_label(re.compile("I'm a family member or friend")).check()
    expect(button).to_have_text("Create my supporter account", use_inner_text=True)
    page.screenshot(path=f"{SHOTS}/family-register.png", full_page=True)

    page.get_by_label("What should we call you?").fill("Maria")
    page.get_by_label("E-mail address").fill("maria@example.org")
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_label("Password again").fill(PERSONA_PASSWORD)
    button.click()
    expect(heading).to_have_text("Supporting someone", use_inner_text=True)
    axe_check(page)
    assert User.objects.get(email="maria@example.org").role == Role.SUPPORTER
    assert request_log.foreign() == []


def test_a_new_patient_changes_to_a_supporter_before_any_health_data(
    page, live_server, axe_check
):
    make_user("maria@example.org", Role.PATIENT, "Maria")
    sign_in(page, live_server.url, "maria@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Let's get you started")
    offer = page.get_by_role(
        "link", name="I'm here to support someone else — change my account"
    )
    _in_view(page, offer)
    box = offer.bounding_box()
    assert box["height"] >= 24
    assert box["width"] >= 24
    page.screenshot(path=f"{SHOTS}/family-onboarding-offer.png")
    offer.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Change my account")
    axe_check(page)
    page.screenshot(path=f"{SHOTS}/family-role-switch.png", full_page=True)
    page.get_by_role("button", name="Make this a supporter account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supporting someone")
    expect(page.get_by_text("This is now a supporter account")).to_be_visible()
    _in_view(page, page.get_by_role("textbox", name="Code"))
    axe_check(page)
    page.screenshot(path=f"{SHOTS}/family-supporter-new.png", full_page=True)
    assert User.objects.get(email="maria@example.org").is_supporter


def test_the_change_is_gone_after_a_check_in(page, live_server, axe_check):
    robin = make_user("robin@example.org", Role.PATIENT, "Robin")
    sign_in(page, live_server.url, "robin@example.org")
    page.goto(live_server.url + "/account/settings/")
    offer = page.get_by_role(
        "link", name="I'm here to support someone else — change my account"
    )
    expect(offer).to_be_visible()

    onboard(robin, days_ago=5)
    page.goto(live_server.url + "/recovery/")
    check_in(page, "3", "Good")
    expect(page.get_by_text("Check-in saved.")).to_be_visible()

    page.goto(live_server.url + "/account/settings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Account settings")
    expect(offer).to_have_count(0)
    page.goto(live_server.url + "/account/change-type/")
    expect(page.get_by_text("cannot change to another type of account")).to_be_visible()
    expect(
        page.get_by_role("button", name="Make this a supporter account")
    ).to_have_count(0)
    axe_check(page)
    assert User.objects.get(email="robin@example.org").is_patient


def test_the_supporter_sees_the_last_check_in_the_trend_her_alerts_and_help(
    page, live_server, axe_check, request_log
):
    pat = make_user("pat@example.org", Role.PATIENT, "Pat")
    onboard(pat, days_ago=20)
    for days_ago in (0, 1, 2, 3, 4, 9):
        add_checkin(pat, days_ago, 3)
    sam = make_user("sam@example.org", Role.SUPPORTER, "Sam")
    care_services.consent_sign(
        actor=pat,
        link=_link(pat, sam),
        kinds=["sober_days", "checkin_adherence", "missed_checkin_alerts"],
        purpose="family_support",
        expires_on=today_for(pat) + timedelta(days=90),
        signature="Pat Example",
    )
    sign_in(page, live_server.url, "sam@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supporting someone")
    person = page.get_by_role("region", name="Pat")
    expect(person.get_by_text(re.compile(r"^Last check-in: \w+day \d"))).to_be_visible()
    expect(person.get_by_text("More check-ins than last week")).to_be_visible()
    expect(
        person.get_by_text(
            f"if Pat goes {MISSED_CHECKIN_DAYS} days in a row without a check-in"
        )
    ).to_be_visible()
    expect(person.get_by_text(re.compile("^Why: Pat turned this on"))).to_be_visible()
    page.screenshot(path=f"{SHOTS}/family-supporter-home.png", full_page=True)

    expect(page.get_by_role("heading", name="If the numbers drop")).to_be_attached()
    help_for_you = page.get_by_role("region", name="Help for you")
    family_groups = help_for_you.get_by_role(
        "link", name="Groups for family and friends (Al-Anon, Nar-Anon)"
    )
    expect(family_groups).to_have_attribute(
        "href",
        reverse("directory:meeting_list") + "?family=1",
    )
    expect(
        help_for_you.get_by_role("link", name="How to help, and looking after yourself")
    ).to_be_visible()
    axe_check(page)
    family_groups.click()
    expect(page).to_have_url(re.compile(r"\?family=1$"))
    axe_check(page)
    assert request_log.foreign() == []


def test_the_patient_sees_someone_waiting_and_reviews(page, live_server, axe_check):
    pat = make_user("pat@example.org", Role.PATIENT, "Pat")
    onboard(pat, days_ago=9)
    _link(pat, make_user("maria@example.org", Role.SUPPORTER, "Maria"))
    sign_in(page, live_server.url, "pat@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")
    waiting = page.get_by_role("region", name="Waiting for you")
    _in_view(page, waiting.get_by_text("Maria (mum) asked to support you."))
    axe_check(page)
    page.screenshot(path=f"{SHOTS}/family-patient-waiting.png")

    waiting.get_by_role("link", name=re.compile("^Review")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Family and friends")
    section = page.get_by_role("region", name="Maria (mum)")
    _in_view(page, section.get_by_text("Waiting for you."))
    # The choice is open, ready to fill in.
    expect(section.get_by_label("My sober-day count")).to_be_visible()
    axe_check(page)


def test_the_code_can_be_copied_and_share_waits_for_a_share_sheet(
    page, live_server, axe_check
):
    onboard(make_user("pat@example.org", Role.PATIENT, "Pat"), days_ago=9)
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=live_server.url
    )
    sign_in(page, live_server.url, "pat@example.org")
    page.goto(live_server.url + "/my-supporters/")
    page.get_by_label("Who are they to you?").fill("mum")
    page.get_by_role("button", name="Create a code").click()
    code = page.locator("#supporter-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{8}", code)

    # Chromium on Linux has no share sheet: no Share button to fail.
    assert page.evaluate("typeof navigator.share") == "undefined"
    expect(page.get_by_role("button", name="Share the code")).to_be_hidden()
    copy = page.get_by_role("button", name="Copy the code")
    _in_view(page, copy)
    axe_check(page)
    copy.click()
    status = page.get_by_role("status").filter(has_text="Copied")
    expect(status).to_have_text("Copied. Paste it into a message to them.")
    expect(status).to_be_in_viewport()
    assert page.evaluate("navigator.clipboard.readText()") == code
    page.screenshot(path=f"{SHOTS}/family-code-copied.png")


def test_where_the_phone_can_share_the_code_goes_to_its_share_sheet(page, live_server):
    # A stand-in share sheet, as a phone's browser would offer.
    page.add_init_script(
        "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };"
        "navigator.canShare = () => true;"
    )
    onboard(make_user("pat@example.org", Role.PATIENT, "Pat"), days_ago=9)
    sign_in(page, live_server.url, "pat@example.org")
    page.goto(live_server.url + "/my-supporters/")
    page.get_by_label("Who are they to you?").fill("mum")
    page.get_by_role("button", name="Create a code").click()
    code = page.locator("#supporter-code").inner_text()
    page.get_by_role("button", name="Share the code").click()
    expect(page.get_by_role("status").filter(has_text="Shared.")).to_be_visible()
    shared = page.evaluate("window.__shared")
    assert code in shared["text"]
    assert shared["url"] == live_server.url + "/account/register/?as=supporter"
