"""Journey: someone worried about their use takes the whole self-assessment."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pages.self_assessment import SelfAssessment


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}  # patients mostly use phones


def test_the_whole_public_journey_on_a_phone(page, live_server, request_log, axe_check):
    check = SelfAssessment(page, live_server.url)
    check.open_start()
    axe_check(page)
    page.get_by_role("link", name="Start the check").click()

    check.expect_step("Quick ketamine self-check")
    axe_check(page)
    check.answer_all("No")
    check.answer("Have you tried to cut down or stop", "Yes")
    check.answer("Do you need more ketamine", "Yes")
    check.next()

    check.expect_step("Fuller check: signs of a ketamine use disorder")
    expect(page.get_by_text("You said yes to 2 questions")).to_be_visible()
    check.answer_all("No")
    for question in (
        "Have you often used more",
        "Have you had strong urges",
        "Do you need a lot more",
        "Have you kept using even though you knew",
    ):
        check.answer(question, "Yes")
    axe_check(page)
    check.next()

    check.expect_step("Mood check (PHQ-9)")
    check.answer_all("Several days")
    check.answer("Thoughts that you would be better off dead", "Not at all")
    axe_check(page)
    check.next()

    check.expect_step("Anxiety check (GAD-7)")
    expect(page.get_by_text("You do not have to face this alone")).to_have_count(0)
    check.skip()

    check.expect_step("Bladder and body check")
    check.tick("Needing to pass urine (pee) much more often", "Pain low in your belly")
    axe_check(page)
    check.next()

    check.expect_step("What kind of help fits")
    check.answer(
        "When you stop or cut down",
        "Unwell for days: poor sleep, anxious, low, strong cravings",
    )
    check.answer("How is your physical health?", "Regular pain or bladder trouble")
    check.answer("How is your mental health?", "Some stress or low days")
    check.answer(
        "How do you feel about changing", "I want to change and I am making a plan"
    )
    check.answer("If you stopped, how likely", "A little likely")
    check.answer("Does your home life help", "It is mostly OK")
    check.answer("In the past month, have you had thoughts", "No")
    check.tick("You have people at home who support your recovery.")
    axe_check(page)
    check.next()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your results")
    expect(page.get_by_text("Your answers match 4 of the 10 signs")).to_be_visible()
    expect(page.get_by_text("Your mood score is 8 out of 27")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("Intensive outpatient care"))
    ).to_be_visible()
    expect(page.get_by_text("Book a visit with a doctor")).to_be_visible()
    axe_check(page)

    finder = page.get_by_role("link", name="Find programs that fit")
    expect(finder).to_have_attribute("href", "/find/?level=intensive_outpatient")

    # 5 to 10 minutes of answers are not lost by looking at programs: Back
    # shows the results again (kept in this tab), and so does a reload.
    finder.click()
    expect(page).to_have_url(re.compile(r"/find/\?level=intensive_outpatient$"))
    axe_check(page)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/check/results/$"))
    expect(page.get_by_text("Your answers match 4 of the 10 signs")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Your mood score is 8 out of 27")).to_be_visible()
    assert request_log.foreign() == []


def test_thoughts_of_self_harm_bring_the_crisis_lines_first(
    page, live_server, axe_check
):
    check = SelfAssessment(page, live_server.url)
    page.goto(live_server.url + "/check/take/?step=phq9")
    check.answer_all("Not at all")
    check.answer("Thoughts that you would be better off dead", "Several days")
    check.next()

    crisis = page.get_by_role("alert").filter(
        has_text="You do not have to face this alone"
    )
    expect(crisis).to_be_visible()
    expect(crisis.get_by_role("link", name=re.compile("Call 988"))).to_have_attribute(
        "href", "tel:988"
    )
    # The crisis panel comes before the step's own heading.
    crisis_top = crisis.bounding_box()["y"]
    heading_top = page.get_by_role("heading", level=1).bounding_box()["y"]
    assert crisis_top < heading_top
    axe_check(page)


def test_results_can_be_saved_after_signing_in_from_the_save_page(page, live_server):
    from clearhead.testing import PERSONA_PASSWORD, make_user

    make_user("saver@example.org")
    check = SelfAssessment(page, live_server.url)
    page.goto(live_server.url + "/check/take/?step=bladder-check")
    check.tick("Memory problems")
    check.next()
    check.expect_step("What kind of help fits")
    for group in page.locator("form.step-form fieldset").all()[:6]:
        group.get_by_role("radio").first.check()
    check.answer("In the past month, have you had thoughts", "No")
    check.next()
    page.get_by_role("button", name="Save my results").click()
    page.get_by_label("E-mail address").first.fill("saver@example.org")
    page.get_by_label("Password").first.fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Sign in and save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your results are saved")
    expect(page.get_by_role("cell", name="Bladder and body check")).to_be_visible()
