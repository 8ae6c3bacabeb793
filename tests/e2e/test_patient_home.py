"""Journey: a patient's evening on a phone (390 x 844). The first screen of
the home is the counter, today's status and one "Check in" button; the
menus sit in one "Menu"; the check-in's four questions fit one screen."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.pages.menu import menu_link
from tests.e2e.test_daily_checkin import answer_first_four, sign_in

PHONE = {"width": 390, "height": 844}
# Screenshots to look at by eye (not compared): $TMPDIR/shots17.
SHOTS = Path(tempfile.gettempdir()) / "shots17"


@pytest.fixture
def viewport():
    return PHONE


def in_first_screen(page, locator) -> bool:
    """Wholly inside the 390 x 844 screen without scrolling."""
    box = locator.bounding_box()
    scroll = page.evaluate("window.scrollY")
    return (
        box is not None
        and scroll == 0
        and box["y"] >= 0
        and box["y"] + box["height"] <= PHONE["height"]
    )


def test_the_home_shows_the_counter_status_and_check_in_without_scrolling(
    page, live_server, request_log, axe_check
):
    patient = make_user("home@example.org")
    onboard(patient, days_ago=20)
    # Signing in lands on the home (the milestone is shown once).
    sign_in(page, live_server.url, "home@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")
    main = page.get_by_role("main")

    # The words and numbers agree: the milestone passed while away is said
    # as passed, next to the counter's own 20; plurals are right.
    expect(main.get_by_text("You passed 14 days")).to_be_visible()
    expect(main.get_by_text("You are at 20 days now.", exact=False)).to_be_visible()
    expect(main.get_by_text("days without ketamine", exact=False)).to_be_visible()
    expect(main.get_by_text("Next milestone: 30 days")).to_be_visible()
    expect(main.get_by_text("14 days!")).to_have_count(0)

    counter = main.locator(".big-number")
    expect(counter).to_have_text("20")
    status = main.get_by_text("not checked in yet", exact=False)
    button = main.get_by_role("link", name="Check in now")
    for thing in (counter, status, button):
        expect(thing).to_be_visible()
        assert in_first_screen(page, thing), thing
    # One main action: the menus' links are shut away on a phone.
    expect(page.get_by_role("link", name="Coping tools")).to_be_hidden()
    expect(page.get_by_role("link", name="Learn")).to_be_hidden()
    page.screenshot(path=f"{SHOTS}/home-phone.png")
    axe_check(page)

    # The one menu holds both: the site's links and the recovery links.
    page.get_by_role("banner").get_by_text("Menu", exact=True).click()
    for name in ("Learn", "Account", "Coping tools", "My plan", "Charts", "Today"):
        expect(
            page.get_by_role("banner").get_by_role("link", name=name)
        ).to_be_visible()
    page.screenshot(path=f"{SHOTS}/home-phone-menu.png")
    axe_check(page)
    menu_link(page, "Coping tools").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Coping")
    axe_check(page)
    menu_link(page, "Learn").click()
    expect(page).to_have_url(f"{live_server.url}/learn/")
    menu_link(page, "Today").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")

    # The check-in: the four required questions and Save on one screen.
    page.get_by_role("link", name="Check in now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Daily check-in")
    page.screenshot(path=f"{SHOTS}/checkin-phone.png")
    for question in (
        "How strong were your cravings today?",
        "How is your mood?",
        "Have you used ketamine since your last check-in?",
        "Have you had thoughts of harming yourself?",
    ):
        group = page.get_by_role("group", name=question)
        expect(group).to_be_visible()
        assert in_first_screen(page, group), question
    # The optional part waits, shut, under the four; Save is on the screen.
    expect(page.get_by_text("More (optional)")).to_be_visible()
    expect(page.get_by_label("Hours of sleep last night")).to_be_hidden()
    assert in_first_screen(page, page.get_by_role("button", name="Save check-in"))
    axe_check(page)
    answer_first_four(page, "3", "Good")
    page.get_by_role("button", name="Save check-in").click()
    page.goto(live_server.url + "/recovery/")
    expect(page.get_by_text("you have checked in", exact=False)).to_be_visible()
    again = page.get_by_role("main").get_by_role("link", name="Check in again")
    assert in_first_screen(page, again)
    page.screenshot(path=f"{SHOTS}/home-phone-checked-in.png")
    axe_check(page)
    assert request_log.foreign() == []


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}])
def test_on_a_desktop_both_menus_stay_visible_links(page, live_server, axe_check):
    patient = make_user("desk@example.org")
    onboard(patient, days_ago=3)
    sign_in(page, live_server.url, "desk@example.org")
    page.goto(live_server.url + "/recovery/")
    banner = page.get_by_role("banner")
    expect(banner.get_by_text("Menu", exact=True)).to_be_hidden()
    for name in ("Learn", "Account", "Coping tools", "Charts"):
        expect(banner.get_by_role("link", name=name, exact=True)).to_be_visible()
    page.screenshot(path=f"{SHOTS}/home-desktop.png")
    axe_check(page)
    banner.get_by_role("link", name="Charts", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "chart", ignore_case=True
    )
