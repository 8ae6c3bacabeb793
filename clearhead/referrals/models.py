"""A referral a person sends to a program that runs Clearhead.

Nobody has an account here: the person is reached by the phone or e-mail
they gave, and reads the status through a secret link whose token is kept
only as its SHA-256 hash (`token_hash`). Withdrawing empties every field the
person sent (`referral_withdraw`); a closed referral is deleted after its
program's retention period (`ReferralSettings.retention_days`).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clearhead.core.models import PublicIdModel, TimestampedModel

DEFAULT_RETENTION_DAYS = 365
MIN_RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 3650


class Status(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    SCHEDULED = "scheduled", _("Appointment scheduled")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    ADMITTED = "admitted", _("Started care at the program")
    DECLINED = "declined", _("Decided not to go ahead")
    UNREACHABLE = "unreachable", _("Could not be reached")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred to another service")
    WITHDRAWN = "withdrawn", _("Withdrawn by the person")
    # Closed by the worker's daily pass (services.referrals_close_consent_ended).
    CONSENT_ENDED = "consent_ended", _("The consent to share ended")


class ReferralSettings(models.Model):
    """A program's referral settings, set by its administrator."""

    program = models.OneToOneField(
        "care.Program", on_delete=models.CASCADE, related_name="referral_settings"
    )
    retention_days = models.PositiveIntegerField(
        default=DEFAULT_RETENTION_DAYS,
        validators=[
            MinValueValidator(MIN_RETENTION_DAYS),
            MaxValueValidator(MAX_RETENTION_DAYS),
        ],
    )

    def __str__(self) -> str:
        return f"Referral settings of {self.program}"


class Referral(PublicIdModel, TimestampedModel):
    """One person's request to be contacted by a program, with what they chose
    to send. `parts` holds, per self-check part the person ticked, its
    instrument id, title and the plain sentence the results page showed."""

    program = models.ForeignKey(
        "care.Program", on_delete=models.CASCADE, related_name="referrals"
    )
    facility = models.ForeignKey(
        "directory.Facility",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    close_reason = models.CharField(
        max_length=20, choices=CloseReason.choices, blank=True
    )
    parts = models.JSONField(default=list, blank=True)
    name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    best_time = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=8, blank=True)
    consent_text = models.TextField(blank=True)
    signature = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField()
    contacted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at"]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"Referral {self.public_id} to {self.program_id}"

    @property
    def is_withdrawn(self) -> bool:
        return self.close_reason == CloseReason.WITHDRAWN
