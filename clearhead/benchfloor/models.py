from django.conf import settings
from django.db import models


class FloorRow(models.Model):
    """A row as wide as a check-in, written by the benchmark's floor endpoint.

    `make bench` compares the check-in API with a bare endpoint that
    authenticates the same way and inserts one of these with the one audit
    event every write of patient data records (benchfloor.services): the
    cost of the framework, the database, the row and the audit design,
    without Clearhead's own work.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    client_id = models.UUIDField()
    day = models.DateField()
    craving = models.PositiveSmallIntegerField()
    mood = models.PositiveSmallIntegerField()
    stress = models.PositiveSmallIntegerField(null=True)
    sleep_hours = models.DecimalField(max_digits=3, decimal_places=1, null=True)
    used_ketamine = models.BooleanField()
    other_substances = models.JSONField(default=list)
    triggers = models.JSONField(default=list)
    risky_situation = models.BooleanField(default=False)
    coping = models.JSONField(default=list)
    confidence = models.PositiveSmallIntegerField(null=True)
    self_harm_thoughts = models.BooleanField()
    body_symptoms = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Floor row {self.pk}"
