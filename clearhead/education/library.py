"""The education library: Markdown articles with front matter, in articles/.

Articles live in the repository, are reviewed like code, and are read once
per process (see docs/decisions/0001-education-content-as-files.md). Their
HTML is sanitized even though we write it, so a slip in an article can never
put script on a page.
"""

import functools
import html as html_lib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import markdown
import nh3
import yaml

ARTICLES_DIR = Path(__file__).resolve().parent / "articles"

AUDIENCES = {
    "everyone": "Everyone",
    "people-who-use": "People who use ketamine",
    "people-in-recovery": "People in recovery",
    "family-and-friends": "Family and friends",
}
TOPICS = {
    "basics": "The basics",
    "health": "Health and body",
    "addiction": "Understanding addiction",
    "treatment": "Treatment and support",
    "recovery": "Recovery",
    "family": "Family and friends",
    "safety": "Staying safer",
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
    title: str
    url: str = ""


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


def parse_article(slug: str, raw: str) -> Article:
    """Build an Article from a file's text, or raise ArticleError saying why."""
    name = f"{slug}.md"
    meta, body = _split_front_matter(raw, name)
    audience = _require(meta, "audience", name)
    topic = _require(meta, "topic", name)
    if audience not in AUDIENCES:
        raise ArticleError(f"{name}: unknown audience {audience!r}")
    if topic not in TOPICS:
        raise ArticleError(f"{name}: unknown topic {topic!r}")
    reviewed = _require(meta, "last_reviewed", name)
    if not isinstance(reviewed, date):
        raise ArticleError(f"{name}: last_reviewed must be a date (YYYY-MM-DD)")
    sources = tuple(
        Source(title=str(source["title"]), url=str(source.get("url", "")))
        for source in _require(meta, "sources", name)
    )
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
    )


@functools.cache
def all_articles() -> dict[str, Article]:
    """Return every article by slug, in title order (read once per process)."""
    articles = [
        parse_article(path.stem, path.read_text(encoding="utf-8"))
        for path in sorted(ARTICLES_DIR.glob("*.md"))
    ]
    return {
        article.slug: article for article in sorted(articles, key=lambda a: a.title)
    }


def get_article(slug: str) -> Article | None:
    return all_articles().get(slug)


def related_articles(article: Article) -> list[Article]:
    return [all_articles()[slug] for slug in article.related if slug in all_articles()]


def articles_by_topic() -> list[tuple[str, list[Article]]]:
    grouped = [
        (label, [a for a in all_articles().values() if a.topic == topic])
        for topic, label in TOPICS.items()
    ]
    return [(label, articles) for label, articles in grouped if articles]


def search(query: str) -> list[Article]:
    """Return the articles matching every word of the query, best first.

    A word in the title counts most, then the summary, then the body.
    """
    words = [word for word in re.findall(r"\w+", query.lower()) if len(word) > 1]
    if not words:
        return []
    scored = []
    for article in all_articles().values():
        fields = (article.title.lower(), article.summary.lower(), article.text.lower())
        if not all(any(word in field for field in fields) for word in words):
            continue
        score = sum(
            weight * field.count(word)
            for word in words
            for weight, field in zip((10, 4, 1), fields, strict=True)
        )
        scored.append((score, article.title, article))
    return [article for _, _, article in sorted(scored, key=lambda s: (-s[0], s[1]))]
