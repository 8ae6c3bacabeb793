"""Journey: someone lands on Clearhead, finds the help lines, and leaves fast."""

import re

from playwright.sync_api import expect


def test_home_to_help_lines_then_quick_exit(page, live_server, request_log, axe_check):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ketamine")
    axe_check(page)

    page.get_by_role("link", name="Get help now").click()
    expect(page).to_have_url(re.compile(r"/help/$"))
    expect(
        page.get_by_role("heading", name="988 Suicide & Crisis Lifeline")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="SAMHSA National Helpline")).to_be_visible()
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Call 911")).to_have_attribute(
        "href", "tel:911"
    )
    expect(main.get_by_role("link", name="Call 988")).to_have_attribute(
        "href", "tel:988"
    )
    axe_check(page)

    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(re.compile(r"/exit/$"))
    expect(page).to_have_title("New tab")
    expect(page.locator("body")).not_to_contain_text("Clearhead")

    # The help page was replaced in the tab's history, not stacked under it.
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"/help/$"))

    assert request_log.foreign() == []


def test_escape_twice_is_a_quick_exit_from_any_page(page, live_server):
    page.goto(live_server.url + "/help/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/exit/$"))


def test_help_and_exit_are_reachable_by_keyboard_first(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Get help now")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Quick exit")).to_be_focused()
