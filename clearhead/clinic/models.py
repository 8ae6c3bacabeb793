from django.conf import settings
from django.db import models

from clearhead.core.models import PublicIdModel, TimestampedModel

LEVELS_OF_CARE = [
    ("outpatient", "Outpatient"),
    ("intensive_outpatient", "Intensive outpatient"),
    ("residential", "Residential"),
    ("inpatient", "Inpatient"),
]

# What a patient may choose to share with their care team. The consent
# records of a later release will hold these same codes.
SHARE_KINDS = {
    "checkin_summary": "My sober days, how often I check in, and early warnings",
    "checkins": "My full check-ins (cravings, mood, notes)",
    "plan": "My relapse-prevention plan and weekly routine",
    "screenings": "My saved self-assessments",
}


class Program(PublicIdModel, TimestampedModel):
    """A treatment program: the organisation whose clinicians share patients."""

    name = models.CharField(max_length=200)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return self.name


class ProgramMembership(models.Model):
    """A clinician's place in a program."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="memberships"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="program_memberships",
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "clinician"], name="clinic_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.clinician} in {self.program}"


class Enrollment(PublicIdModel, TimestampedModel):
    """A patient in a program's care, with their care team and what they share.

    `care_team` are the clinicians assigned to the patient; only they see the
    patient. `sharing` lists the SHARE_KINDS the patient agreed to share.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "In care"
        DISCHARGED = "discharged", "Discharged"

    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="enrollments"
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    level_of_care = models.CharField(
        max_length=30, choices=LEVELS_OF_CARE, default="outpatient"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    care_team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="caseload"
    )
    sharing = models.JSONField(default=list)
    started_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "patient"],
                condition=models.Q(status="active"),
                name="clinic_one_active_enrollment_per_program",
            )
        ]

    def __str__(self) -> str:
        return f"{self.patient} at {self.program}"

    def shares(self, kind: str) -> bool:
        return kind in self.sharing


class PatientInvitation(PublicIdModel):
    """A clinician's invitation for a patient to join their care, by e-mail or code.

    `code` is short enough to read out in a session (8 characters, no
    look-alike letters); only its hash is stored.
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(blank=True)
    level_of_care = models.CharField(
        max_length=30, choices=LEVELS_OF_CARE, default="outpatient"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    enrollment = models.OneToOneField(
        Enrollment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
    )

    def __str__(self) -> str:
        return f"Invitation to {self.program}"
