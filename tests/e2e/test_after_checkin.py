"""Journey: the page after a check-in on a phone, and a printed plan.

After saving, ONE next step is at the top, in view at 390x844, chosen from
this check-in's answers (recovery.next_step): the urge timer for a high
craving, the help lines for thoughts of self-harm (and only then), the plan
after a lapse, a call to someone chosen for a low mood. The printed plan
has each person's name and number, and none of the page's chrome.
"""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clearhead.flags.definitions import HIGH_CRAVING
from clearhead.recovery import services
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import answer_first_four, sign_in

# Screenshots to look at while working on these pages: CLEARHEAD_SHOTS=<dir>.
SHOTS = os.environ.get("CLEARHEAD_SHOTS")
CRISIS_BOX = "You do not have to face this alone"


def shot(page, name, **options):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", **options)


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


@pytest.fixture
def patient(live_server, page):
    user = make_user("kai@example.org")
    onboard(user)  # Sam (brother), 555-0100
    sign_in(page, live_server.url, "kai@example.org")
    return user


def check_in(page, base, craving, mood, used="No", self_harm="No"):
    page.goto(base + "/recovery/check-in/")
    answer_first_four(page, craving, mood, used=used, self_harm=self_harm)
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check-in saved. Thank you."
    )


def test_a_high_craving_puts_the_urge_timer_first(
    page, live_server, patient, axe_check, request_log
):
    check_in(page, live_server.url, str(max(HIGH_CRAVING, 8)), "OK")
    step = page.get_by_role("link", name="Start the urge timer")
    expect(step).to_be_in_viewport()
    expect(
        page.get_by_role("heading", name="Next: ride out the urge")
    ).to_be_in_viewport()
    expect(page.get_by_text(CRISIS_BOX)).to_have_count(0)
    shot(page, "after-craving")
    axe_check(page)
    step.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ride out the urge")
    axe_check(page)
    assert request_log.foreign() == []


def test_self_harm_shows_help_then_a_later_checkin_without_it_shows_none(
    page, live_server, patient, axe_check, request_log
):
    check_in(page, live_server.url, "3", "Low", self_harm="Yes")
    expect(page.get_by_text(CRISIS_BOX)).to_be_in_viewport()
    expect(page.get_by_role("link", name="Call Sam")).to_have_attribute(
        "href", "tel:555-0100"
    )
    shot(page, "after-self-harm", full_page=True)
    axe_check(page)

    # The same evening, a lapse, and no thoughts of self-harm this time:
    # no red box carried over, the plan first, the lapse said once.
    check_in(page, live_server.url, "6", "OK", used="Yes", self_harm="No")
    expect(page.get_by_text(CRISIS_BOX)).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)
    step = page.get_by_role("link", name="Open my relapse-prevention plan")
    expect(step).to_be_in_viewport()
    expect(page.get_by_text("A lapse is information, never failure")).to_be_visible()
    expect(
        page.get_by_role("heading", name="You used ketamine this week")
    ).to_have_count(0)
    shot(page, "after-lapse", full_page=True)
    axe_check(page)
    step.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "My relapse-prevention plan"
    )
    assert request_log.foreign() == []


def test_low_mood_offers_a_call_to_the_person_chosen(
    page, live_server, patient, axe_check
):
    check_in(page, live_server.url, "2", "Very low")
    call = page.get_by_role("link", name="Call Sam")
    expect(call).to_be_in_viewport()
    expect(call).to_have_attribute("href", "tel:555-0100")
    shot(page, "after-low-mood")
    axe_check(page)


