from django.db.models import Count, Q

from clearhead.core.languages import ENGLISH
from clearhead.education.library import get_article
from clearhead.education.models import ArticleFeedback


def feedback_summary(language: str = ENGLISH) -> list[dict]:
    """Return yes/no counts per article, most first, each with the article
    as a reader of `language` gets it (None for an article since removed)."""
    counts = (
        ArticleFeedback.objects.values("article_slug")
        .annotate(
            yes=Count("id", filter=Q(helpful=True)),
            no=Count("id", filter=Q(helpful=False)),
            total=Count("id"),
        )
        .order_by("-total", "article_slug")
    )
    return [
        row | {"article": get_article(row["article_slug"], language)} for row in counts
    ]


def feedback_recent_comments(limit: int = 50):
    return ArticleFeedback.objects.exclude(comment="")[:limit]
