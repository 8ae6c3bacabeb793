"""The articles: complete, linked, sourced, reviewed, and easy to read, in
English and in each translation."""

import re
import warnings
from datetime import date

import pytest

from clearhead.core import clock
from clearhead.education import library

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # textstat imports the deprecated pkg_resources
    import textstat
    from textstat.textstat import textstatistics

# Spanish readability on an instance of its own: set_lang on the shared
# `textstat` object would change every later English score in this process.
SPANISH_TEXTSTAT = textstatistics()
SPANISH_TEXTSTAT.set_lang("es")

REQUIRED_TOPICS = {
    "what-is-ketamine",
    "effects-and-risks",
    "why-ketamine-can-be-addictive",
    "the-cycle-of-addiction",
    "signs-of-a-problem",
    "treatment-options",
    "complementary-approaches",
    "support-groups",
    "recovery-and-relapse",
    "for-family-and-friends",
    "how-long-ketamine-stays-in-the-body",
    "staying-safer",
}
# The articles every language offers first (issue 18).
REQUIRED_IN_SPANISH = {
    "what-is-ketamine",
    "signs-of-a-problem",
    "treatment-options",
    "for-family-and-friends",
    "staying-safer",
}
ARTICLES = list(library.all_articles().values())
SPANISH = list(library.articles_in("es").values())
EVERY_VERSION = ARTICLES + SPANISH


def version_id(article: library.Article) -> str:
    return f"{article.slug}.{article.language}"


# Words that would signal dosing advice for non-medical use.
DOSING = re.compile(
    r"\b(\d+\s?(mg|g|ml|grams?|milligrams?)|bumps?|lines? of|start low|dose)\b", re.I
)
DOSING_ES = re.compile(
    r"\b(\d+\s?(mg|g|ml|gramos?|miligramos?)|dosis|rayas?|"
    r"(empiece|empezar|comience|comenzar) con poco)\b",
    re.I,
)


def test_the_library_covers_every_required_topic():
    assert set(library.all_articles()) >= REQUIRED_TOPICS


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_each_article_reads_at_grade_8_or_below(article):
    grade = textstat.flesch_kincaid_grade(article.text)
    assert grade <= 8.0, f"{article.slug} reads at grade {grade}"


def test_the_first_articles_are_in_spanish():
    assert set(library.articles_in("es")) >= REQUIRED_IN_SPANISH


@pytest.mark.parametrize("article", SPANISH, ids=lambda a: a.slug)
def test_each_spanish_article_is_easy_to_read(article):
    # Fernández-Huerta: 70 and above is easy (about grade 7 and below).
    score = SPANISH_TEXTSTAT.fernandez_huerta(article.text)
    assert score >= 70, f"{article.slug}.es reads at Fernández-Huerta {score}"


def test_the_spanish_scores_count_spanish_syllables_and_leave_english_alone():
    text = SPANISH[0].text
    english_rules = textstat.fernandez_huerta(text)
    assert SPANISH_TEXTSTAT.fernandez_huerta(text) != english_rules
    # The shared instance the English grade test uses is still English.
    assert textstat.fernandez_huerta(text) == english_rules


@pytest.mark.parametrize("article", EVERY_VERSION, ids=version_id)
def test_each_article_has_sources_a_review_date_and_real_related_links(article):
    assert 2 <= len(article.sources) <= 6
    # Not later than today anywhere on Earth (UTC+14): a review is dated
    # where the reviewer is.
    assert date(2026, 1, 1) <= article.last_reviewed <= clock.today_in("Etc/GMT-14")
    assert article.related
    assert set(article.related) <= set(library.all_articles()), article.related


@pytest.mark.parametrize("article", SPANISH, ids=lambda a: a.slug)
def test_each_translation_follows_the_current_english_article(article):
    english = library.all_articles()[article.slug]
    # Reviewing the English article again means reviewing this one too.
    assert article.translation_of == english.last_reviewed, (
        f"{article.slug}.es.md follows the English of {article.translation_of}; "
        f"the English was reviewed on {english.last_reviewed}"
    )
    assert article.last_reviewed >= article.translation_of
    assert article.sources == english.sources
    assert (article.audience, article.topic, article.related) == (
        english.audience,
        english.topic,
        english.related,
    )
    assert english.languages == ("en", "es")