def test_the_printed_plan_has_each_number_and_no_menus(
    page, live_server, patient, axe_check
):
    services.recovery_profile_save(
        actor=patient,
        stop_date=patient.recovery_profile.stop_date,
        time_zone="UTC",
        contacts=[
            {"name": "Sam", "relation": "brother", "phone": "555-0100"},
            {"name": "Alex", "relation": "sponsor", "phone": "555-0199"},
        ],
    )
    page.goto(live_server.url + "/recovery/plan/edit/")
    page.get_by_label("My warning signs").fill("Skipping meals")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your plan is saved.")).to_be_visible()
    axe_check(page)

    page.emulate_media(media="print")
    main = page.locator("main")
    expect(main.get_by_text("Skipping meals")).to_be_visible()
    for text in ("Call Sam (555-0100)", "Call Alex (555-0199)"):
        expect(page.get_by_text(text)).to_be_visible()
    # The help lines' numbers, since a link cannot be followed on paper.
    expect(page.get_by_text("Call 988").first).to_be_visible()
    expect(page.get_by_text("Your plan is saved.")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("navigation", name="My recovery")).to_be_hidden()
    expect(page.get_by_role("link", name="Quick exit")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    expect(page.get_by_role("link", name="Change my plan")).to_be_hidden()
    shot(page, "plan-print", full_page=True)

    page.emulate_media(media="screen")
    expect(page.get_by_role("navigation", name="My recovery")).to_be_visible()
    expect(page.locator(".print-only")).to_be_hidden()


def test_the_printed_treatment_plan_names_the_people_and_the_number(
    page, live_server, patient, axe_check
):
    from clearhead.accounts.models import Role
    from clearhead.care.models import Program, ProgramMembership
    from clearhead.clinic import records
    from clearhead.clinic.tests.test_clinic import enroll

    program = Program.objects.create(name="Harbor Light", phone="218-555-0100")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey Moreno")
    ProgramMembership.objects.create(program=program, clinician=casey)
    enrollment = enroll(patient, casey, program)
    records.plan_phase_save(
        actor=casey,
        enrollment=enrollment,
        kind="aftercare",
        status="planned",
        responsible=casey,
        interventions=["support_groups"],
    )
    page.goto(live_server.url + reverse("clinic:my_treatment_plan"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My treatment plan")
    axe_check(page)
    page.emulate_media(media="print")
    main = page.locator("main")
    expect(main.get_by_text("Harbor Light")).to_be_visible()
    expect(main.get_by_text("218-555-0100")).to_be_visible()
    expect(main.get_by_text("Care team: Casey Moreno")).to_be_visible()
    expect(main.get_by_text("With Casey Moreno")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("navigation", name="My recovery")).to_be_hidden()
    # Of the footer, only the help lines print (not its links or note).
    expect(page.get_by_role("navigation", name="Footer")).to_be_hidden()
    expect(page.locator("footer").get_by_text("Call 988").first).to_be_visible()
    expect(page.get_by_text("Clearhead is not an emergency service")).to_be_hidden()
    shot(page, "treatment-plan-print", full_page=True)


def test_the_printed_help_lines_keep_every_number(page, live_server, axe_check):
    page.goto(live_server.url + reverse("safety:help_now"))
    axe_check(page)
    page.emulate_media(media="print")
    main = page.locator("main")
    for number in ("Call 988", "Text HOME to 741741"):
        expect(main.get_by_text(number).first).to_be_visible()
    expect(page.get_by_role("link", name="Quick exit")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    # The page's own list is the help lines: the footer's is not printed twice.
    expect(page.locator("footer")).to_be_hidden()


def test_a_quiet_day_is_met_with_a_kind_word(page, live_server, patient, axe_check):
    services.recovery_profile_save(
        actor=patient,
        stop_date=patient.recovery_profile.stop_date,
        time_zone="UTC",
        contacts=[],
    )
    check_in(page, live_server.url, "1", "Very low")
    # Nobody on the list: no call to offer, a kind word and a way to add someone.
    expect(
        page.get_by_role("heading", name="Well done for taking a minute")
    ).to_be_in_viewport()
    expect(page.get_by_role("link", name="Add the people you can call")).to_be_visible()
    axe_check(page)
