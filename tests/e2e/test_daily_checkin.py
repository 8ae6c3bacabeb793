"""Journey: a patient sets up the companion on a phone and checks in."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from clearhead.core import clock
from clearhead.testing import PERSONA_PASSWORD, make_user
from tests.e2e.pages.menu import menu_link

CHICAGO = "America/Chicago"
PHONE_ZONE = "America/New_York"


def late_evening_in(zone: str) -> datetime:
    """The next 11:30 pm on the wall clocks of `zone`."""
    here = clock.now().astimezone(ZoneInfo(zone))
    evening = datetime.combine(here.date(), time(23, 30), tzinfo=ZoneInfo(zone))
    return evening if evening > here else evening + timedelta(days=1)


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args):
    # The phone is set to New York; the day-dependent journeys' patients
    # live in Chicago.
    return {**browser_context_args, "timezone_id": PHONE_ZONE}


def sign_in(page, base_url, email):
    page.goto(base_url + "/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def answer_first_four(
    page,
    craving: str,
    mood: str,
    used: str = "No",
    self_harm: str = "No",
    day: str | None = None,
):
    """Answer the four required questions of the check-in form (with `day`,
    a day's name: yesterday's late form, which asks "on Monday")."""
    answers = (
        ("How strong were your cravings today?", craving),
        ("How is your mood?", mood),
        ("Have you used ketamine since your last check-in?", used),
        ("Have you had thoughts of harming yourself?", self_harm),
    )
    if day:
        answers = (
            (f"How strong were your cravings on {day}?", craving),
            (f"How was your mood on {day}?", mood),
            (f"Did you use ketamine on {day}?", used),
            (f"Did you have thoughts of harming yourself on {day}?", self_harm),
        )
    for question, answer in answers:
        page.get_by_role("group", name=question).get_by_label(
            answer, exact=True
        ).check()


def check_in(page, craving: str, mood: str, used: str = "No"):
    """Check in from the companion's pages; it ends on the page after a
    check-in (one next step, test_after_checkin.py), so a second check-in
    goes back to the home page first."""
    back = page.get_by_role("link", name="Back to my recovery")
    if back.count():
        back.click()
    page.get_by_role("link", name=re.compile("^Check in")).last.click()
    answer_first_four(page, craving, mood, used=used)
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()


def test_onboarding_checkins_and_a_lapse_on_a_phone(
    page, live_server, request_log, axe_check
):
    make_user("robin@example.org")
    sign_in(page, live_server.url, "robin@example.org")

    expect(page.get_by_role("heading", level=1)).to_have_text("Let's get you started")
    axe_check(page)
    page.get_by_label("The day you stopped, or plan to stop, using ketamine").fill(
        "2026-01-01"
    )
    page.get_by_label("Your reasons for recovery").fill("To feel like myself again.")
    page.get_by_label("Stress").check()
    page.get_by_role("group", name="Person 1").get_by_label("Name").fill("Jordan")
    page.get_by_role("group", name="Person 1").get_by_label("Phone").fill("555-0123")
    page.get_by_label("Your time zone").select_option("Europe/London")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")
    expect(page.get_by_role("link", name="Call Jordan")).to_have_attribute(
        "href", "tel:555-0123"
    )
    axe_check(page)

    check_in(page, "4", "Good")
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    axe_check(page)
    check_in(page, "8", "Low")
    check_in(page, "9", "Very low", used="Yes")
    page.get_by_role("link", name="Back to my recovery").click()

    expect(page.locator(".big-number")).to_have_text("0")
    expect(
        page.get_by_text("A lapse does not wipe out the work you have done")
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name="You used ketamine this week")
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name="Cravings have been strong")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="9/10")).to_be_visible()
    axe_check(page)

    # The lapse panel offers the plan; the plan is one tap from every page.
    page.get_by_role("link", name="Open my relapse-prevention plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "My relapse-prevention plan"
    )
    page.get_by_role("link", name="Write my plan").click()
    page.get_by_label("My warning signs").fill("Skipping meals, seeing old friends.")
    page.get_by_label("If I slip").fill("Tell Jordan the same day.")
    page.get_by_role("button", name="Save my plan").click()
    expect(page.get_by_text("Skipping meals, seeing old friends.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Call Jordan"))).to_be_visible()
    axe_check(page)

    menu_link(page, "Charts").click()
    page.get_by_role("link", name="7 days").click()
    craving = page.get_by_role("figure", name="Craving")
    expect(craving.get_by_role("img", name="Craving")).to_be_visible()
    expect(
        craving.get_by_text(
            # One day of check-ins (three, averaged): its value, said once.
            "Craving over the last 7 days: 7 out of 10, from 1 day of check-ins."
        )
    ).to_be_visible()
    craving.get_by_text("Show the numbers").click()
    expect(craving.get_by_role("cell", name="7")).to_be_visible()
    axe_check(page)
    assert request_log.foreign() == []


def test_the_checkin_form_is_accessible_with_errors(page, live_server, axe_check):
    make_user("casey.p@example.org")
    sign_in(page, live_server.url, "casey.p@example.org")
    page.get_by_label("The day you stopped, or plan to stop, using ketamine").fill(
        "2026-11-01"
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name=re.compile("^Check in")).last.click()
    page.get_by_role("button", name="Save check-in").click()
    expect(
        page.get_by_text("Please answer the questions marked below.")
    ).to_be_visible()
    axe_check(page)


def test_an_offline_checkin_is_kept_and_synced_exactly_once(
    page, context, live_server, axe_check, pin_clock
):
    from clearhead.recovery.models import DailyCheckIn
    from clearhead.recovery.tests.test_recovery_pages import onboard

    # 11:30 pm in Chicago, where the patient lives, is already tomorrow on
    # the phone (set to New York) and in UTC: the offline check-in counts
    # for Chicago's day, as the server counts it.
    evening = late_evening_in(CHICAGO)
    chicago_day = evening.astimezone(ZoneInfo(CHICAGO)).date()
    pin_clock(evening)
    patient = make_user("offline@example.org")
    onboard(patient, time_zone=CHICAGO)
    sign_in(page, live_server.url, "offline@example.org")
    menu_link(page, "Check in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Daily check-in")
    page.wait_for_load_state("load")  # the offline script, not only the heading

    context.set_offline(True)
    answer_first_four(page, "6", "OK")
    page.get_by_role("button", name="Save check-in").click()
    # On the screen where the person is, and focused (a screen reader reads it).
    notice = page.get_by_text("You are offline. Your check-in is saved on this device")
    expect(notice).to_be_visible()
    expect(notice).to_be_in_viewport()
    expect(notice).to_be_focused()
    axe_check(page)
    assert DailyCheckIn.objects.count() == 0

    context.set_offline(False)
    expect(page.get_by_text("Your saved check-in has been sent.")).to_be_visible()
    assert DailyCheckIn.objects.filter(patient=patient, craving=6).count() == 1
    assert DailyCheckIn.objects.get(patient=patient).day == chicago_day
    assert chicago_day != evening.astimezone(ZoneInfo(PHONE_ZONE)).date()

    # Coming back online again, or reopening the page, sends nothing twice.
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.reload()
    page.wait_for_timeout(500)
    assert DailyCheckIn.objects.count() == 1
    assert page.evaluate("window.ClearheadDevice.pending().length") == 0


def test_offline_thoughts_of_self_harm_show_the_crisis_lines_at_once(
    page, context, live_server
):
    from clearhead.recovery.tests.test_recovery_pages import onboard

    patient = make_user("offline2@example.org")
    onboard(patient)
    sign_in(page, live_server.url, "offline2@example.org")
    page.goto(live_server.url + "/recovery/check-in/")
    context.set_offline(True)
    answer_first_four(page, "2", "Low", self_harm="Yes")
    page.get_by_role("button", name="Save check-in").click()
    # The confirmation is on screen, with the crisis box right below it.
    notice = page.get_by_text("You are offline. Your check-in is saved on this device")
    expect(notice).to_be_in_viewport()
    expect(notice).to_be_focused()
    expect(page.get_by_text("You do not have to face this alone")).to_be_in_viewport()
    crisis = page.locator("[data-offline-crisis]")
    expect(crisis.get_by_role("link", name=re.compile("Call 988"))).to_be_visible()
    # Not in a program: the box says no care team will be told.
    expect(crisis.get_by_text("No care team will be told.")).to_be_visible()
    # Back online, the check-in syncs; wait for it, so nothing writes after the test.
    context.set_offline(False)
    expect(page.get_by_text("Your saved check-in has been sent.")).to_be_visible()
    from clearhead.recovery.models import DailyCheckIn

    assert DailyCheckIn.objects.get(patient=patient).self_harm_thoughts is True
