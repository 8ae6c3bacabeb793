"""Journey: a patient's own pages on a phone (390 x 844): "About me" with
the people to call, "My data" in words and on paper, and "Who has seen my
record" as visits.

The phone boxes look like every other box; the people's fieldset is one
small card per person, the empty ones behind "Add more people". "My data"
says triggers, moods, routines and self-assessments in words, each
check-in a card that fits the screen; printed, it keeps each number and
drops the menus. Forty views in four minutes read as one visit.
"""

import re
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.core import clock
from clearhead.recovery import services
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.screening.journey import JourneyState
from clearhead.screening.services import screening_results_save
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import sign_in
from tests.e2e.test_patient_home import in_first_screen

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
# Screenshots to look at by eye (not compared): $TMPDIR/shots-patientpolish.
SHOTS = Path(tempfile.gettempdir()) / "shots-patientpolish"


@pytest.fixture
def viewport():
    return PHONE


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_nothing_off_the_side(page, width: int) -> None:
    """The page is not wider than the screen, and no table in it hides
    columns behind a sideways scroll."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    hidden = page.evaluate(
        "[...document.querySelectorAll('main table')]"
        ".filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length"
    )
    assert hidden == 0, "a table runs off the screen"


def test_about_me_on_a_phone_has_styled_phone_boxes_and_one_card_per_person(
    page, live_server, axe_check
):
    make_user("ren@example.org")
    sign_in(page, live_server.url, "ren@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Let's get you started")
    people = page.get_by_role("group", name="People you can call")
    first = people.get_by_role("group", name="Person 1")
    expect(first).to_be_visible()
    # The four other people wait, shut, behind one line.
    expect(people.get_by_role("group", name="Person 2")).to_be_hidden()
    phone = first.get_by_label("Phone")
    name = first.get_by_label("Name")
    expect(phone).to_have_attribute("type", "tel")
    # Styled like the other boxes: the same border and a thumb-sized height.
    style = "e => [getComputedStyle(e).borderTopWidth, e.offsetHeight]"
    assert phone.evaluate(style) == name.evaluate(style)
    assert phone.evaluate(style)[1] >= 44
    assert_nothing_off_the_side(page, PHONE["width"])
    shot(page, "about-me-phone")
    axe_check(page)

    page.get_by_label("The day you stopped, or plan to stop, using ketamine").fill(
        (clock.today_in("UTC") - timedelta(days=3)).isoformat()
    )
    name.fill("Sam")
    first.get_by_label("Who they are to you").fill("brother")
    phone.fill("555-0100")
    people.get_by_text("Add more people").click()
    second = people.get_by_role("group", name="Person 2")
    expect(second).to_be_visible()
    second.get_by_label("Name").fill("Alex")  # no number: asked for it
    shot(page, "about-me-phone-more")
    axe_check(page)
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_have_text(
        "Please check the answers marked below."
    )
    second = page.get_by_role("group", name="Person 2")
    expect(
        second.get_by_text("Add a phone number, or remove the name.")
    ).to_be_visible()
    expect(second.get_by_label("Name")).to_have_value("Alex")
    shot(page, "about-me-phone-error")
    axe_check(page)
    second.get_by_label("Phone").fill("555-0199")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My recovery")
    for who in ("Call Sam (brother)", "Call Alex"):
        expect(page.get_by_role("link", name=who)).to_be_visible()

    # Back on "About me": both people shown, one empty row to add a third.
    page.goto(live_server.url + "/recovery/about-me/")
    people = page.get_by_role("group", name="People you can call")
    expect(
        people.get_by_role("group", name="Person 2").get_by_label("Phone")
    ).to_have_value("555-0199")
    expect(people.get_by_role("group", name="Person 3")).to_be_visible()
    expect(people.get_by_role("group", name="Person 4")).to_be_hidden()
    axe_check(page)


@pytest.fixture
def kai(live_server, page):
    """Kai, with a check-in, a routine, a saved PHQ-9 and two people to call."""
    user = make_user("kai@example.org")
    onboard(user, usual_triggers=["stress"])
    services.recovery_profile_save(
        actor=user,
        stop_date=user.recovery_profile.stop_date,
        time_zone="UTC",
        contacts=[
            {"name": "Sam", "relation": "brother", "phone": "555-0100"},
            {"name": "Alex", "relation": "sponsor", "phone": "555-0199"},
        ],
    )
    services.checkin_create(
        actor=user,
        client_id=uuid.uuid4(),
        data={
            "craving": 6,
            "mood": 2,
            "used_ketamine": False,
            "self_harm_thoughts": False,
            "sleep_hours": "6.5",
            "triggers": ["low_mood", "celebration"],
            "coping": ["called_someone", "breathing"],
            "note": "Long day at work, then a friend's party.",
        },
    )
    services.routine_item_add(
        actor=user, kind="meeting", title="SMART meeting", weekdays=[1, 3], time=None
    )
    screening_results_save(actor=user, state=JourneyState({"phq9": [1] * 9}))
    sign_in(page, live_server.url, "kai@example.org")
    return user


def _check_my_data_in_words(page) -> None:
    main = page.get_by_role("main")
    for words in (
        "Feeling low, Parties or celebrations",
        "Called or texted someone, Slow breathing",
        "Support meeting",
        "Monday, Wednesday",
        "Mood check (PHQ-9)",
        "Sam (brother): 555-0100",
        "Alex (sponsor): 555-0199",
    ):
        expect(main.get_by_text(words, exact=False).first).to_be_visible()
    text = main.inner_text()
    for code in ("low_mood", "celebration", "called_someone", "phq9"):
        assert not re.search(rf"\b{code}\b", text), code


def test_my_data_on_a_phone_is_in_words_and_fits_the_screen(
    page, live_server, kai, axe_check
):
    page.goto(live_server.url + "/recovery/my-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My data")
    _check_my_data_in_words(page)
    table = page.get_by_role("table", name="Every check-in, newest first")
    row = table.get_by_role("row").filter(has_text="Long day at work")
    # Each answer a labelled part of the card: the column's name is drawn
    # before the answer on a phone, and read out with it.
    for words in ("Mood: Low", "Sleep: 6.5 h", "Craving: 6", "Used ketamine: No"):
        expect(row.get_by_role("cell", name=words, exact=True)).to_be_visible()
    assert_nothing_off_the_side(page, PHONE["width"])
    shot(page, "my-data-phone")
    axe_check(page)

    # On paper: the words and each person's number, none of the menus.
    page.emulate_media(media="print")
    _check_my_data_in_words(page)
    expect(page.get_by_role("button", name="Print this summary")).to_be_hidden()
    expect(page.get_by_role("link", name="Download all (JSON)")).to_be_hidden()
    expect(page.get_by_role("link", name="Quick exit")).to_be_hidden()
    shot(page, "my-data-phone-print")
    page.emulate_media(media="screen")


@pytest.mark.parametrize("viewport", [DESKTOP])
def test_my_data_on_a_desktop_is_one_table_with_a_column_per_answer(
    page, live_server, kai, axe_check
):
    page.goto(live_server.url + "/recovery/my-data/")
    table = page.get_by_role("table", name="Every check-in, newest first")
    for column in (
        "Day",
        "Craving (0\u201310)",
        "Mood",
        "Triggers",
        "What helped",
        "Note",
    ):
        expect(
            table.get_by_role("columnheader", name=column, exact=True)
        ).to_be_visible()
    _check_my_data_in_words(page)
    assert_nothing_off_the_side(page, DESKTOP["width"])
    shot(page, "my-data-desktop")
    axe_check(page)
    page.emulate_media(media="print")
    shot(page, "my-data-desktop-print")
    expect(
        table.get_by_role("cell", name="Feeling low, Parties or celebrations")
    ).to_be_visible()


def test_who_has_seen_my_record_reads_forty_views_as_one_visit_on_a_phone(
    page, live_server, axe_check
):
    patient = make_user("lee@example.org")
    onboard(patient)
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey Moreno")
    start = clock.now() - timedelta(hours=2)
    for i in range(40):
        AuditEvent.objects.create(
            actor=casey,
            actor_role=casey.role,
            patient=patient,
            action=AuditAction.PATIENT_RECORD_VIEWED,
            occurred_at=start + i * timedelta(seconds=6),
        )
    sign_in(page, live_server.url, "lee@example.org")
    page.goto(live_server.url + "/my-record/who-has-seen/")
    table = page.get_by_role("table", name="Who opened or changed your record")
    rows = table.get_by_role("row").filter(has_text="Casey Moreno")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("(40 times)")
    assert_nothing_off_the_side(page, PHONE["width"])
    shot(page, "who-has-seen-phone")
    axe_check(page)


def test_yesterdays_late_check_in_also_fits_one_phone_screen(
    page, live_server, axe_check
):
    """The late form asks "on Monday" and says which day it is for; its four
    questions and Save still fit the first screen, as today's do
    (test_patient_home)."""
    onboard(make_user("late@example.org"), days_ago=10)
    sign_in(page, live_server.url, "late@example.org")
    page.get_by_role("link", name="Check in now").click()
    page.get_by_role("link", name="I missed yesterday").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yesterday's check-in")
    groups = page.get_by_role("group").filter(
        has_text=re.compile(r"(cravings|mood|ketamine|harming yourself) on \w+day")
    )
    expect(groups).to_have_count(4)
    for index in range(4):
        assert in_first_screen(page, groups.nth(index)), index
    assert in_first_screen(page, page.get_by_role("button", name="Save check-in"))
    shot(page, "late-checkin-phone")
    axe_check(page)
