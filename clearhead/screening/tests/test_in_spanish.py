"""The self-check in Spanish: the pages a reader meets, and the API's words.

A Spanish reader (browser or language switch) meets every page of the
journey in Spanish, with "no es un diagnóstico" where the English says it is
not a diagnosis. The API gives the same codes and scores in every language
and its words in the request's language.
"""

import re
import warnings
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from clearhead.core.translation_check import untranslated
from clearhead.screening.instruments import wording_texts
from clearhead.screening.models import ScreeningResult
from clearhead.screening.tests.test_journey_views import SELF_CHECK, Journey, walk
from clearhead.screening.tests.test_screening_api import VALID, post

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # textstat imports the deprecated pkg_resources
    import textstat

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9,en;q=0.5"}


@pytest.fixture(autouse=True)
def english_afterwards():
    """A Spanish request leaves Spanish active in this thread: put English
    back, so later tests that read explain.py directly get English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def spanish_reader(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"  # the switch's cookie
    return client


def english_left(page: str) -> list[str]:
    """English of ours left on the whole page (the instruments' Spanish
    wording is data, passed to the check)."""
    return untranslated(page, "es", wording_texts("es"))


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def test_the_start_page_in_spanish(client, db):
    page = client.get("/check/", **SPANISH).content.decode()
    assert html_lang(page) == "es"
    assert english_left(page) == []
    assert "<h1>¿Es un problema mi consumo de ketamina?</h1>" in page
    assert "Esta evaluación no es un diagnóstico." in page
    assert '<a class="button" href="/check/take/">Empezar la evaluación</a>' in page


def test_a_step_shows_its_parts_buttons_and_progress_in_spanish(spanish_reader):
    """The step's frame; its questions are the instrument's words."""
    journey = Journey(spanish_reader)
    response, page = journey.post("ketamine-self-check", **SELF_CHECK)
    assert response.status_code == 200
    assert html_lang(page) == "es"
    assert "Parte 2 de 6 (puede saltar esta parte)" in page
    assert ">Continuar</button>" in page
    assert ">Saltar esta parte</button>" in page
    assert ">Atrás</button>" in page
    assert "<summary>Lo que sugieren sus respuestas hasta ahora</summary>" in page
    assert "Usted respondió que sí a 3 preguntas." in page
    assert "Esto no es un diagnóstico." in page
    _, page = journey.post("dsm5-ketamine")  # nothing answered
    assert "Por favor, responda cada pregunta marcada abajo." in page


@pytest.mark.parametrize(
    ("symptoms", "body_words"),
    [
        (["frequency"], "Pida una cita con un médico"),
        (["cannot_urinate"], "Vaya ahora a una sala de emergencias o llame al 911."),
    ],
)
def test_the_results_in_spanish(spanish_reader, symptoms, body_words):
    _, response, page = walk(spanish_reader, symptoms=symptoms)
    assert response.status_code == 200
    assert html_lang(page) == "es"
    assert english_left(page) == []
    assert "<h1>Sus resultados</h1>" in page
    assert "No es un diagnóstico" in page
    assert "Usted respondió que sí a 3 preguntas." in page
    assert "Su puntaje de ansiedad es 14 de 21." in page
    assert (
        "El tipo de ayuda que podría servirle: Atención ambulatoria intensiva" in page
    )
    assert "Empiece con una desintoxicación supervisada." in page
    assert body_words in page
    # The finder link is made of codes: the same in every language.
    assert (
        'href="/find/?level=intensive_outpatient&amp;detox=1&amp;service=mental_health"'
        in page
    )


def test_the_saved_results_in_spanish(spanish_reader, patient_pat):
    journey, _, _ = walk(spanish_reader)
    spanish_reader.force_login(patient_pat)
    response = spanish_reader.post(
        "/check/save/", {"state": journey.state}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/check/saved/?saved=1"
    assert ScreeningResult.objects.filter(patient=patient_pat).count() == 5
    page = response.content.decode()
    assert html_lang(page) == "es"
    assert english_left(page) == []
    assert "<h1>Sus resultados están guardados</h1>" in page
    assert "Esto no es un diagnóstico." in page
    assert "Se sugiere: Atención ambulatoria intensiva." in page
    assert "Buscaremos atención ambulatoria intensiva" in page


def test_save_your_results_in_spanish(spanish_reader, db):
    """Not signed in: the sign-in and registration forms (accounts') in
    Spanish too."""
    journey, _, _ = walk(spanish_reader)
    page = spanish_reader.post("/check/save/", {"state": journey.state})
    page = page.content.decode()
    assert html_lang(page) == "es"
    assert english_left(page) == []
    assert "Correo electrónico" in page
    assert "Crear cuenta y guardar" in page


def test_the_saved_results_page_frame_in_spanish(spanish_reader, patient_pat):
    """What /check/saved/ says in its own words (the instrument titles in its
    table are the instruments')."""
    journey, _, _ = walk(spanish_reader)
    spanish_reader.force_login(patient_pat)
    spanish_reader.post("/check/save/", {"state": journey.state})
    page = spanish_reader.get("/check/saved/?saved=1").content.decode()
    assert html_lang(page) == "es"
    for words in (
        "<h1>Sus resultados están guardados</h1>",
        "Los guardamos en su cuenta. Solo usted puede verlos. Esto no es un diagnóstico.",
        "Lo que puede hacer ahora",
        "Buscaremos atención ambulatoria intensiva, como sugieren sus respuestas.",
        ">Imprimir mis resultados</button>",
        '<th scope="col">Fecha</th>',
        "Se sugiere: Atención ambulatoria intensiva.",
        "Su puntaje de ansiedad es 14 de 21.",
    ):
        assert words in page
    # The date in Spanish ("2 dic 2026"), not "2 Dec 2026".
    assert re.search(r"<td>\d{1,2} [a-z]{3} \d{4}</td>", page)


# The API: the same answers in English and in Spanish.

TEXTS = {"title", "explanation", "advice_title", "level_name", "reason_texts"}


def scored(client, instrument: str, language: str) -> dict:
    response = post_in(client, instrument, {"answers": VALID[instrument]}, language)
    assert response.status_code == 200
    assert response["Content-Language"] == language
    return response.json()


def post_in(client, instrument, body, language):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    try:
        return post(client, instrument, body)
    finally:
        del client.defaults["HTTP_ACCEPT_LANGUAGE"]


@pytest.mark.parametrize("instrument", sorted(VALID))
def test_the_api_gives_the_same_codes_and_scores_with_spanish_words(
    client, db, instrument
):
    english, spanish = (
        scored(client, instrument, "en"),
        scored(client, instrument, "es"),
    )
    assert english.keys() == spanish.keys()
    assert {key for key in english if key in TEXTS} >= {"title", "explanation"}
    for key in english.keys() - TEXTS:  # codes, scores, ids, versions
        assert english[key] == spanish[key], key
    assert english["explanation"] != spanish["explanation"]
    assert english["title"] != spanish["title"]


def test_the_apis_spanish_words_are_the_pages(client, db):
    care = scored(client, "level-of-care", "es")
    assert care["level"] == "intensive_outpatient"
    assert care["level_name"] == "Atención ambulatoria intensiva"
    assert care["explanation"].startswith("Varias sesiones por semana")
    assert care["reasons"] == ["readiness"]
    assert care["reason_texts"] == ["Todavía no tiene claro si quiere cambiar."]
    body = scored(client, "bladder-check", "es")
    assert body["advice"] == "urgent"
    assert body["advice_title"] == "Vea a un médico hoy mismo"
    english = scored(client, "phq9", "en")
    assert english["explanation"] == (
        "Your mood score is 5 out of 27. This means mild signs of depression."
    )
    mood = scored(client, "phq9", "es")
    assert mood["explanation"] == (
        "Su puntaje de estado de ánimo es 5 de 27. "
        "Esto indica señales leves de depresión."
    )


def test_an_unknown_instrument_is_refused_in_spanish(client, db):
    response = post_in(client, "audit-c", {"answers": []}, "es")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("No existe el cuestionario 'audit-c'.")


def test_the_spanish_words_read_easily():
    """Our Spanish reads at about grade 8 or below, as the English does:
    Fernández Huerta's ease of reading 70 or more ("bastante fácil")."""
    catalogue = Path(__file__).parents[1] / "locale/es/LC_MESSAGES/django.po"
    sentences = []
    for entry in polib.pofile(str(catalogue)):
        if entry.msgctxt and "date format" in entry.msgctxt:  # "j b Y": not words
            continue
        text = entry.msgstr or entry.msgstr_plural.get(2, "")
        text = re.sub(r"<[^>]+>|%\(\w+\)s", "", text).strip()
        sentences.append(text if text.endswith((".", "?", "!", ":")) else f"{text}.")
    textstat.set_lang("es")
    try:
        ease = textstat.fernandez_huerta(" ".join(sentences))
    finally:
        textstat.set_lang("en")
    assert ease >= 70
