"""Emergency ("break-glass") access: an administrator opens one patient's record.

Administrators do not see health information. In an emergency (a patient in
danger and no clinician reachable, a legal order) one may open a single
patient's record for a short, fixed time after giving a reason. The access is
written to the audit log and shown to the patient at the top of "who has seen
my record", and the patient is e-mailed.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models

from clearhead.core import clock
from clearhead.core.models import PublicIdModel

DURATIONS = {15: "15 minutes", 30: "30 minutes", 60: "1 hour"}


class EmergencyAccess(PublicIdModel):
    admin = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="emergency_accesses",
    )
    reason = models.TextField()
    started_at = models.DateTimeField(default=clock.now)
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["patient", "-started_at"])]

    def __str__(self) -> str:
        return f"Emergency access {self.started_at:%Y-%m-%d %H:%M}"

    @classmethod
    def lasting(cls, minutes: int, **fields) -> "EmergencyAccess":
        now = clock.now()
        return cls(started_at=now, ends_at=now + timedelta(minutes=minutes), **fields)

    def is_open(self, now=None) -> bool:
        return (now or clock.now()) < self.ends_at
