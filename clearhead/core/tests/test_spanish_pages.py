"""The public journey's own pages in Spanish: home, privacy, quick exit, the
error pages and the words the site's scripts show (issue 18)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation

from clearhead.core.translation_check import untranslated

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US"}
JS_DIR = Path(settings.BASE_DIR) / "clearhead" / "static" / "js"
# The scripts whose every message comes from the page (templates/_script_words.html,
# sharing/my_supporters.html).
OUR_SCRIPTS = (
    "quick-exit.js",
    "device-store.js",
    "local-time.js",
    "print-button.js",
    "share-code.js",
    "referral-results.js",
)
CODE_STRINGS = {"use strict", "button button--secondary"}


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


@pytest.mark.parametrize(
    ("url", "status", "spanish"),
    [
        ("/", 200, "¿Le preocupa el uso de ketamina?"),
        ("/", 200, "Buscar tratamiento o una reunión cerca de mí"),
        ("/help/", 200, "Estos servicios son gratuitos y privados."),
        ("/privacy/", 200, "Cómo protegemos su información"),
        ("/privacy/", 200, "Última revisión: 22 de noviembre de 2026."),
        ("/exit/", 200, "<title>Nueva pestaña</title>"),
        ("/no-such-page/", 404, "No encontramos esa página"),
        ("/referrals/send/", 200, "Todavía ningún programa recibe derivaciones"),
        ("/referrals/withdrawn/", 200, "Su derivación se retiró"),
    ],
)
def test_public_pages_are_all_in_spanish(client, db, url, status, spanish):
    response = client.get(url, **SPANISH)
    page = response.content.decode()
    assert response.status_code == status
    assert html_lang(page) == "es"
    assert spanish in page
    assert untranslated(page, "es") == []


def test_the_english_home_page_is_unchanged(client, db):
    page = client.get("/", **ENGLISH).content.decode()
    assert html_lang(page) == "en"
    assert "Worried about ketamine use? You are not alone." in page
    assert 'href="tel:911">Call 911</a>' in page
    assert (
        "Last reviewed: 22 November 2026." in client.get("/privacy/").content.decode()
    )
    assert "<title>New tab</title>" in client.get("/exit/").content.decode()


def test_a_spanish_reader_signed_in_sees_a_spanish_home(client, patient_pat):
    client.force_login(patient_pat)
    page = client.get("/", **SPANISH).content.decode()
    assert "Crear una cuenta privada" in page
    assert untranslated(page, "es") == []


def test_an_expired_form_is_explained_in_spanish(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/language/", {"language": "en"}, **SPANISH)
    page = response.content.decode()
    assert response.status_code == 403
    assert "Por favor, inténtelo de nuevo" in page
    assert untranslated(page, "es") == []


@pytest.mark.parametrize(
    ("template", "spanish"),
    [
        ("errors/400.html", "Hubo un problema con esa solicitud"),
        ("errors/403.html", "Usted no tiene acceso a esta página"),
        ("errors/500.html", "Algo salió mal de nuestro lado"),
    ],
)
def test_the_error_pages_are_in_spanish(db, template, spanish):
    request = RequestFactory().get("/", **SPANISH)
    with translation.override("es"):
        page = render_to_string(template, request=request)
    assert html_lang(page) == "es"
    assert spanish in page
    assert untranslated(page, "es") == []


def test_the_scripts_words_come_in_the_pages_language(client, db):
    """device-store.js and local-time.js read their words from the page."""
    spanish = client.get("/help/", **SPANISH).content.decode()
    english = client.get("/help/", **ENGLISH).content.decode()
    assert (
        'data-offline-copy="No tiene conexión. Esta es una copia guardada en este '
        'teléfono, así que puede no estar al día."'
    ) in spanish
    assert 'data-where-you-are="Es decir, %(time)s donde usted está."' in spanish
    assert (
        'data-offline-copy="You are offline. This is a copy kept on this phone, '
        'so it may be out of date."'
    ) in english
    assert 'data-where-you-are="That is %(time)s where you are."' in english


@pytest.mark.parametrize("name", OUR_SCRIPTS)
def test_our_scripts_hold_no_english_sentence(name):
    """A message written in a script would be English on a Spanish page."""
    source = (JS_DIR / name).read_text(encoding="utf-8")
    code = "\n".join(
        line for line in source.splitlines() if not line.strip().startswith("//")
    )
    # A string with two words side by side, other than code's own.
    words = re.findall(r"""["']([^"'\n]*[A-Za-z]{2,} [A-Za-z]{2,}[^"'\n]*)["']""", code)
    assert set(words) <= CODE_STRINGS


def test_a_date_django_wrote_is_not_ours_to_translate():
    """A <time> holds a date in the page's language from Django's locale
    ("martes 1 de diciembre"); English of ours beside it is still found."""
    page = (
        '<p><time datetime="2026-12-01">martes 1 de diciembre</time></p>'
        "<p>Tuesday 1 December</p>"
    )
    assert untranslated(page, "es") == ["<p> Tuesday 1 December"]
