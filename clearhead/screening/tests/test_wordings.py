"""Every instrument in Spanish: PHQ-9 and GAD-7 exactly as published, ours
in plain Spanish, and the same answers scored the same in either language."""

import warnings
from dataclasses import replace

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhead.screening.forms import form_class_for
from clearhead.screening.instruments import INSTRUMENTS, YES_NO, Instrument, Item
from clearhead.screening.wordings import Wording

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # textstat imports the deprecated pkg_resources
    from textstat.textstat import textstatistics

# The PHQ-9 and GAD-7 in Spanish, as published: "PHQ-9 Spanish for the USA"
# and "GAD-7 Spanish for the USA", Pfizer Inc., distributed by PHQ Screeners
# (https://www.phqscreeners.com/), released for use without permission. The
# forms print no version number or date. Transcribed 2026-12-02 and compared
# character by character with stored public copies that reproduce the forms
# (among them two transcriptions credited to "Spanish for the USA" of
# phqscreeners.com, a copy with the form's PDF line breaks still in it, and
# the ReproNim reproschema-library items); where copies differ (a hyphen or
# no dash for the en dash, "O lo contrario" with a capital), the majority and
# the copy extracted from the form's PDF agree with the text below.
PUBLISHED_STEM = (
    "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias "
    "debido a los siguientes problemas?"
)
PUBLISHED_OPTIONS = [
    "Ningún día",
    "Varios días",
    "Más de la mitad de los días",
    "Casi todos los días",
]
PUBLISHED_PHQ9 = [
    "Poco interés o placer en hacer cosas",
    "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
    "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido "
    "demasiado",
    "Se ha sentido cansado(a) o con poca energía",
    "Sin apetito o ha comido en exceso",
    "Se ha sentido mal con usted mismo(a) \u2013 o que es un fracaso o que ha quedado "
    "mal con usted mismo(a) o con su familia",
    "Ha tenido dificultad para concentrarse en ciertas actividades, tales como "
    "leer el periódico o ver la televisión",
    "¿Se ha movido o hablado tan lento que otras personas podrían haberlo "
    "notado? o lo contrario \u2013 muy inquieto(a) o agitado(a) que ha estado "
    "moviéndose mucho más de lo normal",
    "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
]
PUBLISHED_GAD7 = [
    "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
    "No ha sido capaz de parar o controlar su preocupación",
    "Se ha preocupado demasiado por motivos diferentes",
    "Ha tenido dificultad para relajarse",
    "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)",
    "Se ha molestado o irritado fácilmente",
    "Ha tenido miedo de que algo terrible fuera a pasar",
]
EN_DASH = "\u2013"

OUR_OWN = [i for i in INSTRUMENTS.values() if not i.validated]


@pytest.mark.parametrize(
    ("instrument_id", "published"),
    [("phq9", PUBLISHED_PHQ9), ("gad7", PUBLISHED_GAD7)],
)
def test_phq9_and_gad7_in_spanish_are_the_published_text(instrument_id, published):
    spanish = INSTRUMENTS[instrument_id].in_language("es")
    assert spanish.stem == PUBLISHED_STEM
    assert [item.text for item in spanish.items] == published
    assert [option.label for option in spanish.options] == PUBLISHED_OPTIONS


def test_the_published_dashes_and_endings_are_kept_exactly():
    """Look-alike characters pass a glance: the en dash (not "-" or "—")
    and the "(a)" endings are compared as code points."""
    items = [item.text for item in INSTRUMENTS["phq9"].in_language("es").items]
    assert [text.count(EN_DASH) for text in items] == [0] * 5 + [1, 0, 1, 0]
    assert not any("-" in text or "\u2014" in text for text in items)
    assert sum(text.count("(a)") for text in items) == 9


def test_the_validated_spanish_names_its_source():
    for instrument_id in ("phq9", "gad7"):
        wording = INSTRUMENTS[instrument_id].wording("es")
        assert "Spanish for the USA" in wording.source
        assert "https://www.phqscreeners.com/" in wording.source
        assert wording.version
        assert "No se requiere permiso" in wording.citation


