"""Journey: a person creates an account, makes an API token, signs out and in."""

import re

from playwright.sync_api import expect

from tests.e2e.pages.menu import menu_link, open_menu


def test_register_make_a_token_sign_out_and_back_in(
    page, live_server, request_log, axe_check
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Create an account").first.click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    axe_check(page)

    # A mistake first: the form says what is wrong and keeps what was typed.
    page.get_by_label(
        "I'm a family member or friend of someone who uses ketamine"
    ).check()
    page.get_by_label("What should we call you?").fill("Robin")
    page.get_by_label("E-mail address").fill("robin@example.org")
    page.get_by_label("Password", exact=True).fill("a long walk at dawn")
    page.get_by_label("Password again").fill("a different walk")
    page.get_by_role("button", name="Create my supporter account").click()
    expect(page.get_by_text("The two passwords are not the same.")).to_be_visible()
    expect(page.get_by_label("E-mail address")).to_have_value("robin@example.org")
    axe_check(page)

    page.get_by_label("Password", exact=True).fill("a long walk at dawn")
    page.get_by_label("Password again").fill("a long walk at dawn")
    page.get_by_role("button", name="Create my supporter account").click()
    # A supporter lands on their own starting page.
    expect(page.get_by_role("heading", name="Supporting someone")).to_be_visible()
    menu_link(page, "Account").click()
    expect(page.get_by_role("heading", name="Account settings")).to_be_visible()
    expect(page.get_by_text("Signed in as robin@example.org")).to_be_visible()
    axe_check(page)

    page.get_by_label("Token name").fill("my phone")
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token").inner_text()
    assert re.fullmatch(r"ch_[\w-]{40,}", token)
    expect(page.get_by_role("cell", name="my phone", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Revoke my phone")).to_be_visible()
    axe_check(page)

    open_menu(page)
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()

    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("E-mail address").fill("ROBIN@example.org")
    page.get_by_label("Password").fill("a long walk at dawn")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Supporting someone")).to_be_visible()
    menu_link(page, "Account").click()
    expect(page.get_by_role("heading", name="Account settings")).to_be_visible()
    # The token was shown once and is not on the page any more.
    expect(page.locator("#new-token")).to_have_count(0)

    assert request_log.foreign() == []


def test_api_docs_load_without_any_outside_request(page, live_server, request_log):
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.get_by_text("Clearhead API").first).to_be_visible()
    expect(page.get_by_text("/api/v1/me").first).to_be_visible()
    assert request_log.foreign() == []
