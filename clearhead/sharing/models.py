from datetime import timedelta

from django.db import models

from clearhead.care.models import Consent

# How long a supporter code works, in days: 14 unless the patient picks fewer.
SUPPORTER_CODE_DAYS = (1, 3, 7, 14)
SUPPORTER_CODE_LIFETIME = timedelta(days=max(SUPPORTER_CODE_DAYS))


class SupporterAlertSent(models.Model):
    """A claim that one missed-check-in e-mail went out for one gap.

    Unique per consent and first missed day, so however many workers run,
    a supporter hears once about each run of missed days.
    """

    consent = models.ForeignKey(
        Consent, on_delete=models.CASCADE, related_name="alerts_sent"
    )
    gap_start = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consent", "gap_start"], name="sharing_one_alert_per_gap"
            )
        ]

    def __str__(self) -> str:
        return f"Alert from {self.gap_start:%Y-%m-%d}"
