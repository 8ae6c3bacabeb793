from django.db.models import Count, Q

from clearhead.education.library import all_articles
from clearhead.education.models import ArticleFeedback


def feedback_summary() -> list[dict]:
    """Return yes/no counts per article, with the article's title, most first."""
    counts = (
        ArticleFeedback.objects.values("article_slug")
        .annotate(
            yes=Count("id", filter=Q(helpful=True)),
            no=Count("id", filter=Q(helpful=False)),
            total=Count("id"),
        )
        .order_by("-total", "article_slug")
    )
    articles = all_articles()
    return [
        row
        | {
            "title": getattr(
                articles.get(row["article_slug"]), "title", row["article_slug"]
            )
        }
        for row in counts
    ]


def feedback_recent_comments(limit: int = 50):
    return ArticleFeedback.objects.exclude(comment="")[:limit]
