"""Journey: saving the self-check's results from a phone, as someone new.

A weak password is told next to the field, in the form that was sent, with
the cursor there; a good one ends on a page that says the results are saved,
what was saved, and what to do next.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages.self_assessment import SelfAssessment
from tests.e2e.test_self_check_history import answer_body_and_care, expect_results


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}  # patients mostly use phones


def open_save_page(page, live_server) -> None:
    check = SelfAssessment(page, live_server.url)
    page.goto(live_server.url + "/check/take/?step=bladder-check")
    answer_body_and_care(check)
    expect_results(page)
    page.get_by_role("button", name="Save my results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your results")


def register(page, password: str) -> None:
    new = page.get_by_role("region", name="I am new here")
    new.get_by_label("E-mail address").fill("new@example.org")
    new.get_by_label("Password", exact=True).fill(password)
    new.get_by_label("Password again").fill(password)
    new.get_by_role("button", name="Create account and save").click()


def test_a_weak_password_is_told_beside_its_field_with_the_cursor_there(
    page, live_server, axe_check
):
    open_save_page(page, live_server)
    axe_check(page)
    register(page, "password")

    new = page.get_by_role("region", name="I am new here")
    error = new.get_by_text("This password is too common")
    expect(error).to_be_in_viewport()
    expect(new.get_by_label("Password", exact=True)).to_be_focused()
    expect(
        page.get_by_role("region", name="I have an account").get_by_label(
            "E-mail address"
        )
    ).not_to_be_focused()
    axe_check(page)

    # Reload asks nothing about resending, and the form is there again.
    page.reload()
    expect(new.get_by_role("button", name="Create account and save")).to_be_visible()


def test_saving_ends_on_a_saved_page_with_the_next_steps(
    page, live_server, request_log, axe_check
):
    open_save_page(page, live_server)
    register(page, "a long walk at dawn")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your results are saved")
    saved = page.get_by_role("region", name="What we saved")
    expect(saved.get_by_text("Bladder and body check")).to_be_visible()
    expect(saved.get_by_text("Suggested: Outpatient care.")).to_be_visible()
    finder = page.get_by_role("link", name="Find programs that fit")
    expect(finder).to_have_attribute("href", "/find/?level=outpatient")
    expect(page.get_by_role("link", name="Start daily check-ins")).to_be_visible()
    expect(page.get_by_role("button", name="Print my results")).to_be_visible()
    axe_check(page)

    # Back does not ask to send the password again: the save page, asked
    # for again, sends a signed-in saver to their saved results; one more
    # Back shows the results again, from the answers kept in the tab.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/check/saved/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My saved results")
    page.go_back()
    expect_results(page)
    assert request_log.foreign() == []
