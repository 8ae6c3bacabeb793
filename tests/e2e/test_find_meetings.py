"""Journey: on a phone, someone finds a meeting they can still get to today.

The clocks (server and browser) are pinned to Tuesday 1 December 2026,
6:20 PM in Chicago, where the phone is, so "Today" and "starts in 25
minutes" never depend on the hour the test runs.
"""

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clearhead.directory.tests.factories import MeetingFactory

PHONE = {"width": 390, "height": 844}
# Tuesday 1 December 2026, 6:20 PM in Chicago; already Wednesday in London.
TUESDAY_EVENING = datetime(2026, 12, 2, 0, 20, tzinfo=UTC)
# Where to keep screenshots to look at (CLEARHEAD_SHOTS=/some/dir); none by default.
SHOTS = os.environ.get("CLEARHEAD_SHOTS", "")
ONLINE = {"attendance": "online", "conference_url": "https://meet.example.org/j/1"}
WHEN = re.compile(
    r"^(Today|Tomorrow|(Next )?(Sun|Mon|Tues|Wednes|Thurs|Fri|Satur)day) at "
    r"\d{1,2}:\d{2} [AP]M( (Central|Eastern|London|local) time)?"
)
ATTENDANCE = ("In person", "Online or by phone", "In person and online")


@pytest.fixture
def viewport():
    return PHONE


@pytest.fixture
def browser_context_args(browser_context_args):
    # The phone is in Chicago; anyone not signed in reads the server's
    # times in the region's zone (New York), so the zone is named for them.
    return {**browser_context_args, "timezone_id": "America/Chicago"}


def make_meetings():
    MeetingFactory(
        name="Evening Serenity Online", days=[2], start_time="19:00", **ONLINE
    )
    MeetingFactory(
        name="Brooklyn Step Study",
        days=[2],
        start_time="19:45",
        time_zone="America/New_York",
        attendance="hybrid",
        conference_url="https://meet.example.org/j/2",
        latitude=40.68,
        longitude=-73.94,
    )
    MeetingFactory(
        name="London Lunchtime",
        days=[3],
        start_time="12:00",
        time_zone="Europe/London",
        **ONLINE,
    )
    MeetingFactory(name="Grupo Esperanza", days=[3], types=["O", "S"], **ONLINE)
    MeetingFactory(
        name="Parents Together",
        fellowship="alanon",
        days=[4],
        start_time="20:00",
        **ONLINE,
    )
    MeetingFactory(name="Springfield Noon", days=[2], start_time="12:00")
    MeetingFactory(
        name="Nar-Anon Springfield",
        fellowship="naranon",
        days=[1],
        start_time="19:00",
    )


def screenshot(page, name: str, **options) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), **options)


def result_names(page) -> list[str]:
    return page.locator("li.result h3").all_inner_texts()


