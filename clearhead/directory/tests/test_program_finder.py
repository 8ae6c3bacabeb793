"""The program finder page: a place first, results first, and the way back."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from django.urls import reverse

from clearhead.directory.tests.factories import FacilityFactory

SELF_CHECK_LINK = "/find/?level=residential&detox=1&mental_health_care=1"


def _hrefs(page: str, pattern: str) -> list[str]:
    return [unescape(h) for h in re.findall(rf'href="({pattern}[^"]*)"', page)]


def test_filters_without_a_place_ask_for_one_and_keep_the_filters(client, db):
    FacilityFactory(name="Somewhere Residential", levels=["residential"])
    page = client.get(SELF_CHECK_LINK).content.decode()
    assert "Somewhere Residential" not in page  # nothing from "anywhere"
    assert "Where should we look?" in page
    assert "Residential · Detox · Mental health care" in page  # the summary line
    assert 'name="level" value="residential" checked' in page
    assert 'name="detox" value="1" checked' in page
    assert re.search(r'<input[^>]*id="near"[^>]*autofocus', page)
    assert '<details class="disclosure finder-filters" id="filters">' in page


def test_the_finder_alone_lists_nothing_until_a_place_is_given(client, db):
    FacilityFactory(name="Somewhere Outpatient")
    page = client.get("/find/").content.decode()
    assert "Somewhere Outpatient" not in page
    assert "Where should we look?" not in page  # nothing was asked yet
    assert 'Filters: <span class="disclosure__chosen">none chosen</span>' in page


def test_a_search_counts_results_in_a_focusable_heading(client, db):
    FacilityFactory(name="Near Program")
    page = client.get("/find/", {"near": "62704", "radius_miles": "25"}).content
    assert re.search(
        rb'<h2 id="results-title" tabindex="-1" data-results-count>'
        rb'1 program within 25 miles of <span translate="no">Springfield, IL 62704'
        rb"</span></h2>",
        page,
    )


@pytest.mark.parametrize("near", ["springfield il", "Springfield, IL", "62704-1234"])
def test_places_people_type_find_programs(client, db, near):
    FacilityFactory(name="Near Program")
    assert "Near Program" in client.get("/find/", {"near": near}).content.decode()


def test_a_town_in_many_states_gives_choices_that_keep_the_filters(client, db):
    FacilityFactory(name="Near Program", levels=["residential"])
    response = client.get("/find/", {"near": "springfield", "level": "residential"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a Springfield in" in page
    assert "Near Program" not in page
    choices = _hrefs(page, r"\?")
    illinois = next(href for href in choices if "Springfield%2C+IL" in href)
    assert parse_qs(illinois[1:]) == {
        "near": ["Springfield, IL"],
        "level": ["residential"],
    }
    assert len([h for h in choices if "near=Springfield" in h]) > 10
    assert "Near Program" in client.get("/find/" + illinois).content.decode()


def test_a_place_we_cannot_find_is_said_plainly(client, db):
    page = client.get("/find/", {"near": "Atlantis zz"}).content.decode()
    assert "We cannot find Atlantis zz." in page
    assert "&#x27;" not in page.split("We cannot find")[1][:80]


def test_each_result_shows_care_payment_languages_and_groups(client, db):
    FacilityFactory(
        name="Riverbend",
        levels=["residential", "outpatient"],
        payments=["medicaid", "medicare", "private_insurance", "sliding_fee", "free"],
        languages=["spanish"],
        populations=["veterans", "women"],
    )
    page = client.get("/find/", {"near": "62704"}).content.decode()
    assert "<dt>Care:</dt> <dd>Residential · Outpatient</dd>" in page
    assert "<dt>Payment:</dt> <dd>Medicaid · Medicare and 3 more</dd>" in page
    assert "<dt>Languages:</dt> <dd>Spanish</dd>" in page
    assert "<dt>Programs for:</dt> <dd>Veterans · Women</dd>" in page


def test_a_program_opened_from_results_links_back_to_the_same_search(client, db):
    facility = FacilityFactory(name="Riverbend")
    results = client.get(
        "/find/", {"near": "62704", "level": "outpatient", "radius_miles": "25"}
    ).content.decode()
    (link,) = _hrefs(results, f"/find/{facility.public_id}/")
    detail = client.get(link).content.decode()
    (back,) = _hrefs(detail, r"/find/\?")
    assert "Back to your results" in detail
    assert parse_qs(urlsplit(back).query) == {
        "near": ["62704"],
        "level": ["outpatient"],
        "radius_miles": ["25"],
    }
    assert "Riverbend" in client.get(back).content.decode()


@pytest.mark.parametrize(
    "back",
    [
        "//evil.example/",
        "https://evil.example/?near=1",
        "next=https%3A%2F%2Fevil.example&near=62704",
        "near=62704&%0d%0aSet-Cookie=x",
    ],
)
def test_the_way_back_can_only_lead_to_our_finder(client, db, back):
    facility = FacilityFactory()
    url = reverse("directory:facility_detail", args=[facility.public_id])
    detail = client.get(url, {"back": back}).content.decode()
    # The language switch sends this page's own path back to it (only a path
    # of this site is followed): not a way back to results.
    detail = re.sub(r'<form class="language-switch".*?</form>', "", detail, flags=re.S)
    assert "evil" not in detail
    assert "Set-Cookie" not in detail
    for href in _hrefs(detail, r"/find/\?"):
        assert set(parse_qs(urlsplit(href).query)) <= {"near"}


def test_each_result_carries_back_only_the_finders_own_parameters(client, db):
    """A result's `?back=` is the search, not whatever else the address held:
    4 KB of other text would be repeated in each of 20 links."""
    FacilityFactory()
    page = client.get(
        "/find/", {"near": "62704", "level": "outpatient", "junk": "x" * 4000}
    ).content.decode()
    links = [
        unescape(h) for h in re.findall(r'href="(/find/[0-9a-f-]{36}/[^"]*)"', page)
    ]
    assert links
    for link in links:
        back = parse_qs(urlsplit(link).query)["back"][0]
        assert parse_qs(back) == {"near": ["62704"], "level": ["outpatient"]}


def test_a_program_page_opens_the_phones_own_map_app(client, db):
    facility = FacilityFactory(
        street1="1 Main St",
        city="Springfield",
        state="IL",
        zip_code="62701",
        latitude=39.8,
        longitude=-89.65,
    )
    detail = client.get(
        reverse("directory:facility_detail", args=[facility.public_id])
    ).content.decode()
    assert (
        'href="geo:39.800000,-89.650000?q=1%20Main%20St%2C%20Springfield%2C%20IL%2062701"'
        in detail
    )
    assert "https://maps.apple.com/?q=1+Main+St" in detail
    assert not re.search(r'src="(https?:)?//', detail)  # no map tiles from elsewhere
    assert "<iframe" not in detail


def test_a_listing_report_keeps_the_way_back(client, db):
    facility = FacilityFactory()
    url = reverse("directory:facility_report", args=[facility.public_id])
    response = client.post(
        f"{url}?back=near%3D62704", {"problem": "phone", "details": "rings out"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?back=near%3D62704")


def test_a_search_page_costs_the_same_queries_for_one_or_many_results(
    client, db, django_assert_max_num_queries
):
    FacilityFactory()
    with django_assert_max_num_queries(12) as one:
        client.get("/find/", {"near": "62704", "level": "outpatient"})
    FacilityFactory.create_batch(15)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/find/", {"near": "62704", "level": "outpatient"})


@override_settings(CLEARHEAD_REGION="UK")
def test_in_the_uk_the_finder_says_place_search_is_not_there_yet(client, db):
    FacilityFactory(name="US Program")
    page = client.get(SELF_CHECK_LINK + "&near=SW1A 1AA").content.decode()
    assert "Searching by place is not available in the UK yet" in page
    assert "US Program" not in page
    assert 'href="https://www.talktofrank.com/get-help/find-support-near-you"' in page
    assert f'href="{reverse("safety:help_now")}"' in page
    assert 'name="near"' not in page


def test_pages_may_ask_for_the_location_but_nothing_else_is_turned_on(client, db):
    policy = client.get("/find/")["Permissions-Policy"]
    assert "geolocation=(self)" in policy
    for feature in ("camera", "microphone", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_search_with_an_empty_box_asks_for_a_place(client, db):
    FacilityFactory(name="Somewhere Outpatient")
    page = client.get("/find/", {"near": "", "radius_miles": "50"}).content.decode()
    assert "Where should we look?" in page
    assert "Somewhere Outpatient" not in page


@pytest.mark.parametrize("near", ["٦٢٧٠٤", "inf", "nan,nan", "\x00", "a" * 5000, "%"])
def test_strange_places_are_a_message_never_an_error(client, db, near):
    page = client.get("/find/", {"near": near})
    assert page.status_code == 200
    assert "We could not search with that." in page.content.decode()
    assert client.get("/api/v1/facilities", {"near": near}).status_code == 422
