import uuid

from django.db import models


class PublicIdModel(models.Model):
    """A model whose rows are named outside the database by a random UUID.

    Integer primary keys never leave the database: URLs, API payloads and FHIR
    resource ids use `public_id`, which reveals neither counts nor order.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PublicContentVersion(models.Model):
    """One number that moves on whenever what public pages show changes.

    The cached public pages (`clearhead.core.public_cache`) are keyed on it:
    a write of public content (a directory import, a listing edited)
    moves it on in the write's own transaction, so the next request reads a
    new number and renders afresh. It lives in the database, not in the
    cache, so every server process sees a change at once, with or without a
    shared cache. One row (pk 1), made by the migration.
    """

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"public content version {self.number}"
