"""Journeys on a phone (390 x 844): a frightened person finds a program near
them with the answer first, from a ZIP code, a town, a self-check link or the
phone's own location, and gets back to the same results from a program."""

import os
import re

import pytest
from playwright.sync_api import expect

from clearhead.directory.tests.factories import FacilityFactory

# Set CLEARHEAD_SHOTS to a folder to keep pictures of the main pages.
SHOTS = os.environ.get("CLEARHEAD_SHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


def make_directory():
    FacilityFactory(
        name="Riverbend Recovery Services",
        street1="200 S 6th St",
        latitude=39.78,
        longitude=-89.66,
        levels=["intensive_outpatient", "outpatient"],
        services=["detox", "mental_health"],
        payments=["medicaid", "medicare", "private_insurance", "sliding_fee"],
        languages=["spanish"],
        populations=["veterans"],
        phone="217-555-0142",
    )
    FacilityFactory(
        name="Lakeview Residential Center",
        latitude=39.68,
        longitude=-89.70,
        levels=["residential"],
        services=["detox", "mental_health"],
        payments=["private_insurance"],
    )
    FacilityFactory(
        name="Lincoln Park Clinic",
        city="Chicago",
        zip_code="60614",
        latitude=41.92,
        longitude=-87.65,
    )


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + 20 <= 844


def count_has_focus(page) -> bool:
    return page.evaluate("document.activeElement.id") == "results-title"


def test_a_zip_search_shows_the_first_result_and_moves_focus_to_the_count(
    page, live_server, request_log, axe_check
):
    make_directory()
    page.goto(live_server.url + "/find/")
    axe_check(page)
    page.get_by_label("ZIP code or city and state").fill("62704")
    page.get_by_role("button", name="Search").click()
    count = page.get_by_role("heading", name=re.compile(r"^2 programs within 50"))
    expect(count).to_be_focused()
    first = page.get_by_role("link", name="Riverbend Recovery Services")
    assert in_view(page, count)
    assert in_view(page, first)
    result = page.locator(".result").first
    expect(result).to_contain_text("Care: Intensive outpatient · Outpatient")
    expect(result).to_contain_text("Payment: Medicaid · Medicare and 2 more")
    expect(result).to_contain_text("Languages: Spanish")
    expect(result).to_contain_text("Programs for: Veterans")
    shot(page, "finder-zip-results")
    axe_check(page)
    assert request_log.foreign() == []


def test_a_self_check_link_without_a_place_asks_for_one_and_keeps_filters(
    page, live_server, axe_check
):
    make_directory()
    page.goto(live_server.url + "/find/?level=residential&detox=1")
    expect(page.get_by_text("Where should we look?")).to_be_visible()
    expect(page.get_by_role("link", name="Lakeview Residential Center")).to_have_count(
        0
    )
    place = page.get_by_label("ZIP code or city and state")
    expect(place).to_be_focused()
    summary = page.locator("summary", has_text="Filters:")
    expect(summary).to_contain_text("Residential · Detox")
    expect(summary).to_contain_text("change")
    expect(page.get_by_label("Residential", exact=True)).to_be_hidden()  # collapsed
    shot(page, "finder-asks-for-place")
    axe_check(page)
    place.fill("62704")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^1 program within"))
    ).to_be_focused()
    expect(page.get_by_role("link", name="Lakeview Residential Center")).to_be_visible()
    expect(page.get_by_role("link", name="Riverbend Recovery Services")).to_have_count(
        0
    )
    summary.click()
    expect(page.get_by_label("Residential", exact=True)).to_be_checked()
    expect(page.get_by_label("Offers supervised detox")).to_be_checked()
    axe_check(page)


def test_a_town_and_state_without_a_comma_works(page, live_server, axe_check):
    make_directory()
    page.goto(live_server.url + "/find/")
    page.get_by_label("ZIP code or city and state").fill("chicago il")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", name="1 program within 50 miles of Chicago, IL")
    ).to_be_focused()
    expect(page.get_by_role("link", name="Lincoln Park Clinic")).to_be_visible()
    axe_check(page)


