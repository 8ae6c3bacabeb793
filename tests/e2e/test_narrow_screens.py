"""Pages stay readable on a 360 px wide phone: nothing scrolls sideways."""

import pytest

from clearhead.accounts.models import Role
from clearhead.testing import PERSONA_PASSWORD, make_user

PUBLIC_PAGES = [
    "/",
    "/help/",
    "/privacy/",
    "/account/sign-in/",
    "/account/register/",
    "/check/",
    "/check/take/",
    "/check/take/?step=level-of-care",
    "/learn/",
    "/learn/bladder-and-kidney-health/",
    "/find/",
    "/meetings/",
]


@pytest.fixture
def narrow_page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(8_000)
    yield page
    context.close()


def assert_fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide at a 360px viewport"


def test_public_pages_fit_a_360px_screen(narrow_page, live_server):
    for path in PUBLIC_PAGES:
        narrow_page.goto(live_server.url + path)
        assert_fits(narrow_page)


def test_account_settings_with_tokens_fit_a_360px_screen(narrow_page, live_server):
    make_user("narrow@example.org", Role.PATIENT)
    narrow_page.goto(live_server.url + "/account/sign-in/")
    narrow_page.get_by_label("E-mail address").fill("narrow@example.org")
    narrow_page.get_by_label("Password").fill(PERSONA_PASSWORD)
    narrow_page.get_by_role("button", name="Sign in").click()
    narrow_page.wait_for_url("**/recovery/about-me/")
    assert_fits(narrow_page)  # onboarding, where a new patient lands
    narrow_page.goto(live_server.url + "/account/settings/")
    narrow_page.get_by_label("Token name").fill("a token with a rather long name")
    narrow_page.get_by_role("button", name="Create token").click()
    narrow_page.locator("#new-token").wait_for()
    assert_fits(narrow_page)


def test_the_recovery_companion_fits_a_360px_screen(narrow_page, live_server):
    from clearhead.recovery.tests.test_recovery_pages import onboard
    from clearhead.recovery.tests.test_tools_and_plans import add_checkin

    patient = make_user("narrow.companion@example.org", Role.PATIENT)
    onboard(patient)
    add_checkin(patient, 1, 6, used=True)
    add_checkin(patient, 0, 3)
    narrow_page.goto(live_server.url + "/account/sign-in/")
    narrow_page.get_by_label("E-mail address").fill("narrow.companion@example.org")
    narrow_page.get_by_label("Password").fill(PERSONA_PASSWORD)
    narrow_page.get_by_role("button", name="Sign in").click()
    narrow_page.wait_for_url("**/recovery/")
    for path in (
        "/recovery/",
        "/recovery/check-in/",
        "/recovery/charts/?days=90",
        "/recovery/plan/",
        "/recovery/week/",
        "/recovery/tools/",
        "/recovery/tools/breathing/",
        "/recovery/my-data/",
        "/recovery/about-me/",
        "/my-record/who-has-seen/",
    ):
        narrow_page.goto(live_server.url + path)
        assert_fits(narrow_page)


def test_finder_results_with_confirmation_and_approximate_places_fit_a_360px_screen(
    narrow_page, live_server
):
    from datetime import UTC, datetime

    from clearhead.directory.tests.factories import (
        FacilityFactory,
        FeedFactory,
        MeetingFactory,
    )

    feed = FeedFactory(last_confirmed_at=datetime(2026, 11, 12, 12, tzinfo=UTC))
    FacilityFactory(
        feed=feed,
        name="Calm Waters Community Mental Health and Wellness Center",
        mental_health_only=True,
        approximate_location=True,
    )
    FacilityFactory(feed=feed, name="Riverbend Recovery Services")
    MeetingFactory(name="Clear Mind Tuesday", approximate_location=True)
    narrow_page.goto(
        live_server.url + "/find/?near=62704&mental_health_care=1#results-title"
    )
    assert_fits(narrow_page)
    text = narrow_page.inner_text("main")
    assert "Listing confirmed 12 Nov 2026" in text
    assert "Mental health care only" in text
    assert "approximate location" in text
    narrow_page.goto(live_server.url + "/meetings/?near=62704")
    assert_fits(narrow_page)
    assert "Not known when this listing was last confirmed" in narrow_page.inner_text(
        "main"
    )


def test_an_online_meeting_with_a_one_tap_dial_string_fits_a_360px_screen(
    narrow_page, live_server
):
    # Real Meeting Guide feeds give conference_phone as a one-tap string with
    # the meeting ID and passcode after commas; it ran 55 px off a phone.
    from clearhead.directory.tests.factories import MeetingFactory

    meeting = MeetingFactory(
        name="Wednesday As Bill Sees It",
        attendance="online",
        conference_url="https://zoom.example.org/j/85779615129",
        conference_url_notes="Meeting ID: 857 7961 5129, Passcode: 005088",
        conference_phone="+13017158592,,85779615129#,,,,005088#",
        conference_phone_notes="Dial-in: 301 715 8592 Meeting ID: 857 7961 5129",
        location_notes="https://example.org/" + "a-very-long-path-without-spaces" * 3,
    )
    narrow_page.goto(f"{live_server.url}/meetings/{meeting.public_id}/")
    phone = narrow_page.get_by_role("link", name="Join by phone: +13017158592")
    assert phone.get_attribute("href") == "tel:+13017158592,,85779615129#,,,,005088#"
    assert_fits(narrow_page)
