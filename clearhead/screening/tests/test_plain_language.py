"""Patient-facing words of the self-assessment read at grade 8 or below."""

import re
import warnings

import pytest

from clearhead.screening import explain
from clearhead.screening.instruments import INSTRUMENTS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # textstat imports the deprecated pkg_resources
    import textstat

OUR_OWN = [i for i in INSTRUMENTS.values() if not i.validated]


def sentence(text: str) -> str:
    # Each question or label stands alone on the page: measure it as a sentence.
    return text if text.endswith((".", "?", "!")) else text + "."


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


def main_text(html: str) -> str:
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"</(p|li|h[1-6]|label|legend|button|a)>", ". ", main)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize("instrument", OUR_OWN, ids=lambda i: i.id)
def test_our_own_questions_read_at_grade_8_or_below(instrument):
    items = [*instrument.items, *instrument.extra_items]
    text = " ".join(
        [instrument.purpose, instrument.stem]
        + [sentence(item.text) for item in items]
        + [sentence(option.label) for item in items for option in item.options]
    )
    assert grade(text) <= 8.0


def test_result_explanations_read_at_grade_8_or_below():
    texts = [
        *map(str, explain.SELF_CHECK.values()),
        *map(str, explain.DSM.values()),
        *map(str, explain.REASONS.values()),
        *(f"{name}. {description}" for name, description in explain.LEVELS.values()),
        *(f"{heading}. {text}" for heading, text in explain.BODY.values()),
    ]
    assert grade(" ".join(texts)) <= 8.0


def test_the_start_page_reads_at_grade_8_or_below(client, db):
    assert grade(main_text(client.get("/check/").content.decode())) <= 8.0


def test_the_results_page_reads_at_grade_8_or_below(client, db):
    from clearhead.screening.tests.test_journey_views import walk

    _, _, page = walk(client, symptoms=["frequency"])
    assert grade(main_text(page)) <= 8.0
