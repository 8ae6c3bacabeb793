"""Journey in Spanish, on a phone: a reader whose browser asks for Spanish
goes home → self-check → results → finder → a Spanish-speaking meeting →
help lines, and meets no English of ours on the way.

Each page is checked with axe and with the translation check
(clearhead.core.translation_check): every piece of text, and what a screen
reader says, must be a Spanish translation from the catalogue or an
instrument's Spanish wording. Names and notes from imported data sit in
translate="no" and are left out. Expected words are read from the catalogue
(`es`), so the test follows the translation rather than copying it.
"""

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import expect

from clearhead.core.translation_check import untranslated
from clearhead.directory.tests.factories import FacilityFactory, MeetingFactory
from clearhead.directory.vocabulary import LEVELS
from clearhead.screening.instruments import wording_texts

PHONE = {"width": 390, "height": 844}
# Tuesday 1 December 2026, 6:20 PM in Chicago.
TUESDAY_EVENING = datetime(2026, 12, 2, 0, 20, tzinfo=UTC)
SHOTS = os.environ.get("CLEARHEAD_SHOTS", "")
# Imported names: in translate="no" on the page, but a listing's page also
# carries its name in <title>, which cannot hold an attribute of its own.
DATA_NAMES = ("Grupo Esperanza", "Springfield Recovery Center")


def es(text: str, context: str = "") -> str:
    """`text` as the Spanish catalogue gives it."""
    with translation.override("es"):
        translated = (
            translation.pgettext(context, text)
            if context
            else translation.gettext(text)
        )
    assert translated != text, f"no Spanish for {text!r}"
    return translated


@pytest.fixture
def viewport():
    return PHONE


@pytest.fixture
def browser_context_args(browser_context_args):
    # A phone set to Spanish (United States), in Chicago.
    return {
        **browser_context_args,
        "locale": "es-US",
        "timezone_id": "America/Chicago",
    }


def screenshot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def all_in_spanish(page, axe_check, name: str) -> None:
    """The page is in Spanish for eyes and screen readers, and accessible."""
    expect(page.locator("html")).to_have_attribute("lang", "es")
    left = untranslated(page.content(), "es", [*wording_texts("es"), *DATA_NAMES])
    assert left == [], f"English left on {page.url}"
    axe_check(page)
    screenshot(page, name)


def directory():
    for name, zip_code, lat, lng in (
        ("Springfield Recovery Center", "62704", 39.77, -89.68),
        ("Capital Area Outpatient", "62702", 39.80, -89.64),
    ):
        FacilityFactory(
            name=name,
            zip_code=zip_code,
            latitude=lat,
            longitude=lng,
            levels=list(LEVELS),  # whatever level the results suggest
            services=["detox"],
        )
    MeetingFactory(
        name="Grupo Esperanza",
        days=[3],
        start_time="19:00",
        types=["O", "S"],
        notes="Bring a friend. Coffee after the meeting.",
    )
    MeetingFactory(name="Springfield Noon", days=[2], start_time="12:00")


def answer_step(page) -> None:
    """Answer each question of a step with its first answer."""
    for group in page.locator("form.step-form fieldset").all():
        choices = group.get_by_role("radio")
        if choices.count():
            choices.first.check()


def test_home_self_check_results_finder_meeting_and_help_lines_in_spanish(
    page, live_server, request_log, axe_check, pin_clock
):
    pin_clock(TUESDAY_EVENING)
    directory()

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    all_in_spanish(page, axe_check, "es-home.png")

    # The self-check, every step in Spanish.
    page.get_by_role("navigation", name=es("Main", "navigation")).get_by_role(
        "link", name=es("Self-check")
    ).click()
    all_in_spanish(page, axe_check, "es-check-start.png")
    page.get_by_role("link", name=es("Start the check")).click()
    seen = []
    for _ in range(8):
        heading = page.get_by_role("heading", level=1).inner_text()
        if heading == es("Your results"):
            break
        assert heading not in seen, f"stuck on {heading!r}"
        seen.append(heading)
        all_in_spanish(page, axe_check, f"es-check-{len(seen)}.png")
        answer_step(page)
        page.get_by_role("button", name=es("Continue")).click()
    assert len(seen) >= 5, seen  # the quick check, DSM-5-TR, PHQ-9, GAD-7, body…
    assert "Revisión del estado de ánimo (PHQ-9)" in seen

    expect(page.get_by_role("heading", level=1)).to_have_text(es("Your results"))
    expect(page.get_by_text("no es un diagnóstico").first).to_be_visible()
    all_in_spanish(page, axe_check, "es-results.png")

    # The finder, from the results.
    page.get_by_role("link", name=es("Find programs that fit")).click()
    expect(page).to_have_url(re.compile(r"/find/\?level="))
    page.get_by_label(es("ZIP code or city and state")).fill("62704")
    page.get_by_role("button", name=es("Search")).click()
    expect(page.get_by_role("link", name="Springfield Recovery Center")).to_be_visible()
    all_in_spanish(page, axe_check, "es-finder.png")

    # Meetings, only the Spanish-speaking ones.
    page.get_by_role("navigation", name=es("Main", "navigation")).get_by_role(
        "link", name=es("Meetings")
    ).click()
    page.get_by_label(es("ZIP code or city and state")).fill("62704")
    page.locator("details.disclosure summary").click()
    page.get_by_label(es("Spanish", "meeting type"), exact=True).check()
    page.get_by_role("button", name=es("Search")).click()
    expect(page.locator("li.result h3")).to_have_text(["Grupo Esperanza"])
    all_in_spanish(page, axe_check, "es-meetings.png")
    page.get_by_role("link", name="Grupo Esperanza").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grupo Esperanza")
    expect(page.get_by_role("main")).to_contain_text("miércoles")
    all_in_spanish(page, axe_check, "es-meeting.png")

    # The help lines, with their Spanish options.
    page.get_by_role("link", name=es("Get help now")).click()
    expect(page).to_have_url(re.compile(r"/help/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=re.compile("988")).first).to_have_attribute(
        "href", "tel:988"
    )
    expect(main).to_contain_text("1-800-662-4357")
    all_in_spanish(page, axe_check, "es-help.png")
    assert request_log.foreign() == []


def test_the_switch_on_a_phone_changes_every_page_and_is_remembered(
    browser, live_server, axe_check
):
    # An English phone this time.
    context = browser.new_context(locale="en-US", viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/help/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Español").click()
    expect(page).to_have_url(re.compile(r"/help/$"))  # the same page
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("link", name=es("Self-check")).first.click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    axe_check(page)
    # A page not yet in Spanish says so, in Spanish, and is English.
    page.goto(live_server.url + "/account/sign-in/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("p.message[lang=es]")).to_contain_text("solo está en inglés")
    axe_check(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("p.message[lang=es]")).to_have_count(0)
    context.close()


def test_the_help_lines_kept_for_offline_are_in_the_chosen_language(
    browser, live_server
):
    """An English phone, Spanish chosen: offline, the help lines are the
    Spanish ones (the kept copy is fetched without cookies, so it follows
    the language of the page last read)."""
    context = browser.new_context(locale="en-US", viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/help/")
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.wait_for_load_state("load")
    kept_in_spanish = page.evaluate(
        """async () => {
            for (let i = 0; i < 300; i++) {
                const hit = await caches.match("/help/");
                if (hit && (await hit.text()).includes('<html lang="es">')) {
                    return true;
                }
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
            return false;
        }"""
    )
    assert kept_in_spanish
    context.set_offline(True)
    page.goto(live_server.url + "/help/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("main")).to_contain_text("Llame al 988 y marque 2")
    context.close()
