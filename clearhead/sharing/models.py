from datetime import date, timedelta

from django.conf import settings
from django.db import models

from clearhead.core import clock
from clearhead.core.models import PublicIdModel

# What a patient may let a supporter see. Nothing else is ever shown to one.
SUPPORTER_KINDS = {
    "sober_days": "My sober-day count",
    "checkin_adherence": "How often I check in (not what I write)",
    "missed_checkin_alerts": "An e-mail to them if I miss check-ins for 3 days",
}
PURPOSES = {
    "family_support": "So that they can support me in my recovery",
    "patient_request": "At my request",
    "treatment": "For my treatment",
}
# The patient's right to revoke, and what revoking cannot undo (42 CFR 2.31).
REVOCATION_STATEMENT = (
    "I can revoke this consent at any time, here in Clearhead, and it stops "
    "at once. Revoking does not undo what was already shared while it was in force."
)
# The notice that must go with disclosed information (42 CFR 2.32, short form).
REDISCLOSURE_NOTICE = (
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
)


# How long a supporter code works, in days: 14 unless the patient picks fewer.
SUPPORTER_CODE_DAYS = (1, 3, 7, 14)
SUPPORTER_CODE_LIFETIME = timedelta(days=max(SUPPORTER_CODE_DAYS))


class SupporterLink(PublicIdModel):
    """A patient's invitation to a family member or friend, and the link once accepted.

    The code works once, until `expires_at`, and not after the patient
    cancels it (`ended_at` while never accepted).
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supporter_links",
    )
    supporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supporting",
    )
    relation = models.CharField(max_length=60, blank=True)
    code_hash = models.CharField(max_length=64, unique=True)
    invited_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.supporter or self.invited_email} supports {self.patient}"

    @property
    def is_pending(self) -> bool:
        """Not yet accepted, not cancelled, and its code still works now."""
        return (
            self.accepted_at is None
            and self.ended_at is None
            and self.expires_at > clock.now()
        )


class Consent(PublicIdModel):
    """A patient's written consent to disclose named information to a named person.

    Holds the elements a valid consent needs: whose information (`patient`),
    who discloses (Clearhead, for the patient), to whom (`link.supporter`),
    why (`purpose`), what (`kinds`), until when (`expires_on`), the patient's
    signature (their typed name, and when), and the right to revoke. It grants
    access only while signed, unexpired and not revoked.
    """

    # The recipient: a supporter (through their link) or a care team (through
    # the enrollment). Exactly one is set.
    link = models.ForeignKey(
        SupporterLink,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consents",
    )
    enrollment = models.ForeignKey(
        "clinic.Enrollment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consents",
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents_given",
    )
    purpose = models.CharField(max_length=30)
    kinds = models.JSONField()
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = models.CharField(
        max_length=60, blank=True, help_text='For example "end of treatment".'
    )
    signature = models.CharField(max_length=120)
    signed_at = models.DateTimeField()
    revocation_statement = models.TextField(default=REVOCATION_STATEMENT)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(link__isnull=True, enrollment__isnull=False)
                | models.Q(link__isnull=False, enrollment__isnull=True),
                name="sharing_consent_one_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"Consent {self.signed_at:%Y-%m-%d}"

    def in_force_on(self, today: date) -> bool:
        """Whether the consent is in force on the patient's `today`.

        The same rule as active_consents_q, for a consent already loaded:
        not revoked, and not past its last day where the patient lives.
        """
        unexpired = self.expires_on is None or today <= self.expires_on
        return self.revoked_at is None and unexpired

    @property
    def is_active(self) -> bool:
        """In force now: its end date is read on the patient's own today."""
        return self.in_force_on(clock.today_for(self.patient))

    @property
    def kind_labels(self) -> list[str]:
        from clearhead.clinic.models import SHARE_KINDS

        labels = SUPPORTER_KINDS | SHARE_KINDS
        return [labels[kind] for kind in self.kinds if kind in labels]


def active_consents_q(today) -> models.Q:
    """Consents in force on `today`: signed, not revoked, not past their end.

    `today` is the patient's (core.clock.today_for). Across patients, pass
    the earliest of their todays and check each with Consent.in_force_on.
    """
    return models.Q(revoked_at=None) & (
        models.Q(expires_on=None) | models.Q(expires_on__gte=today)
    )


def care_team_kinds(today_by_enrollment: dict[int, date]) -> dict[int, set[str]]:
    """What each enrollment's care team may see, in one query.

    `today_by_enrollment` maps enrollment ids to the patient's today
    (core.clock.today_for): a consent ends at the end of its last day where
    the patient lives.
    """
    kinds = {pk: set() for pk in today_by_enrollment}
    if not kinds:
        return kinds
    earliest = min(today_by_enrollment.values())
    for enrollment_id, granted, expires_on in Consent.objects.filter(
        active_consents_q(earliest), enrollment__in=kinds
    ).values_list("enrollment_id", "kinds", "expires_on"):
        if expires_on is None or expires_on >= today_by_enrollment[enrollment_id]:
            kinds[enrollment_id].update(granted)
    return kinds


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
