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
