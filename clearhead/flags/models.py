"""Stored early-warning flags: clinical data with their evidence and review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clearhead.core.models import PublicIdModel
from clearhead.flags.definitions import FLAG_KINDS, FlagKind, flag_kind


class Flag(PublicIdModel):
    """One flag on a patient, open until an event or its window clears it.

    `evidence` is a list of {"type": "checkin"|"drug_test"|"screening_result"
    |"early_recovery", "id": "<public uuid>", "day": "YYYY-MM-DD"}: the
    records it rests on,
    named by public id (they live in apps above this one). At most one open
    flag of each kind per patient.
    """

    class ClearedReason(models.TextChoices):
        RESOLVED = "resolved", _("Resolved by newer information")
        EXPIRED = "expired", _("Its window passed")

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    kind = models.CharField(
        max_length=30,
        choices=[(kind.code, kind.clinician_label) for kind in FLAG_KINDS],
    )
    since = models.DateField(help_text="The patient's day the condition began.")
    evidence = models.JSONField(default=list)
    raised_at = models.DateTimeField()
    holds_until = models.DateField(
        null=True,
        blank=True,
        help_text="The last patient day it holds on present evidence; "
        "empty: until an event clears it.",
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_reason = models.CharField(
        max_length=10, choices=ClearedReason.choices, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_note = models.TextField(max_length=1000, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    notifications = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "kind"],
                condition=Q(cleared_at=None),
                name="flags_one_open_flag_per_kind",
            )
        ]
        indexes = [
            models.Index(
                fields=["patient"],
                condition=Q(cleared_at=None),
                name="flags_open_by_patient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} since {self.since}"

    @property
    def code(self) -> str:
        return self.kind

    @property
    def definition(self) -> FlagKind:
        return flag_kind(self.kind)

    @property
    def label(self) -> str:
        """The care team's name for the flag, in the active language."""
        return str(self.definition.clinician_label)

    @property
    def urgency(self) -> int:
        return self.definition.urgency

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None

    @property
    def evidence_ids(self) -> list[str]:
        return [entry["id"] for entry in self.evidence]

    def as_dict(self) -> dict:
        """The API's shape: {"code", "since", "evidence": [public ids]}."""
        return {"code": self.kind, "since": self.since, "evidence": self.evidence_ids}


class FlagEvaluation(models.Model):
    """The patient day their flags were last re-evaluated by the daily pass.

    The worker runs every minute; this keeps it to one evaluation per
    patient per day of theirs (when their today changes).
    """

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    evaluated_on = models.DateField()

    def __str__(self) -> str:
        return f"Flags evaluated on {self.evaluated_on}"


# The stored order of a caseload row with no flag the care team may see: after
# every flagged row (flags.selectors.care_team_rank).
NO_FLAG_RANK = 2 * (len(FLAG_KINDS) + 1) + len(FLAG_KINDS)


class CaseloadEntry(models.Model):
    """What a caseload orders, filters and counts one enrollment by, stored.

    The flags its care team may see (care.policy's consent in force and
    single disclosures, each flag holding on the patient's today) folded
    into `rank` (flags.selectors.care_team_rank: lower is more urgent), one
    `CaseloadFlag` per such flag, and whether the team sees check-ins.
    Written only by `flags.services.caseload_entries_refresh`: when a flag
    is raised, cleared or reviewed, or changes in what this shows (whether
    it is reviewed, whether it holds today), when the care team's consent
    changes, and by the worker's daily pass (consents and windows that end
    by date). An enrollment without one has no flag (NO_FLAG_RANK).
    The caseload page reads it to pick its page in one ordered, LIMITed
    query; the rows shown are then read in full through the policy.
    """

    enrollment = models.OneToOneField(
        "care.Enrollment",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="caseload_entry",
    )
    rank = models.PositiveSmallIntegerField(default=NO_FLAG_RANK)
    shares_checkins = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "caseload entries"

    def __str__(self) -> str:
        return f"Caseload entry of enrollment {self.enrollment_id}"


class CaseloadFlag(models.Model):
    """One flag a care team may see, as its caseload counts and filters it."""

    entry = models.ForeignKey(
        CaseloadEntry, on_delete=models.CASCADE, related_name="flags"
    )
    code = models.CharField(max_length=30)
    reviewed = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["entry", "code"], name="flags_caseload_entry_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} on enrollment {self.entry_id}"