def test_meetings_to_join_now_each_saying_when_and_how(
    page, live_server, request_log, axe_check, pin_clock
):
    pin_clock(TUESDAY_EVENING)
    make_meetings()
    page.goto(live_server.url + "/meetings/")
    hint = "Leave it empty to see meetings you can join online or by phone from"
    expect(page.get_by_text(hint)).to_be_visible()
    page.get_by_role("button", name="Search").click()

    # An empty place: only meetings joined from anywhere, soonest first.
    count = page.get_by_role(
        "heading",
        name="5 meetings you can join online or by phone from anywhere, "
        "starting soonest first",
    )
    expect(count).to_be_in_viewport()  # the page moved to the results
    assert result_names(page) == [
        "Brooklyn Step Study",  # 7:45 PM New York is 6:45 PM here
        "Evening Serenity Online",
        "London Lunchtime",  # noon Wednesday in London, 6 AM here
        "Grupo Esperanza",
        "Parents Together",
    ]
    results = page.locator("li.result")
    for index in range(results.count()):
        text = results.nth(index).inner_text()
        when = results.nth(index).locator(".result__when")
        expect(when).to_have_text(WHEN)
        # Joined from anywhere: online, or in person and online.
        assert any(label in text for label in ATTENDANCE[1:]), text
    first = results.first
    expect(first.locator(".result__when")).to_contain_text(
        "Today at 7:45 PM Eastern time · starts in 25 minutes"
    )
    # The time where the phone is, said only when it is another.
    expect(first).to_contain_text(
        "That is Tuesday 1 December, 6:45 PM (Central time) where you are."
    )
    serenity = results.nth(1)
    expect(serenity).to_contain_text("Today at 7:00 PM Central time · starts in 40")
    expect(serenity).not_to_contain_text("where you are")
    expect(results.nth(2)).to_contain_text("Today at 12:00 PM London time")
    expect(results.nth(2)).to_contain_text("Wednesday 2 December, 6:00 AM")
    expect(first.get_by_text("In person and online", exact=True)).to_be_visible()
    screenshot(page, "meetings-online-soonest.png", full_page=True)
    axe_check(page)

    # A parent: groups for family and friends, near Springfield.
    page.get_by_label("ZIP code or city and state").fill("62704")
    page.get_by_label("Only groups for family and friends (Al-Anon, Nar-Anon)").check()
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^2 meetings within 50 miles"))
    ).to_be_in_viewport()
    assert sorted(result_names(page)) == ["Nar-Anon Springfield", "Parents Together"]
    nar_anon = page.locator("li.result", has_text="Nar-Anon Springfield")
    expect(nar_anon.locator(".result__when")).to_have_text(
        "Monday at 7:00 PM Central time"  # in person, a zone not New York's
    )
    expect(nar_anon).to_contain_text("In person · Nar-Anon Family Groups")
    axe_check(page)

    # Filters stay folded to one line that says what is chosen.
    page.get_by_label(
        "Only groups for family and friends (Al-Anon, Nar-Anon)"
    ).uncheck()
    page.get_by_label("ZIP code or city and state").fill("")
    filters = page.locator("details.disclosure")
    expect(filters.locator("summary")).to_have_text("Filters: none chosen — add")
    filters.locator("summary").click()
    expect(page.get_by_label("Spanish", exact=True)).to_be_visible()
    expect(page.get_by_label("Women", exact=True)).to_have_count(0)  # none listed
    page.get_by_label("Spanish", exact=True).check()
    axe_check(page)
    page.get_by_role("button", name="Search").click()
    expect(filters).not_to_have_attribute("open", "")
    expect(filters.locator("summary")).to_have_text("Filters: Spanish — change")
    assert result_names(page) == ["Grupo Esperanza"]
    screenshot(page, "meetings-filtered.png")
    axe_check(page)
    assert request_log.foreign() == []


def test_a_spanish_reader_finds_the_meetings_held_in_spanish(
    page, live_server, request_log, axe_check, pin_clock
):
    pin_clock(TUESDAY_EVENING)
    make_meetings()
    page.goto(live_server.url + "/meetings/")
    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Buscar una reunión de un grupo de apoyo"
    )
    page.get_by_role("button", name="Buscar", exact=True).click()
    serenity = page.locator("li.result", has_text="Evening Serenity Online")
    expect(serenity.locator(".result__when")).to_have_text(
        "Hoy a las 7:00 p.m., hora del centro · empieza en 40 minutos"
    )
    expect(serenity).to_contain_text("Los martes a las 7:00 p.m. (hora del centro)")
    axe_check(page)

    # The filter for meetings held in Spanish is named in Spanish.
    filters = page.locator("details.disclosure")
    expect(filters.locator("summary")).to_have_text("Filtros: ninguno elegido — añadir")
    filters.locator("summary").click()
    page.get_by_label("En español", exact=True).check()
    page.get_by_role("button", name="Buscar", exact=True).click()
    expect(filters.locator("summary")).to_have_text("Filtros: En español — cambiar")
    assert result_names(page) == ["Grupo Esperanza"]
    axe_check(page)
    assert request_log.foreign() == []


def test_in_the_uk_the_meetings_page_says_place_search_is_not_there_yet(
    page, live_server, settings, axe_check, request_log
):
    settings.CLEARHEAD_REGION = "UK"
    MeetingFactory(name="Evening Online Group", **ONLINE)
    page.goto(live_server.url + "/meetings/?near=London")
    expect(
        page.get_by_text("Searching meetings by place is not available in the UK yet")
    ).to_be_in_viewport()
    expect(page.get_by_label("ZIP code or city and state")).to_have_count(0)
    expect(page.get_by_text("London, KY")).to_have_count(0)
    expect(page.get_by_role("link", name="Evening Online Group")).to_be_visible()
    axe_check(page)
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "meetings-uk.png"), full_page=True)
    assert request_log.foreign() == []
