"""The help lines in Spanish (issue 18): the Spanish options exactly as the
brief records them (clinical facts §7), the numbers and their links as they
are in English, and nothing claimed that the brief does not record."""

import re

import pytest
from django.core.checks import run_checks
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from clearhead.core.translation_check import untranslated
from clearhead.safety.helplines import US, help_lines_for

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US"}
US_TARGETS = [
    "tel:911",
    "tel:988",
    "sms:988",
    "https://988lifeline.org/chat/",
    "tel:18006624357",
    "tel:18004874889",
    "tel:18002221222",
    "sms:741741?body=HOME",
]


def links(page: str) -> list[str]:
    """Every call, text and help-line link of the page's main part, in order."""
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.findall(r'href="((?:tel:|sms:|https://988)[^"]+)"', main)


def section(page: str, heading_id: str) -> str:
    found = re.search(
        rf'(?s)<section[^>]*aria-labelledby="{heading_id}">.*?</section>', page
    )
    return found.group(0) if found else ""


@pytest.fixture
def spanish_page(client, db):
    return client.get("/help/", **SPANISH).content.decode()


@pytest.fixture
def english_page(client, db):
    return client.get("/help/", **ENGLISH).content.decode()


def test_the_spanish_help_page_is_all_in_spanish(spanish_page):
    assert '<html lang="es">' in spanish_page
    assert untranslated(spanish_page, "es") == []
    assert "Estos servicios son gratuitos y privados." in spanish_page
    assert ">Llamar al 988</a>" in spanish_page
    assert ">Enviar HOME por mensaje de texto al 741741</a>" in spanish_page


def test_the_spanish_options_come_first_as_the_brief_records_them(spanish_page):
    options = section(spanish_page, "in-spanish")
    assert "Ayuda en español" in options
    assert "Llame al 988 y marque 2 para español." in options
    assert "Le atienden en inglés y en español." in options
    # The Spanish options are calls only: the brief records no Spanish text
    # or chat, so none is offered here.
    assert re.findall(r'href="([^"]+)"', options) == [
        "tel:988",
        "tel:18006624357",
        "tel:18004874889",
    ]
    assert "988lifeline.org/es" not in spanish_page
    # On the line's own entry, as in English: press 1 for veterans, 2 for Spanish.
    assert "Marque 1 para veteranos y 2 para español." in spanish_page


def test_the_numbers_and_their_links_are_the_same_in_spanish(
    spanish_page, english_page
):
    assert links(english_page) == US_TARGETS
    # The Spanish page adds its options (calls) first; the lines are unchanged.
    assert links(spanish_page) == [
        "tel:988",
        "tel:18006624357",
        "tel:18004874889",
        *US_TARGETS,
    ]
    for number in ("911", "988", "1-800-662-4357", "1-800-487-4889", "1-800-222-1222"):
        assert number in spanish_page


def test_service_names_stay_as_written_with_what_they_are_in_spanish(spanish_page):
    assert (
        '<h2><span lang="en" translate="no">988 Suicide &amp; Crisis Lifeline</span>, '
        '<span class="helpline__about">línea nacional para crisis y prevención del '
        "suicidio</span></h2>"
    ) in spanish_page
    assert '<span lang="en" translate="no">SAMHSA National Helpline</span>' in (
        spanish_page
    )
    assert "<h2>Servicios de emergencia</h2>" in spanish_page


def test_the_english_help_page_is_unchanged(english_page):
    assert '<html lang="en">' in english_page
    assert "Press 1 for veterans, 2 for Spanish." in english_page
    assert "in English and Spanish." in english_page
    assert (
        '<h2><span lang="en" translate="no">988 Suicide &amp; Crisis Lifeline</span></h2>'
    ) in english_page
    assert ">Call 988</a>" in english_page
    assert ">Text HOME to 741741</a>" in english_page
    assert "These numbers are for the United States." in english_page
    assert "22 November 2026" in english_page
    # No Spanish section, and no Spanish words.
    assert 'id="in-spanish"' not in english_page
    assert "helpline__about" not in english_page
    assert "español" not in english_page


@override_settings(CLEARHEAD_REGION="UK")
def test_a_uk_deployment_works_in_spanish_and_never_shows_988(client, db):
    page = client.get("/help/", **SPANISH).content.decode()
    assert untranslated(page, "es") == []
    for text in ("999", "116 123", "NHS 111", "85258", "Reino Unido"):
        assert text in page
    assert '<span lang="en" translate="no">Samaritans</span>' in page
    assert "988" not in page
    assert "911" not in page
    # The brief records no Spanish option for a UK line.
    assert 'id="in-spanish"' not in page
    assert "español" not in page


def test_the_crisis_box_says_how_to_be_answered_in_spanish(db):
    with translation.override("es"):
        spanish = render_to_string("_crisis.html", {"help_lines": US})
    with translation.override("en"):
        english = render_to_string("_crisis.html", {"help_lines": US})
    assert "Llame al 988 y marque 2 para español." in spanish
    assert "No tiene que enfrentar esto a solas" in spanish
    assert untranslated(spanish, "es") == []
    assert "Call 988 and press 2 for Spanish." in english
    assert re.findall(r'href="(tel:[^"]+|sms:[^"]+)"', spanish) == re.findall(
        r'href="(tel:[^"]+|sms:[^"]+)"', english
    )


def test_the_uk_crisis_box_claims_no_spanish_line(db):
    with translation.override("es"):
        page = render_to_string("_crisis.html", {"help_lines": help_lines_for("UK")})
    assert "español" not in page
    assert untranslated(page, "es") == []


@pytest.mark.parametrize(
    ("region", "expected"), [("US", []), ("UK", ["clearhead.safety.W001"])]
)
def test_unconfirmed_numbers_are_named_before_a_release(settings, region, expected):
    settings.CLEARHEAD_REGION = region
    settings.PRODUCTION = True
    found = [
        message
        for message in run_checks(include_deployment_checks=True)
        if message.id == "clearhead.safety.W001"
    ]
    assert [message.id for message in found] == expected
    if found:
        assert "FRANK" in found[0].msg