@pytest.mark.parametrize("article", EVERY_VERSION, ids=version_id)
def test_internal_links_lead_to_pages_that_exist(article):
    for slug in re.findall(r'href="/learn/([\w-]+)/"', article.html):
        assert slug in library.all_articles(), f"{article.slug} links to {slug}"


@pytest.mark.parametrize("article", SPANISH, ids=lambda a: a.slug)
def test_spanish_links_to_english_only_articles_say_so(article):
    for slug, after in re.findall(
        r'href="/learn/([\w-]+)/">[^<]*</a>(.{0,12})', article.html
    ):
        english_only = slug not in library.articles_in("es")
        assert after.startswith(" (en inglés)") == english_only, (article.slug, slug)


@pytest.mark.parametrize("article", EVERY_VERSION, ids=version_id)
def test_no_article_gives_dosing_advice(article):
    assert not DOSING.search(article.text), DOSING.search(article.text)
    if article.language == "es":
        assert not DOSING_ES.search(article.text), DOSING_ES.search(article.text)


def test_article_html_cannot_carry_script():
    html = library.render_markdown(
        "Hello <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>"
    )
    assert "<script" not in html
    assert "javascript:" not in html
    assert "<img" not in html


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("no front matter", "no front matter"),
        ("---\ntitle: [\n---\nbody", "not valid YAML"),
        ("---\ntitle: T\n---\nbody", "missing 'audience'"),
        (
            "---\ntitle: T\nsummary: S\naudience: aliens\ntopic: basics\n---\nbody",
            "unknown audience",
        ),
    ],
)
def test_a_broken_article_file_is_refused_with_its_name_and_reason(raw, reason):
    with pytest.raises(library.ArticleError, match=f"draft.md: .*{reason}"):
        library.parse_article("draft", raw)


def test_search_ranks_title_matches_first_and_needs_every_word():
    results = library.search("bladder")
    assert results[0].slug == "bladder-and-kidney-health"
    assert library.search("bladder zzzqqq") == []
    assert library.search("  ") == []


def test_a_spanish_reader_finds_spanish_articles_by_spanish_words():
    results = library.search("abstinencia", "es")
    assert results[0].slug == "treatment-options"
    assert results[0].language == "es"
    # Accents are optional: people often type without them.
    assert [a.slug for a in library.search("adiccion", "es")] == [
        a.slug for a in library.search("adicción", "es")
    ]
    assert "treatment-options" in {a.slug for a in library.search("adiccion", "es")}
    # An English reader searches the English articles.
    assert library.search("abstinencia") == []


def test_a_reader_gets_their_language_else_english():
    assert library.get_article("staying-safer", "es").language == "es"
    assert library.get_article("support-groups", "es").language == "en"
    assert library.get_article("staying-safer").language == "en"
    assert library.get_article("no-such-article", "es") is None


def write(directory, name: str, front: str, body: str = "Body.") -> None:
    (directory / name).write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")


FRONT = (
    "title: T\nsummary: S\naudience: everyone\ntopic: basics\nrelated: [a]\n"
    "last_reviewed: 2026-12-02\nsources: [{title: A source}]"
)
TRANSLATED = FRONT + "\ntranslation_of: {language: en, last_reviewed: 2026-11-22}"


def test_a_translation_sits_beside_its_english_article(tmp_path):
    write(tmp_path, "a.md", FRONT)
    write(tmp_path, "a.es.md", TRANSLATED)
    articles = library.read_library(tmp_path)
    assert articles["es"]["a"].translation_of == date(2026, 11, 22)
    assert articles["en"]["a"].languages == ("en", "es")


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ({"a.es.md": TRANSLATED}, "a.es.md: there is no a.md"),
        ({"a.md": FRONT, "a.es.md": FRONT}, "a.es.md: missing 'translation_of'"),
        ({"a.md": FRONT, "a.fr.md": FRONT}, "a.fr.md: Clearhead does not offer 'fr'"),
        ({"A b.md": FRONT}, "A b.md: name must be"),
        ({"a.md": FRONT, "a.en.md": FRONT}, "a.en.md: the English article is a.md"),
    ],
)
def test_a_translation_that_cannot_be_published_is_refused(tmp_path, files, reason):
    for name, front in files.items():
        write(tmp_path, name, front)
    with pytest.raises(library.ArticleError, match=re.escape(reason)):
        library.read_library(tmp_path)
