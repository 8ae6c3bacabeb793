"""The library in the reader's language: the pages in Spanish, each article
in Spanish where it is written in Spanish, and in English (said so, and
marked for screen readers) where it is not."""

import html
import re

import pytest

from clearhead.core.translation_check import untranslated
from clearhead.education import library
from clearhead.education.models import ArticleFeedback

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-US,es;q=0.9"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US"}
IN_SPANISH = sorted(library.articles_in("es"))
ENGLISH_ONLY = "bladder-and-kidney-health"
# An element holding an article's own words (its Markdown file), in the
# article's language; none of them nests an element of its own kind.
ARTICLE_TEXT = re.compile(
    r"<(?P<tag>h1|p|div|a|td)\b[^>]*\bdata-article-text\b[^>]*>.*?</(?P=tag)>",
    re.DOTALL,
)
HEAD_TEXT = re.compile(r'<title>.*?</title>|<meta name="description"[^>]*>', re.DOTALL)


def our_words(page: str, *, article_page: bool = False) -> str:
    """The page without the articles' own words: the catalogue check knows
    our strings, not the articles (which have tests of their own below).
    On an article page its title and summary in <head> go too."""
    page, removed = ARTICLE_TEXT.subn("", page)
    assert removed, "no article text found: the markers have moved"
    return HEAD_TEXT.sub("", page) if article_page else page


def get(client, url: str, language: dict) -> str:
    response = client.get(url, **language)
    assert response.status_code == 200
    return response.content.decode()


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def card(page: str, slug: str) -> str:
    """The list item linking to /learn/<slug>/."""
    return re.search(rf'<li><a href="/learn/{slug}/".*?</li>', page, re.DOTALL).group()


def test_the_library_is_in_spanish(client, db):
    page = get(client, "/learn/", SPANISH)
    assert html_lang(page) == "es"
    assert "<h1>Aprenda sobre la ketamina</h1>" in page
    assert untranslated(our_words(page), "es") == []


def test_the_library_says_which_articles_are_in_spanish(client, db):
    page = get(client, "/learn/", SPANISH)
    translated = card(page, "staying-safer")
    assert 'lang="es"' in translated
    assert "Cómo reducir los riesgos si usa ketamina" in translated
    assert "En español" in translated
    english = card(page, ENGLISH_ONLY)
    assert 'lang="en"' in english
    assert "Ketamine, your bladder and your kidneys" in english
    assert "Solo en inglés" in english
    assert page.count("En español") == len(IN_SPANISH)
    assert page.count("Solo en inglés") == len(library.all_articles()) - len(IN_SPANISH)


def test_in_english_the_library_notes_the_spanish_versions(client, db):
    page = get(client, "/learn/", ENGLISH)
    assert "Also in Spanish" in card(page, "staying-safer")
    assert "Also in Spanish" not in card(page, ENGLISH_ONLY)
    assert page.count("Also in Spanish") == len(IN_SPANISH)
    assert "Staying safer if you use ketamine" in page
    assert "Solo en inglés" not in page


@pytest.mark.parametrize("slug", IN_SPANISH)
def test_each_spanish_article_page_is_in_spanish(client, db, slug):
    page = get(client, f"/learn/{slug}/", SPANISH)
    assert html_lang(page) == "es"
    assert '<h2 id="feedback-title">¿Le fue útil esta página?</h2>' in page
    assert untranslated(our_words(page, article_page=True), "es") == []


@pytest.mark.parametrize("slug", IN_SPANISH)
def test_the_body_is_the_spanish_article(client, db, slug):
    article = library.articles_in("es")[slug]
    page = get(client, f"/learn/{slug}/", SPANISH)
    body = re.search(r'<div class="prose" lang="(\w+)" data-article-text>', page)
    assert body.group(1) == "es"
    assert article.html in page
    assert f'<h1 lang="es" data-article-text>{html.escape(article.title)}</h1>' in page
    assert f"<title>{html.escape(article.title)} · Clearhead</title>" in page
    assert "solo está en inglés" not in page