def test_a_town_in_many_states_offers_a_list_to_choose_from(
    page, live_server, axe_check
):
    make_directory()
    page.goto(live_server.url + "/find/?level=residential")
    page.get_by_label("ZIP code or city and state").fill("Springfield")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_text(re.compile(r"There is a Springfield in \d+ states"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="Springfield, MO")).to_be_visible()
    # The list to choose from is what the page moves to, not the form.
    expect(page.locator("[data-place-choices]")).to_be_focused()
    shot(page, "finder-springfield-choices")
    axe_check(page)
    page.get_by_role("link", name="Springfield, IL").click()
    expect(
        page.get_by_role(
            "heading", name=re.compile(r"^1 program within 50 miles of Springfield, IL")
        )
    ).to_be_focused()
    expect(page.get_by_role("link", name="Lakeview Residential Center")).to_be_visible()


def test_use_my_location_searches_from_where_the_phone_is(
    page, context, live_server, request_log, axe_check
):
    make_directory()
    context.grant_permissions(["geolocation"], origin=live_server.url)
    context.set_geolocation({"latitude": 39.7912345, "longitude": -89.6498765})
    page.goto(live_server.url + "/find/")
    page.get_by_role("button", name="Use my location").click()
    expect(
        page.get_by_role("heading", name="2 programs within 50 miles of your location")
    ).to_be_focused()
    # Rounded to about a kilometre: the address kept in history is not the home.
    expect(page.get_by_label("ZIP code or city and state")).to_have_value(
        "39.79,-89.65"
    )
    axe_check(page)
    assert request_log.foreign() == []


def test_a_refused_location_says_so_next_to_the_button(
    page, context, live_server, axe_check
):
    context.clear_permissions()
    page.goto(live_server.url + "/find/")
    # Chromium without a grant refuses at once, as a person tapping "Block".
    page.get_by_role("button", name="Use my location").click()
    message = page.get_by_role("status").filter(has_text="not shared")
    expect(message).to_have_text(
        "Your location was not shared. You can type a ZIP code or a town instead."
    )
    expect(page.get_by_label("ZIP code or city and state")).to_be_focused()
    expect(page.get_by_role("button", name="Use my location")).to_be_enabled()
    axe_check(page)


def test_a_spanish_reader_is_told_in_spanish_that_the_location_was_not_shared(
    page, context, live_server, axe_check
):
    context.clear_permissions()
    page.goto(live_server.url + "/find/")
    page.get_by_role("button", name="Español").click()
    page.get_by_role("button", name="Usar mi ubicación").click()
    message = page.get_by_role("status").filter(has_text="No se compartió")
    expect(message).to_have_text(
        "No se compartió su ubicación. Puede escribir un código postal o una ciudad."
    )
    expect(page.get_by_label("Código postal, o ciudad y estado")).to_be_focused()
    axe_check(page)


def test_a_program_page_gives_directions_and_the_way_back_to_the_same_results(
    page, live_server, request_log, axe_check
):
    make_directory()
    page.goto(live_server.url + "/find/")
    page.get_by_label("ZIP code or city and state").fill("62704")
    page.get_by_label("Distance").select_option("25")
    page.get_by_role("button", name="Search").click()
    heading = "2 programs within 25 miles of Springfield, IL 62704"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    results_url = page.url
    page.get_by_role("link", name="Riverbend Recovery Services").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Riverbend Recovery Services"
    )
    directions = page.get_by_role("link", name="Get directions")
    expect(directions).to_have_attribute(
        "href", re.compile(r"^geo:39\.780000,-89\.660000\?q=200%20S%206th%20St")
    )
    shot(page, "finder-program-page")
    axe_check(page)
    page.get_by_role("link", name="Back to your results").click()
    expect(page.get_by_role("heading", name=heading)).to_be_focused()
    assert page.url == results_url
    axe_check(page)
    assert request_log.foreign() == []


def test_a_location_that_takes_too_long_says_so_plainly(page, live_server, axe_check):
    # Chromium cannot be made to time out on cue; the page's own geolocation
    # answers as a phone that found no fix in time (error code 3).
    page.add_init_script(
        "navigator.geolocation.getCurrentPosition = function (ok, fail) {"
        "  setTimeout(function () { fail({ code: 3 }); }, 50); };"
    )
    page.goto(live_server.url + "/find/")
    page.get_by_role("button", name="Use my location").click()
    expect(page.get_by_text("Finding your location took too long.")).to_be_visible()
    axe_check(page)
