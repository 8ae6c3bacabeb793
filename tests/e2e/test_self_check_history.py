"""Journey: the self-check's results survive Back, Forward and reload on a
phone, kept only in the tab (sessionStorage), and quick exit forgets them."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages.self_assessment import SelfAssessment

RESULTS = "/check/results/"
GONE = "Your answers are not kept on this device any more"


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}  # patients mostly use phones


def answer_body_and_care(check: SelfAssessment) -> None:
    check.expect_step("Bladder and body check")
    check.tick("Memory problems")
    check.next()
    check.expect_step("What kind of help fits")
    for group in check.page.locator("form.step-form fieldset").all()[:6]:
        group.get_by_role("radio").first.check()
    check.answer("In the past month, have you had thoughts", "No")
    check.next()


def expect_results(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Your results")
    expect(page.get_by_text("Book a visit with a doctor").first).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("Outpatient care"))
    ).to_be_visible()
    # self-check.js gives the entry an address without answers.
    expect(page).to_have_url(re.compile(f"{RESULTS}$"))


def test_results_survive_back_reload_and_forward(
    page, live_server, request_log, axe_check
):
    check = SelfAssessment(page, live_server.url)
    page.goto(live_server.url + "/check/take/?step=bladder-check")
    answer_body_and_care(check)
    expect_results(page)
    # The answers are kept in this tab, not in the address.
    stored = page.evaluate("sessionStorage.getItem('clearhead:self-check:answers')")
    assert "level-of-care" in stored
    axe_check(page)

    page.get_by_role("link", name="Find programs that fit").click()
    expect(page).to_have_url(re.compile(r"/find/\?level=outpatient$"))

    page.go_back()
    expect_results(page)
    axe_check(page)

    page.reload()
    expect_results(page)

    page.go_forward()
    expect(page).to_have_url(re.compile(r"/find/\?level=outpatient$"))
    page.go_back()
    expect_results(page)
    assert request_log.foreign() == []
    assert not any("state=" in url or "answers" in url for url in request_log.urls)


def test_steps_survive_back_without_asking_to_resend(page, live_server, axe_check):
    check = SelfAssessment(page, live_server.url)
    page.goto(live_server.url + "/check/take/")
    check.expect_step("Quick ketamine self-check")
    check.answer_all("No")
    check.answer("Do you need more ketamine", "Yes")
    check.next()
    check.expect_step("Fuller check: signs of a ketamine use disorder")
    expect(page).to_have_url(re.compile(r"/check/take/\?step=dsm5-ketamine$"))
    check.skip()
    check.expect_step("Mood check (PHQ-9)")
    expect(page).to_have_url(re.compile(r"/check/take/\?step=phq9$"))

    page.go_back()
    check.expect_step("Fuller check: signs of a ketamine use disorder")
    # Shown again from the kept answers: what they suggested so far, too.
    expect(page.get_by_text("You said yes to one question")).to_be_visible()
    axe_check(page)
    page.go_back()
    check.expect_step("Quick ketamine self-check")
    group = page.get_by_role("group", name="Do you need more ketamine", exact=False)
    expect(group.get_by_label("Yes", exact=True)).to_be_checked()
    page.reload()
    check.expect_step("Quick ketamine self-check")
    expect(group.get_by_label("Yes", exact=True)).to_be_checked()
    page.go_forward()
    check.expect_step("Fuller check: signs of a ketamine use disorder")


def test_quick_exit_then_back_shows_no_results(page, live_server, axe_check):
    check = SelfAssessment(page, live_server.url)
    page.goto(live_server.url + "/check/take/?step=bladder-check")
    answer_body_and_care(check)
    expect_results(page)
    page.get_by_role("link", name="Find programs that fit").click()
    expect(page).to_have_url(re.compile(r"/find/"))
    page.get_by_role("link", name="Quick exit").click()
    expect(page).to_have_url(re.compile(r"/exit/"))

    page.go_back()
    expect(page).to_have_url(re.compile(RESULTS))
    expect(page.get_by_text(GONE)).to_be_visible()
    expect(page.get_by_text("Book a visit with a doctor")).to_have_count(0)
    expect(
        page.get_by_role("link", name="Take the self-check again")
    ).to_have_attribute("href", "/check/")
    axe_check(page)


def test_a_server_error_while_showing_results_again_keeps_the_answers(
    page, live_server, axe_check
):
    """Only answers the server refuses (400) are forgotten: a 503 while it
    restarts says to reload, and the reload shows the results."""
    check = SelfAssessment(page, live_server.url)
    page.goto(live_server.url + "/check/take/?step=bladder-check")
    answer_body_and_care(check)
    expect_results(page)
    page.get_by_role("link", name="Find programs that fit").click()
    expect(page).to_have_url(re.compile(r"/find/"))

    def unavailable(route):
        if route.request.method == "POST":
            route.fulfill(status=503, body="Service Unavailable")
        else:
            route.continue_()

    page.route(re.compile(f"{RESULTS}$"), unavailable)
    page.go_back()
    expect(page.get_by_text("We could not reach Clearhead")).to_be_visible()
    expect(page.get_by_text(GONE)).to_be_hidden()
    axe_check(page)
    page.unroute(re.compile(f"{RESULTS}$"))
    page.reload()
    expect_results(page)


def test_answers_altered_in_the_tab_are_refused_plainly_and_forgotten(
    page, live_server, axe_check
):
    page.goto(live_server.url + "/check/")
    page.evaluate(
        "sessionStorage.setItem('clearhead:self-check:answers',"
        " '{\"phq9\": [9, 9, 9, 9, 9, 9, 9, 9, 9]}')"
    )
    page.goto(live_server.url + RESULTS)
    expect(page.get_by_text(GONE)).to_be_visible()
    expect(page.get_by_text("We could not reach Clearhead")).to_be_hidden()
    stored = page.evaluate("sessionStorage.getItem('clearhead:self-check:answers')")
    assert stored is None
    axe_check(page)
