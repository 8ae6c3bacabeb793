from clearhead.core.ratelimit import RateLimited, take
from clearhead.education.models import ArticleFeedback

FEEDBACK_LIMIT = 5
FEEDBACK_WINDOW_SECONDS = 60 * 60


class FeedbackRateLimited(RateLimited):
    """This address has sent as much feedback as it may for now."""


def feedback_create(
    *, article_slug: str, helpful: bool, comment: str, client_address: str
) -> ArticleFeedback:
    """Store one anonymous answer to "Was this helpful?".

    At most FEEDBACK_LIMIT answers an hour from one address; past that,
    raise FeedbackRateLimited. No audit row: nothing here is about a person.
    """
    try:
        take(
            scope="feedback",
            client_address=client_address,
            limit=FEEDBACK_LIMIT,
            window_seconds=FEEDBACK_WINDOW_SECONDS,
        )
    except RateLimited:
        raise FeedbackRateLimited from None
    return ArticleFeedback.objects.create(
        article_slug=article_slug, helpful=helpful, comment=comment.strip()
    )
