"""The education library: Markdown articles with front matter, in articles/.

Articles live in the repository, are reviewed like code, and are read once
per process (see docs/decisions/0001-education-content-as-files.md). Their
HTML is sanitized even though we write it, so a slip in an article can never
put script on a page.

Languages: each article is written in English as `<slug>.md`; a version in
another language sits beside it as `<slug>.<language>.md`
(`what-is-ketamine.es.md`), with the same slug, so one address serves every
language. A reader gets the version in their language when there is one,
else the English article (`get_article`), which the page says and marks
with lang="en". A translation has its own review date and names the English
version it follows (`translation_of`: that version's review date, so a test
flags it when the English is reviewed again); it keeps the English
article's sources, audience, topic and related articles.
"""

import functools
import hashlib
import html as html_lib
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import markdown
import nh3
import yaml
from django.utils.translation import gettext_lazy as _

from clearhead.core.languages import ENGLISH, NAMES

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
# what-is-ketamine.md (English) or what-is-ketamine.es.md (Spanish).
FILE_NAME = re.compile(r"\A(?P<slug>[a-z0-9-]+)(?:\.(?P<language>[a-z]{2}))?\.md\Z")

AUDIENCES = {
    "everyone": _("Everyone"),
    "people-who-use": _("People who use ketamine"),
    "people-in-recovery": _("People in recovery"),
    "family-and-friends": _("Family and friends"),
}
TOPICS = {
    "basics": _("The basics"),
    "health": _("Health and body"),
    "addiction": _("Understanding addiction"),
    "treatment": _("Treatment and support"),
    "recovery": _("Recovery"),
    "family": _("Family and friends"),
    "safety": _("Staying safer"),
}
ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "br",
}


class ArticleError(ValueError):
    """An article file that cannot be published, with the reason."""


@dataclass(frozen=True)
class Source:
    """A published work an article rests on, titled as published."""

    title: str
    url: str = ""
    language: str = ENGLISH  # the language of the title, for screen readers


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    summary: str
    audience: str
    topic: str
    related: tuple[str, ...]
    last_reviewed: date
    sources: tuple[Source, ...]
    html: str
    text: str  # plain text of the body, for search and readability
    language: str = ENGLISH  # the language this version is written in
    # A translation: the review date of the English version it follows.
    translation_of: date | None = None
    # Every language the article is written in (this one included).
    languages: tuple[str, ...] = (ENGLISH,)

    @property
    def audience_label(self) -> str:
        return AUDIENCES[self.audience]

    @property
    def topic_label(self) -> str:
        return TOPICS[self.topic]


def _split_front_matter(raw: str, name: str) -> tuple[dict, str]:
    match = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", raw, re.DOTALL)
    if not match:
        raise ArticleError(f"{name}: no front matter between --- lines")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise ArticleError(
            f"{name}: front matter is not valid YAML ({error})"
        ) from None
    if not isinstance(meta, dict):
        raise ArticleError(f"{name}: front matter must be a mapping")
    return meta, match.group(2)


def _require(meta: dict, key: str, name: str):
    if not meta.get(key):
        raise ArticleError(f"{name}: missing '{key}'")
    return meta[key]


def render_markdown(body: str) -> str:
    """Render Markdown to HTML with only the tags an article may use."""
    html = markdown.markdown(body, extensions=["sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https", "http", "mailto", "tel"},
    )


def plain_text(rendered: str) -> str:
    """Return the text of rendered HTML, each block ending as a sentence."""
    text = re.sub(r"</(p|li|h[1-6])>", ". ", rendered)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(r"([.!?:])\s*\.", r"\1", text)  # a block that already ended
    return re.sub(r"\s+", " ", text).strip()


def _date(value, key: str, name: str) -> date:
    if not isinstance(value, date):
        raise ArticleError(f"{name}: {key} must be a date (YYYY-MM-DD)")
    return value


def _translation_of(meta: dict, language: str, name: str) -> date | None:
    """The review date of the English version a translation follows."""
    if language == ENGLISH:
        return None
    follows = _require(meta, "translation_of", name)
    if not isinstance(follows, dict) or follows.get("language") != ENGLISH:
        raise ArticleError(
            f"{name}: translation_of must name the English version it follows "
            "(language: en, last_reviewed: YYYY-MM-DD)"
        )
    return _date(follows.get("last_reviewed"), "translation_of.last_reviewed", name)


def _sources(meta: dict, name: str) -> tuple[Source, ...]:
    return tuple(
        Source(
            title=str(source["title"]),
            url=str(source.get("url", "")),
            language=str(source.get("language", ENGLISH)),
        )
        for source in _require(meta, "sources", name)
    )


