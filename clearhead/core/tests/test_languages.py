"""Clearhead in English and Spanish: the reader's language, the switch on
every page, the catalogues and the check that finds English left on a
Spanish page (clearhead.core.languages, clearhead.core.translation_check)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from clearhead.core import languages
from clearhead.core.catalogues import PACKAGE_DIR, catalogue_paths
from clearhead.core.translation_check import untranslated

SPANISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9,en;q=0.5"}
# Strings of untranslated apps that translated pages show: the supporter's
# page (languages.TRANSLATED_VIEWS) and what it includes, and the sign-in and
# registration forms on the self-check's "Save your results" page. The rest
# of those apps is only marked.
PUBLIC_SOURCES = {
    "sharing": ("supporter_home.html", "not_a_supporter.html"),
    "accounts": ("forms.py", "_role_switch_offer.html"),
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_the_browsers_preference_chooses_the_language(client, db):
    page = client.get("/help/", **SPANISH_BROWSER).content.decode()
    assert html_lang(page) == "es"
    assert ">Salir rápido</a>" in page
    assert ">Quick exit</a>" not in page
    english = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert html_lang(english) == "en"
    assert ">Quick exit</a>" in english


def test_the_switch_is_remembered_without_an_account(client, db):
    page = client.get("/").content.decode()
    # Each language is offered in its own name, marked for screen readers.
    assert re.search(
        r'<button[^>]*value="es"[^>]*lang="es"[^>]*><span[^>]*>Español</span>', page
    )
    response = client.post("/language/", {"language": "es", "next": "/help/"})
    assert response.status_code == 302
    assert response["Location"] == "/help/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "es"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # An English browser, but the reader chose Spanish.
    page = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html_lang(page) == "es"
    assert re.search(r'value="en"[^>]*lang="en"[^>]*><span[^>]*>English</span>', page)


def test_the_switch_goes_nowhere_but_this_site(client, db):
    response = client.post(
        "/language/", {"language": "es", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    response = client.post("/language/", {"language": "xx", "next": "/help/"})
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert client.get("/language/").status_code == 405


def test_quick_exit_forgets_the_language(client, db):
    client.post("/language/", {"language": "es", "next": "/"})
    response = client.get("/exit/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME]["max-age"] == 0


def test_an_untranslated_page_is_english_and_says_so_in_the_readers_language(
    client, db
):
    page = client.get("/account/sign-in/", **SPANISH_BROWSER).content.decode()
    assert html_lang(page) == "en"  # the words on it are English
    note = re.search(r'<p class="message message--info" lang="es">([^<]+)</p>', page)
    assert note
    assert "solo está en inglés" in note.group(1)
    assert not re.search(r'value="es"[^>]*><span[^>]*>Español</span>', page)
    assert re.search(r'value="en"[^>]*><span[^>]*>English</span>', page)


def test_which_pages_are_translated():
    assert languages.is_translated("/")
    assert languages.is_translated("/check/take/")
    assert languages.is_translated("/meetings/")
    assert languages.is_translated("/supporter/")
    assert languages.is_translated("/no-such-page/")
    assert languages.is_translated("/referrals/send/")
    assert languages.is_translated("/referrals/status/any-token/")
    assert not languages.is_translated("/recovery/")
    assert not languages.is_translated("/clinic/")
    assert not languages.is_translated("/clinic/referrals/")
    assert not languages.is_translated("/my-supporters/")


# The catalogues (.po files under version control).


def public_catalogue(path: Path) -> bool:
    app = path.relative_to(PACKAGE_DIR).parts[0]
    return app == "templates" or app in languages.TRANSLATED_NAMESPACES


def public_entries(path: Path) -> list[polib.POEntry]:
    entries = [entry for entry in polib.pofile(str(path)) if not entry.obsolete]
    if public_catalogue(path):
        return entries
    sources = PUBLIC_SOURCES.get(path.relative_to(PACKAGE_DIR).parts[0], ())
    return [
        entry
        for entry in entries
        if any(source.endswith(sources) for source, _ in entry.occurrences)
    ]


CATALOGUES = catalogue_paths()


def test_every_translated_area_has_a_spanish_catalogue():
    apps = {path.relative_to(PACKAGE_DIR).parts[0] for path in CATALOGUES}
    assert {"templates", "core", "safety", "screening", "directory"} <= apps
    assert {"education", "sharing", "accounts", "referrals"} <= apps


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=[str(p.relative_to(PACKAGE_DIR)) for p in CATALOGUES]
)
def test_public_strings_are_all_translated(path):
    """A public string added without its Spanish fails here, by name."""
    missing = [
        entry.msgid
        for entry in public_entries(path)
        if not entry.translated() or entry.fuzzy
    ]
    assert missing == [], f"{len(missing)} untranslated in {path.name}"


@pytest.mark.parametrize(
    "path", CATALOGUES, ids=[str(p.relative_to(PACKAGE_DIR)) for p in CATALOGUES]
)
def test_translations_keep_their_placeholders(path):
    """A translation that drops or renames %(number)s would break the page."""
    wrong = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.translated():
            continue
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        # A plural entry's English forms together name what it may use.
        plural = set(expected) | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        translations = (
            entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        )
        for translation in translations:
            found = sorted(PLACEHOLDER.findall(translation))
            # A plural form may leave out the count (“un día”), never add one.
            if found != expected and not (entry.msgid_plural and set(found) <= plural):
                wrong.append((entry.msgid, translation))
    assert wrong == []


# The check that finds English on a Spanish page.


def test_the_check_finds_english_left_on_a_spanish_page(db):
    # English of ours is found, in text and in what screen readers say.
    found = untranslated(
        '<p>Ayuda ya</p><p>Find a meeting</p><img alt="Our logo"><p translate="no">'
        "Tuesday Night Group</p><script>var x = 'English';</script>"
        '<input type="submit" value="Search"><p>Inicio. PHQ-9 (TTY) Cuenta</p>',
        "es",
    )
    assert found == ["<p> Find a meeting", "<img alt> Our logo", "<input value> Search"]


def test_placeholders_stand_for_any_text():
    page = (
        "<footer><p>Clearhead no es un servicio de emergencias y no reemplaza a un "
        "médico. Si la vida de alguien está en peligro, llame al 112.</p></footer>"
    )
    assert untranslated(page, "es") == []


def test_texts_kept_outside_the_catalogue_are_passed_in():
    """An instrument's published wording is data, not a catalogue entry."""
    page = "<legend>Poco interés o placer en hacer cosas</legend>"
    assert untranslated(page, "es") == ["<legend> Poco interés o placer en hacer cosas"]
    assert untranslated(page, "es", ["Poco interés o placer en hacer cosas"]) == []


def test_only_a_language_we_offer_is_kept(client, db):
    for code in ("fr", "de", "en-us", "zh-hans"):
        response = client.post("/language/", {"language": code, "next": "/help/"})
        assert response["Location"] == "/help/"
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies, code


def test_quick_exit_forgets_the_form_token_cookie_too(client, db):
    client.get("/")  # the language switch's form sets csrftoken
    response = client.get("/exit/")
    assert response.cookies[settings.CSRF_COOKIE_NAME]["max-age"] == 0
