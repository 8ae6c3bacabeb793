"""The articles: complete, linked, sourced, reviewed, and easy to read."""

import re
import warnings
from datetime import date

import pytest

from clearhead.core import clock
from clearhead.education import library

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # textstat imports the deprecated pkg_resources
    import textstat

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
ARTICLES = list(library.all_articles().values())
# Words that would signal dosing advice for non-medical use.
DOSING = re.compile(
    r"\b(\d+\s?(mg|g|ml|grams?|milligrams?)|bumps?|lines? of|start low|dose)\b", re.I
)


def test_the_library_covers_every_required_topic():
    assert set(library.all_articles()) >= REQUIRED_TOPICS


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_each_article_reads_at_grade_8_or_below(article):
    grade = textstat.flesch_kincaid_grade(article.text)
    assert grade <= 8.0, f"{article.slug} reads at grade {grade}"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_each_article_has_sources_a_review_date_and_real_related_links(article):
    assert 2 <= len(article.sources) <= 6
    assert (
        date(2026, 1, 1)
        <= article.last_reviewed
        <= clock.today_in(clock.region_time_zone())
    )
    assert article.related
    assert set(article.related) <= set(library.all_articles()), article.related


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_internal_links_lead_to_pages_that_exist(article):
    for slug in re.findall(r'href="/learn/([\w-]+)/"', article.html):
        assert slug in library.all_articles(), f"{article.slug} links to {slug}"


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.slug)
def test_no_article_gives_dosing_advice(article):
    assert not DOSING.search(article.text), DOSING.search(article.text)


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
