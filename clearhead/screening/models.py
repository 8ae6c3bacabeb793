from django.conf import settings
from django.db import models

from clearhead.core.models import PublicIdModel


class ScreeningResult(PublicIdModel):
    """One completed instrument, kept because its owner chose to save it.

    `answers` are exactly as validated by the instrument's schema and
    `result` exactly as its scoring function returned them, under the
    instrument's id and version at the time, so later changes to an
    instrument never rewrite an old score. `administered_by` is the
    clinician who gave it at intake, or None when the patient took it alone.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="screening_results",
    )
    instrument_id = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=20)
    answers = models.JSONField()
    result = models.JSONField()
    administered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "instrument_id"]
        indexes = [models.Index(fields=["patient", "instrument_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.instrument_id} {self.instrument_version}"
