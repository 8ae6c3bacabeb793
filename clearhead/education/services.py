import hashlib

from django.conf import settings
from django.core.cache import cache

from clearhead.education.models import ArticleFeedback

FEEDBACK_LIMIT = 5
FEEDBACK_WINDOW_SECONDS = 60 * 60


class FeedbackRateLimited(Exception):
    """This address has sent as much feedback as it may for now."""


def _rate_key(client_address: str) -> str:
    # The address is hashed with the secret key, so the cache never holds it.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address}".encode())
    return f"education:feedback:{digest.hexdigest()[:32]}"


def feedback_create(
    *, article_slug: str, helpful: bool, comment: str, client_address: str
) -> ArticleFeedback:
    """Store one anonymous answer to "Was this helpful?".

    At most FEEDBACK_LIMIT answers an hour from one address; past that,
    raise FeedbackRateLimited. No audit row: nothing here is about a person.
    """
    key = _rate_key(client_address or "unknown")
    cache.add(key, 0, FEEDBACK_WINDOW_SECONDS)
    if cache.incr(key) > FEEDBACK_LIMIT:
        raise FeedbackRateLimited
    return ArticleFeedback.objects.create(
        article_slug=article_slug, helpful=helpful, comment=comment.strip()
    )
