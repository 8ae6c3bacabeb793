from django.db import models


class ArticleFeedback(models.Model):
    """An anonymous "Was this helpful?" answer about one article.

    Nothing links it to a person: no account, no address. The comment is
    optional and shown only to administrators in the feedback report.
    """

    article_slug = models.SlugField(max_length=80, db_index=True)
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.article_slug}: {'helpful' if self.helpful else 'not helpful'}"