def parse_article(slug: str, raw: str, language: str = ENGLISH) -> Article:
    """Build an Article from a file's text, or raise ArticleError saying why."""
    name = f"{slug}.md" if language == ENGLISH else f"{slug}.{language}.md"
    meta, body = _split_front_matter(raw, name)
    audience = _require(meta, "audience", name)
    topic = _require(meta, "topic", name)
    if audience not in AUDIENCES:
        raise ArticleError(f"{name}: unknown audience {audience!r}")
    if topic not in TOPICS:
        raise ArticleError(f"{name}: unknown topic {topic!r}")
    reviewed = _date(_require(meta, "last_reviewed", name), "last_reviewed", name)
    translation_of = _translation_of(meta, language, name)
    sources = _sources(meta, name)
    html = render_markdown(body)
    return Article(
        slug=slug,
        title=str(_require(meta, "title", name)),
        summary=str(_require(meta, "summary", name)),
        audience=audience,
        topic=topic,
        related=tuple(meta.get("related") or ()),
        last_reviewed=reviewed,
        sources=sources,
        html=html,
        text=plain_text(html),
        language=language,
        translation_of=translation_of,
        languages=(language,),
    )


def _fold(text: str) -> str:
    """Lower case without accents: "Adicción" and "adiccion" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _title_order(article: Article) -> tuple[str, str]:
    # "¿Qué es…?" files under Q, as a reader looks for it.
    return _fold(article.title).lstrip("¿¡\"'“ "), article.title


def _read_file(path: Path) -> Article:
    match = FILE_NAME.match(path.name)
    if not match:
        raise ArticleError(f"{path.name}: name must be <slug>.md or <slug>.<lang>.md")
    language = match["language"] or ENGLISH
    if match["language"] == ENGLISH:
        raise ArticleError(f"{path.name}: the English article is {match['slug']}.md")
    if language not in NAMES:
        raise ArticleError(f"{path.name}: Clearhead does not offer {language!r}")
    return parse_article(
        match["slug"], path.read_text(encoding="utf-8"), language=language
    )


def read_library(directory: Path) -> dict[str, dict[str, Article]]:
    """Read every article file in `directory`: by language, then by slug in
    title order.

    Raises ArticleError for a file that cannot be published, and for a
    translation with no English article to follow.
    """
    by_language: dict[str, dict[str, Article]] = {ENGLISH: {}}
    for path in sorted(directory.glob("*.md")):
        article = _read_file(path)
        by_language.setdefault(article.language, {})[article.slug] = article
    english = by_language[ENGLISH]
    languages_of: dict[str, list[str]] = {slug: [ENGLISH] for slug in english}
    for language, articles in by_language.items():
        if orphans := sorted(articles.keys() - english.keys()):
            raise ArticleError(
                f"{orphans[0]}.{language}.md: there is no {orphans[0]}.md"
            )
        if language != ENGLISH:
            for slug in articles:
                languages_of[slug].append(language)
    return {
        language: {
            article.slug: replace(article, languages=tuple(languages_of[article.slug]))
            for article in sorted(articles.values(), key=_title_order)
        }
        for language, articles in by_language.items()
    }


@functools.cache
def _loaded() -> tuple[dict[str, dict[str, Article]], str]:
    """The articles of this release, read once per process, and their version."""
    articles = read_library(ARTICLES_DIR)
    return articles, hashlib.sha256(repr(articles).encode()).hexdigest()[:16]


def _library() -> dict[str, dict[str, Article]]:
    return _loaded()[0]


def version() -> str:
    """A fingerprint of the articles read: an article's cached page
    (core.public_cache) is keyed on it, so an edited article is never served
    from an older copy."""
    return _loaded()[1]


def all_articles() -> dict[str, Article]:
    """Return every article in English by slug, in title order."""
    return _library()[ENGLISH]


def articles_in(language: str) -> dict[str, Article]:
    """Return the articles written in `language` by slug, in title order."""
    return _library().get(language, {})


def get_article(slug: str, language: str = ENGLISH) -> Article | None:
    """Return the article in `language` if it is written in it, else in English."""
    return articles_in(language).get(slug) or all_articles().get(slug)


def shown_articles(language: str) -> list[Article]:
    """Every article as a reader of `language` gets it, in title order."""
    return sorted(
        (get_article(slug, language) for slug in all_articles()), key=_title_order
    )


def related_articles(article: Article, language: str = ENGLISH) -> list[Article]:
    return [
        get_article(slug, language)
        for slug in article.related
        if slug in all_articles()
    ]


def articles_by_topic(language: str = ENGLISH) -> list[tuple[str, list[Article]]]:
    shown = shown_articles(language)
    grouped = [
        (label, [a for a in shown if a.topic == topic])
        for topic, label in TOPICS.items()
    ]
    return [(label, articles) for label, articles in grouped if articles]


def search(query: str, language: str = ENGLISH) -> list[Article]:
    """Return the articles matching every word of the query, best first.

    Each article is searched as a reader of `language` gets it (their
    language's version, else the English one); accents are optional. A word
    in the title counts most, then the summary, then the body.
    """
    words = [word for word in re.findall(r"\w+", _fold(query)) if len(word) > 1]
    if not words:
        return []
    scored = []
    for article in shown_articles(language):
        fields = (_fold(article.title), _fold(article.summary), _fold(article.text))
        if not all(any(word in field for field in fields) for word in words):
            continue
        score = sum(
            weight * field.count(word)
            for word in words
            for weight, field in zip((10, 4, 1), fields, strict=True)
        )
        scored.append((score, _title_order(article), article))
    return [article for _, _, article in sorted(scored, key=lambda s: (-s[0], s[1]))]