def test_a_spanish_article_shows_its_sources_and_review_dates(client, db):
    article = library.articles_in("es")["treatment-options"]
    page = get(client, "/learn/treatment-options/", SPANISH)
    assert '<h2 id="sources-title">Fuentes</h2>' in page
    for source in article.sources:
        assert html.escape(source.title) in page
    # A source without an address is still listed, as published.
    assert '<li lang="en" translate="no">Magill and Ray: CBT' in page
    assert (
        'Última revisión: <time datetime="2026-12-02">2 de diciembre de 2026</time>.'
        in page
    )
    assert (
        "Traducido de la versión en inglés revisada el 2 de diciembre de 2026." in page
    )


def test_an_english_only_article_read_in_spanish_says_so(client, db):
    page = get(client, f"/learn/{ENGLISH_ONLY}/", SPANISH)
    assert html_lang(page) == "es"
    assert "Por ahora, este artículo solo está en inglés." in page
    # The English words are marked, so a screen reader reads them in English.
    assert '<div class="prose" lang="en" data-article-text>' in page
    assert '<h1 lang="en" data-article-text>Ketamine, your bladder' in page
    assert "Última revisión:" in page
    assert untranslated(our_words(page, article_page=True), "es") == []


def test_related_articles_are_shown_in_the_readers_language(client, db):
    page = get(client, "/learn/for-family-and-friends/", SPANISH)
    related = page[page.index('id="related-title"') :]
    assert 'lang="es" data-article-text>Cómo reducir los riesgos' in related
    assert "Solo en inglés" in card(related, "support-groups")


def test_english_article_pages_are_unchanged(client, db):
    page = get(client, "/learn/staying-safer/", ENGLISH)
    assert html_lang(page) == "en"
    assert '<h1 lang="en" data-article-text>Staying safer if you use ketamine' in page
    assert library.all_articles()["staying-safer"].html in page
    assert 'Last reviewed: <time datetime="2026-11-22">22 November 2026</time>.' in page
    assert "Translated from" not in page
    assert "English only for now" not in page
    assert "Each source is listed" not in page


def test_a_spanish_reader_searches_in_spanish(client, db):
    page = get(client, "/learn/search/?q=abstinencia", SPANISH)
    assert untranslated(our_words(page), "es") == []
    assert "Opciones de tratamiento para la adicción a la ketamina" in page
    assert re.search(r"\d+ artículos? encontrados? para “abstinencia”", page)
    none = get(client, "/learn/search/?q=zzzqqq", SPANISH)
    assert "0 artículos encontrados para “zzzqqq”." in none
    assert "Pruebe con otras palabras" in none
    assert untranslated(none, "es") == []  # no article, nothing to take out


def test_feedback_in_spanish(client, db):
    url = "/learn/staying-safer/feedback/"
    response = client.post(url, {"comment": "hm"}, **SPANISH)
    assert response.status_code == 400
    assert "Este campo es obligatorio." in response.content.decode()
    response = client.post(url, {"helpful": "yes"}, follow=True, **SPANISH)
    assert "Gracias por su opinión." in response.content.decode()


def test_the_feedback_report_in_spanish(client, admin_ada):
    ArticleFeedback.objects.create(
        article_slug="staying-safer", helpful=False, comment="More please"
    )
    # Feedback on an article since removed is named by its address.
    ArticleFeedback.objects.create(article_slug="old-article", helpful=True)
    client.force_login(admin_ada)
    page = get(client, "/learn/feedback/", SPANISH)
    assert "<h1>Opiniones sobre la biblioteca</h1>" in page
    assert "Cómo reducir los riesgos si usa ketamina" in page
    # What a reader typed is shown as given.
    assert '<span translate="no">More please</span>' in page
    assert "(no útil, " in page
    assert '<td translate="no">old-article</td>' in page
    assert untranslated(our_words(page), "es") == []