def _measured_text(instrument: Instrument) -> str:
    """Stem, items and answers, each measured as a sentence of its own."""

    def sentence(text: str) -> str:
        return text if text.endswith((".", "?", "!")) else text + "."

    items = [*instrument.items, *instrument.extra_items]
    labels = [*instrument.options, *(o for item in items for o in item.options)]
    return " ".join(
        [sentence(instrument.stem)]
        + [sentence(item.text) for item in items]
        + [sentence(option.label) for option in labels]
    )


@pytest.fixture(scope="module")
def spanish_readability():
    """textstat with Spanish syllable rules, on its own instance so the
    module-level textstat other tests use stays English."""
    measure = textstatistics()
    measure.set_lang("es")
    return measure


def test_spanish_syllable_rules_change_the_score(spanish_readability):
    """Without them the Spanish would be counted as English words and score
    higher than it should: the threshold below would mean less."""
    text = _measured_text(INSTRUMENTS["ketamine-self-check"].in_language("es"))
    english_rules = textstatistics()
    assert spanish_readability.syllable_count(text) > english_rules.syllable_count(text)
    assert spanish_readability.fernandez_huerta(text) < english_rules.fernandez_huerta(
        text
    )


@pytest.mark.parametrize("instrument", OUR_OWN, ids=lambda i: i.id)
def test_our_own_spanish_is_easy_to_read(instrument, spanish_readability):
    """Fernández-Huerta 70 or more: "bastante fácil" and easier."""
    text = _measured_text(instrument.in_language("es"))
    assert spanish_readability.fernandez_huerta(text) >= 70


@pytest.mark.parametrize("instrument", OUR_OWN, ids=lambda i: i.id)
def test_our_own_spanish_is_formal_and_never_a_diagnosis(instrument):
    wording = instrument.wording("es")
    words = " ".join(wording.texts()).lower().replace("¿", " ").split()
    assert not {"tú", "te", "tu", "tus", "contigo", "eres", "has"} & set(words)
    assert "diagnóstico" not in " ".join(words)


def _codes(instrument: Instrument) -> dict:
    items = [*instrument.items, *instrument.extra_items]
    return {
        "id": instrument.id,
        "version": instrument.version,
        "answers_as": instrument.answers_as,
        "items": [(item.key, item.loinc) for item in items],
        "item_values": [[(o.value, o.loinc) for o in item.options] for item in items],
        "values": [(option.value, option.loinc) for option in instrument.options],
        "bands": instrument.bands,
        "loinc": (instrument.loinc_panel, instrument.loinc_total),
        "scoring": (
            instrument.score,
            instrument.input_schema,
            instrument.output_schema,
        ),
        "validated": instrument.validated,
        "licence": instrument.licence,
    }


@settings(deadline=None)
@given(
    st.sampled_from(list(INSTRUMENTS.values())),
    st.sampled_from(["es", "es-MX", "es_US", "ES", "en", "en-us", "fr", ""]),
)
def test_a_language_changes_words_never_codes(instrument, language):
    shown = instrument.in_language(language)
    assert _codes(shown) == _codes(instrument)
    assert shown.in_language("en") is instrument
    if language.lower().startswith("es"):
        assert shown.language == "es"
        assert shown.title != instrument.title
        assert shown.in_language("es") == shown
    else:
        assert shown is instrument


@pytest.mark.parametrize("instrument", INSTRUMENTS.values(), ids=lambda i: i.id)
def test_every_word_a_reader_meets_is_in_spanish(instrument):
    shown = instrument.in_language("es")
    english = [*instrument.items, *instrument.extra_items]
    spanish = [*shown.items, *shown.extra_items]
    for before, after in zip(english, spanish, strict=True):
        assert after.text
        assert after.text != before.text
        assert _labels(after) != _labels(before) or not before.options
    assert shown.title != instrument.title
    assert shown.purpose != instrument.purpose
    assert shown.stem != instrument.stem
    assert _labels(shown) != _labels(instrument) or not instrument.options


def _labels(question: Instrument | Item) -> list[str]:
    # "No" is the same word in both languages: compare a scale as a whole.
    return [option.label for option in question.options]


