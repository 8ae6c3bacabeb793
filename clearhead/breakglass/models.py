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
from django.db.models import ExpressionWrapper, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clearhead.core import clock
from clearhead.core.models import PublicIdModel

DURATIONS = {15: _("15 minutes"), 30: _("30 minutes"), 60: _("1 hour")}


def open_at(instant) -> Q:
    """An access is open from `started_at` up to, not including, `ends_at`.

    The one definition: the policy (`care.policy`), the record page and the
    administrator's list all go through `EmergencyAccessQuerySet`, which
    applies it at `core.clock.now()`.
    """
    return Q(started_at__lte=instant, ends_at__gt=instant)


class EmergencyAccessQuerySet(models.QuerySet):
    def open(self) -> "EmergencyAccessQuerySet":
        """The accesses open now."""
        return self.filter(open_at(clock.now()))

    def with_is_open(self) -> "EmergencyAccessQuerySet":
        """Each access with `is_open`: whether it is open now."""
        return self.annotate(
            is_open=ExpressionWrapper(
                open_at(clock.now()), output_field=models.BooleanField()
            )
        )


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

    objects = EmergencyAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["patient", "-started_at"])]

    def __str__(self) -> str:
        return gettext("Emergency access %(started)s") % {
            "started": f"{self.started_at:%Y-%m-%d %H:%M}"
        }

    @classmethod
    def lasting(cls, minutes: int, **fields) -> "EmergencyAccess":
        now = clock.now()
        return cls(started_at=now, ends_at=now + timedelta(minutes=minutes), **fields)
