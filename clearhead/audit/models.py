from django.conf import settings
from django.db import models

from clearhead.audit.actions import AuditAction
from clearhead.audit.integrity import event_mac
from clearhead.core import clock
from clearhead.core.models import PublicIdModel


class AuditEvent(PublicIdModel):
    """One view or change of a person's information, or a security event.

    `actor` is who acted and `patient` whose record was touched; they differ
    when a clinician opens a patient's check-ins, and are the same when a
    patient changes their own password. `subject_type` and `subject_id` name
    the record ("recovery.checkin", its public id). `channel` is the page or
    API operation it went through and `ip_address` where the request came
    from. `extra` holds field names and ids only, never clinical free text.

    Example: a clinician reading Pat's check-ins on the caseload page is
    AuditEvent(actor=casey, patient=pat, action=CHECKINS_VIEWED,
    subject_type="recovery.checkin", channel="clinic:patient_detail").
    """

    # Read through the clock, and set before saving, so the MAC can cover it.
    occurred_at = models.DateTimeField(default=clock.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events_as_actor",
    )
    # The actor's role at the time, kept even if the role later changes.
    actor_role = models.CharField(max_length=20, blank=True)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events_as_patient",
    )
    # An AuditAction number. Not a `choices` field, so that adding an action
    # never needs a migration.
    action = models.PositiveSmallIntegerField()
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=120, blank=True)
    method = models.CharField(max_length=10, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    # Set when the event is sealed into the hash chain (see chain.py): its
    # place in the chain, and the SHA-256 of its fields and the previous hash.
    sequence = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    chain_hash = models.CharField(max_length=64, blank=True)
    # HMAC-SHA256 of the fields above (not sequence and chain_hash) under
    # CLEARHEAD_AUDIT_KEY, set when the event is written (see integrity.py).
    mac = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["patient", "-occurred_at"]),
            models.Index(fields=["actor", "-occurred_at"]),
        ]

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and not self.mac:
            self.mac = event_mac(self)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.action_label} at {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        try:
            return AuditAction(self.action).label
        except ValueError:
            return f"action {self.action}"