def test_a_wording_that_misses_an_item_is_refused_when_loaded():
    phq9 = INSTRUMENTS["phq9"]
    wording = phq9.wording("es")
    items = dict(wording.items)
    del items["phq9_9"]
    with pytest.raises(ValueError, match="items"):
        replace(phq9, wordings=(replace(wording, items=items),))
    with pytest.raises(ValueError, match="options"):
        replace(phq9, wordings=(replace(wording, options=wording.options[:3]),))
    assert isinstance(wording, Wording)


def _answers(instrument: Instrument):
    """Any valid answers to `instrument`, in the shape its scoring takes."""

    def value(item):
        options = item.options or instrument.options or YES_NO
        return st.sampled_from([option.value for option in options])

    if instrument.answers_as == "list":
        return st.tuples(*map(value, instrument.items)).map(list)
    items = [*instrument.items, *instrument.extra_items]
    return st.fixed_dictionaries({item.key: value(item) for item in items})


@pytest.mark.parametrize("instrument", INSTRUMENTS.values(), ids=lambda i: i.id)
# No deadline: the first example loads the Spanish catalogue, and a loaded
# machine runs a form slower than hypothesis's default 200 ms.
@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_the_same_answers_score_the_same_in_english_and_spanish(instrument, data):
    answers = data.draw(_answers(instrument))
    form_class = form_class_for(instrument)
    posted = form_class.initial_from(instrument, answers)
    results, labels = {}, {}
    for language in ("en", "es"):
        with translation.override(language):
            form = form_class(posted, instrument=instrument)
            assert form.is_valid(), form.errors
            results[language] = instrument.result(form.answers())
            labels[language] = [field.label for field in form.fields.values()]
    assert results["es"] == results["en"] == instrument.result(answers)
    assert labels["es"] != labels["en"]  # asked in Spanish, scored the same


def test_the_spanish_form_asks_the_published_questions():
    with translation.override("es"):
        form = form_class_for(INSTRUMENTS["phq9"])(instrument=INSTRUMENTS["phq9"])
        fields = list(form.fields.values())
    assert [field.label for field in fields] == PUBLISHED_PHQ9
    assert [label for _, label in fields[0].choices] == PUBLISHED_OPTIONS
    assert [value for value, _ in fields[0].choices] == ["0", "1", "2", "3"]


@pytest.mark.parametrize(
    ("step", "spanish", "english"),
    [
        ("phq9", PUBLISHED_PHQ9[7], "Moving or speaking so slowly"),
        ("gad7", PUBLISHED_GAD7[0], "Feeling nervous, anxious, or on edge"),
        (
            "ketamine-self-check",
            "¿Necesita más ketamina que antes para sentir el mismo efecto?",
            "Do you need more ketamine than before to feel the same effect?",
        ),
    ],
)
def test_a_spanish_page_asks_in_spanish_and_an_english_page_in_english(
    client, db, step, spanish, english
):
    url = f"/check/take/?step={step}"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es"' in page
    assert spanish in page
    assert english not in page
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english in page
    assert spanish not in page


def test_answers_given_on_the_spanish_page_are_kept_as_on_the_english(db):
    from clearhead.screening.tests.test_journey_views import SELF_CHECK, Journey

    states, pages = {}, {}
    for language in ("en", "es"):
        journey = Journey(Client(HTTP_ACCEPT_LANGUAGE=language))
        _, pages[language] = journey.post("ketamine-self-check", **SELF_CHECK)
        states[language] = journey.state
    assert states["es"] == states["en"] != ""
    # The next step's questions, in the reader's language.
    assert "¿Ha tenido fuertes ansias de consumir ketamina?" in pages["es"]
    assert "Have you had strong urges or cravings to use ketamine?" in pages["en"]


def test_the_clinic_intake_stays_in_english_for_a_spanish_reader(
    client, casey_in_program, pat_enrolled
):
    from clearhead.clinic.tests.test_records import url

    client.force_login(casey_in_program)
    page = client.get(url("intake", pat_enrolled), HTTP_ACCEPT_LANGUAGE="es")
    page = page.content.decode()
    assert "Little interest or pleasure in doing things" in page
    assert "Poco interés" not in page


@pytest.fixture
def pat_enrolled(casey_in_program, program, patient_pat):
    from clearhead.clinic.tests.test_clinic import enroll

    return enroll(patient_pat, casey_in_program, program)
