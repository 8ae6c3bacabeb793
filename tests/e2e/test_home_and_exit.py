"""Journeys on a phone: the home page puts the two main answers first, and
quick exit leaves nothing that Back can show without asking the server."""

import os
import re
from pathlib import Path

import pytest
from django.core.signals import request_started
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.testing import PERSONA_PASSWORD, make_user
from tests.e2e.conftest import PHONE, RequestLog, assert_accessible

# Set CLEARHEAD_SHOTS to a folder to keep screenshots of the pages to look at.
SHOTS = os.environ.get("CLEARHEAD_SHOTS")


@pytest.fixture
def viewport():
    return PHONE


def in_first_screen(page, locator) -> bool:
    """True when the whole element is inside the first 844 px, unscrolled."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_home_puts_the_crisis_line_then_two_main_actions_in_the_first_screen(
    page, live_server, request_log, axe_check
):
    page.goto(live_server.url + "/")
    main = page.get_by_role("main")
    danger = main.get_by_role("heading", name="In danger right now?")
    check = main.get_by_role("link", name="Check my ketamine use (5 minutes, private)")
    find = main.get_by_role("link", name="Find treatment or a meeting near me")
    for locator in (danger, check, find, main.get_by_role("link", name="Call 911")):
        expect(locator).to_be_visible()
        assert in_first_screen(page, locator), locator
    # The crisis line comes before the two actions, on screen and in reading order.
    assert danger.bounding_box()["y"] < check.bounding_box()["y"]
    assert check.bounding_box()["y"] < find.bounding_box()["y"]
    expect(main.get_by_role("link", name=re.compile("^Call 988"))).to_have_attribute(
        "href", "tel:988"
    )
    # The header is two short rows, not three: it ends well above the fold.
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 120, header
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe_check(page)
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "home-phone.png"))

    check.click()
    expect(page).to_have_url(re.compile(r"/check/$"))
    axe_check(page)
    page.go_back()
    main.get_by_role("link", name="Find treatment or a meeting near me").click()
    expect(page).to_have_url(re.compile(r"/find/"))
    assert request_log.foreign() == []


class ServerHits:
    """The pages the server itself was asked for (Django's request_started),
    so a page the browser showed from its memory is not counted. Only what
    the browser asked for as a page counts: not the copy of the help lines
    the service worker keeps in the background (sw.js)."""

    def __init__(self):
        self.paths: list[str] = []

    def __call__(self, sender, environ, **kwargs):
        if environ.get("HTTP_SEC_FETCH_MODE", "navigate") == "navigate":
            self.paths.append(environ.get("PATH_INFO", ""))

    def count(self, path: str) -> int:
        return self.paths.count(path)


@pytest.fixture
def server_hits():
    hits = ServerHits()
    request_started.connect(hits, dispatch_uid="test-home-and-exit-hits")
    yield hits
    request_started.disconnect(dispatch_uid="test-home-and-exit-hits")


@pytest.fixture
def phone_with_back_cache(browser_type, browser_type_launch_args):
    """A phone-sized tab whose Back works as on a real phone: Playwright
    switches Chromium's back-forward cache off; this browser keeps it on."""
    browser = browser_type.launch(
        **browser_type_launch_args, ignore_default_args=["--disable-back-forward-cache"]
    )
    page = browser.new_context(viewport=PHONE).new_page()
    page.set_default_timeout(8_000)
    yield page
    browser.close()


def stored_items(page) -> dict:
    """What this site keeps in the tab, less the mark every page sets to
    say it was shown (quick-exit.js)."""
    return page.evaluate(
        "() => ({session: Object.keys(sessionStorage).filter("
        "(key) => key !== 'clearhead:open').length, local: localStorage.length})"
    )


def test_after_quick_exit_back_asks_the_server_again_and_nothing_is_kept(
    phone_with_back_cache, live_server, server_hits
):
    page = phone_with_back_cache
    request_log = RequestLog(page, live_server.url)
    page.goto(live_server.url + "/")
    page.goto(live_server.url + "/learn/")
    assert_accessible(page)
    page.goto(live_server.url + "/help/")
    # What a page may have kept on the phone (a self-check in progress).
    page.evaluate(
        "() => { sessionStorage.setItem('clearhead:self-check:answers', '{}');"
        " localStorage.setItem('clearhead:note', 'x'); }"
    )
    assert stored_items(page) == {"session": 1, "local": 1}

    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(re.compile(r"/exit/$"))
    expect(page.locator("body")).not_to_contain_text("Clearhead")
    assert stored_items(page) == {"session": 0, "local": 0}

    # The help page was replaced by the exit page: Back goes to the page
    # before it, and the server is asked for it again.
    learn_before = server_hits.count("/learn/")
    page.go_back()
    expect(page).to_have_url(re.compile(r"/learn/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert server_hits.count("/learn/") == learn_before + 1, server_hits.paths
    assert server_hits.count("/help/") == 1, server_hits.paths
    assert stored_items(page) == {"session": 0, "local": 0}
    assert request_log.foreign() == []


def test_after_quick_exit_back_never_shows_a_signed_in_page_from_memory(
    phone_with_back_cache, live_server, server_hits
):
    page = phone_with_back_cache
    make_user("exit.pat@example.org", Role.PATIENT)
    page.goto(live_server.url + "/account/sign-in/")
    page.get_by_label("E-mail address").fill("exit.pat@example.org")
    page.get_by_label("Password").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/recovery/about-me/")
    page.goto(live_server.url + "/account/settings/")
    page.goto(live_server.url + "/help/")

    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(re.compile(r"/exit/$"))
    settings_before = server_hits.count("/account/settings/")
    page.go_back()
    # Asked again, the server has nobody signed in: quick exit signed out.
    assert server_hits.count("/account/settings/") == settings_before + 1
    expect(page).to_have_url(re.compile(r"/account/sign-in/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_text("exit.pat@example.org")).to_have_count(0)


def test_check_in_extras_are_a_disclosure_and_every_box_is_a_thumb_target(
    page, live_server, axe_check
):
    from clearhead.recovery.tests.test_recovery_pages import onboard

    onboard(make_user("boxes.pat@example.org", Role.PATIENT))
    page.goto(live_server.url + "/account/sign-in/")
    page.get_by_label("E-mail address").fill("boxes.pat@example.org")
    page.get_by_label("Password").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/recovery/")
    page.goto(live_server.url + "/recovery/check-in/")
    more = page.locator("summary", has_text="More (optional)")
    marker = "(el) => getComputedStyle(el, '::before').content"
    assert more.evaluate(marker) == '"▸"'
    assert more.bounding_box()["height"] >= 44
    more.click()
    assert more.evaluate(marker) == '"▾"'
    boxes = page.locator("input[type=checkbox], input[type=radio]")
    assert boxes.count() > 20
    sizes = boxes.evaluate_all(
        "(all) => all.map((box) => [box.getBoundingClientRect().width,"
        " box.getBoundingClientRect().height])"
    )
    assert all(width >= 24 and height >= 24 for width, height in sizes), sizes
    axe_check(page)
