"""Medical ketamine, kept apart, on a phone (390 x 844): a search near a
ketamine-infusion clinic never shows it, and the page for people in ketamine
treatment who worry about misuse reads well, in English and in Spanish."""

import os
import re

import pytest
from playwright.sync_api import expect

from clearhead.core.translation_check import untranslated
from clearhead.directory.models import InfusionReview
from clearhead.directory.tests.factories import FacilityFactory
from clearhead.education.tests.test_article_languages import our_words

# Set CLEARHEAD_SHOTS to a folder to keep pictures of the pages.
SHOTS = os.environ.get("CLEARHEAD_SHOTS", "")
ARTICLE = "/learn/worried-about-ketamine-treatment/"


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_search_near_an_infusion_clinic_never_shows_it(page, live_server, axe_check):
    FacilityFactory(name="Riverbend Recovery Services", latitude=39.78)
    FacilityFactory(
        name="Capitol Ketamine Infusion Clinic",
        latitude=39.79,
        infusion_review=InfusionReview.FLAGGED,
        infusion_terms=["ketamine infusion"],
    )
    FacilityFactory(
        name="Prairie Esketamine Center",
        latitude=39.77,
        infusion_review=InfusionReview.INFUSION,
    )
    page.goto(live_server.url + "/find/")
    page.get_by_label("ZIP code or city and state").fill("62704")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^1 program within 50"))
    ).to_be_focused()
    expect(page.get_by_role("link", name="Riverbend Recovery Services")).to_be_visible()
    expect(page.get_by_text("Ketamine Infusion")).to_have_count(0)
    expect(page.get_by_text("Esketamine Center")).to_have_count(0)
    note = page.locator(".finder-infusion-note")
    expect(note).to_contain_text("not addiction treatment")
    assert fits_the_phone(page)
    axe_check(page)
    shot(page, "finder-no-infusion")
    note.get_by_role("link").click()
    expect(
        page.get_by_role(
            "heading", level=1, name="In ketamine treatment and worried about misuse"
        )
    ).to_be_visible()


def test_the_article_reads_well_on_a_phone(page, live_server, axe_check):
    page.goto(live_server.url + ARTICLE)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for heading in (
        "What misuse can look like",
        "What to tell your prescriber",
        "Where to get help",
    ):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.get_by_role("link", name="help lines", exact=True)).to_be_visible()
    expect(page.get_by_text("Last reviewed")).to_be_visible()
    assert fits_the_phone(page)
    axe_check(page)
    shot(page, "article-en")


def test_the_article_reads_well_in_spanish(page, live_server, axe_check):
    page.set_extra_http_headers({"Accept-Language": "es-US,es;q=0.9"})
    page.goto(live_server.url + ARTICLE)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(
        page.get_by_role(
            "heading",
            level=1,
            name="En tratamiento con ketamina y con miedo a usarla mal",
        )
    ).to_be_visible()
    expect(
        page.get_by_role("heading", level=2, name="Dónde pedir ayuda")
    ).to_be_visible()
    # Our words from the catalogue; the article's own are checked by the
    # library's tests (Fernández-Huerta, same sources as the English).
    assert untranslated(our_words(page.content(), article_page=True), "es") == []
    assert fits_the_phone(page)
    axe_check(page)
    shot(page, "article-es")
