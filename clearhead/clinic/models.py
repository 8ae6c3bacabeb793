from django.conf import settings
from django.db import models

from clearhead.core import clock
from clearhead.core.models import PublicIdModel, TimestampedModel
from clearhead.sharing.models import care_team_kinds

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
    # Shown to the program's patients, so they know where and whom to call.
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=40, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Where the program works: staff read times in it, and it is a patient's
    # "today" until they choose a zone of their own (core.clock).
    time_zone = models.CharField(max_length=64, default=clock.region_time_zone)

    def __str__(self) -> str:
        return self.name

    @property
    def time_zone_label(self) -> str:
        return clock.time_zone_label(self.time_zone)

    @property
    def place(self) -> str:
        """The address on one line, from whichever parts are given."""
        return ", ".join(part for part in (self.address, self.city, self.state) if part)


class ProgramMembership(models.Model):
    """A clinician's place in a program, from `joined_at` until `ended_at`.

    A membership is current while `ended_at` is empty. Ending one keeps the
    row (who was in the program, and when, is history an audit needs), and
    a clinician can be added again later: a new row, the old one kept.
    Only a current member sees the program's patients (clinic.policies).
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="memberships"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="program_memberships",
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "clinician"],
                condition=models.Q(ended_at__isnull=True),
                name="clinic_one_current_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.clinician} in {self.program}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None


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

    @property
    def sharing(self) -> list[str]:
        """What the care team may see now: the kinds of the consents in force.

        Read from the consents each time it is first needed in a request (or
        set in bulk by the caseload), never stored on the enrollment, so a
        revoked or expired consent stops access at once.
        """
        if getattr(self, "_sharing", None) is None:
            kinds = care_team_kinds({self.pk: clock.today_for(self.patient)})
            self.set_sharing(kinds[self.pk])
        return self._sharing

    def set_sharing(self, kinds) -> None:
        self._sharing = sorted(kinds)

    def forget_sharing(self) -> None:
        self._sharing = None

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


class IntakeAssessment(PublicIdModel):
    """A clinician's intake: instruments given, level-of-care guidance, decision.

    `care_answers` and `guidance` are the level-of-care instrument's answers
    and result as scored then; `level_chosen` is the clinician's decision,
    with `reason` when it differs from the guidance.
    """

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="intakes"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    care_answers = models.JSONField()
    guidance = models.JSONField()
    level_chosen = models.CharField(max_length=30, choices=LEVELS_OF_CARE, blank=True)
    reason = models.TextField(blank=True, max_length=2000)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Intake {self.created_at:%Y-%m-%d}"


class LevelChange(models.Model):
    """A move between levels of care, for outcomes reporting."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="level_changes"
    )
    from_level = models.CharField(max_length=30, choices=LEVELS_OF_CARE)
    to_level = models.CharField(max_length=30, choices=LEVELS_OF_CARE)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True, max_length=2000)
    changed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.from_level} to {self.to_level}"


PLAN_PHASES = [
    ("assessment", "Assessment"),
    ("withdrawal", "Withdrawal management (detox)"),
    ("therapy", "Therapy"),
    ("complementary", "Complementary support"),
    ("aftercare", "Aftercare"),
]
INTERVENTIONS = {
    "individual_therapy": "Individual therapy",
    "group_therapy": "Group therapy",
    "family_therapy": "Family therapy",
    "cbt": "Cognitive behavioral therapy (CBT)",
    "motivational": "Motivational interviewing / enhancement therapy",
    "contingency_management": "Contingency management",
    "art_therapy": "Art therapy",
    "medication_management": "Medication management for co-occurring conditions",
    "mindfulness": "Mindfulness or meditation",
    "yoga_qigong": "Yoga or qigong",
    "acupuncture": "Acupuncture",
    "massage": "Massage",
    "support_groups": "Support-group attendance",
    "supervised_withdrawal": "Supervised withdrawal",
}
STATUSES = [
    ("planned", "Planned"),
    ("active", "Active"),
    ("done", "Done"),
    ("stopped", "Stopped"),
]


class PlanPhase(PublicIdModel):
    """One phase of a patient's treatment plan."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(max_length=20, choices=PLAN_PHASES)
    status = models.CharField(max_length=20, choices=STATUSES, default="planned")
    target_date = models.DateField(null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    interventions = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "kind"], name="clinic_one_phase_each"
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def intervention_labels(self) -> list[str]:
        return [
            INTERVENTIONS[code] for code in self.interventions if code in INTERVENTIONS
        ]


class PlanGoal(PublicIdModel):
    """A goal within a phase, with a measurable objective."""

    phase = models.ForeignKey(PlanPhase, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(max_length=300)
    objective = models.CharField(max_length=300, help_text="How progress is measured.")
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=STATUSES, default="active")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description


class PlanReview(models.Model):
    """A review of the plan, e.g. after a lapse, and what was decided."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="reviews"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.TextField(max_length=3000)
    new_level = models.CharField(max_length=30, choices=LEVELS_OF_CARE, blank=True)
    reviewed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Review {self.reviewed_at:%Y-%m-%d}"


class Appointment(PublicIdModel):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual session"
        GROUP = "group", "Group session"
        FAMILY = "family", "Family session"

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="appointments"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=50)
    place = models.CharField(max_length=200, blank=True)
    video_url = models.URLField(blank=True)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"


class ProgressNote(PublicIdModel):
    """A progress note in DAP form. Once signed it is locked: corrections are addenda."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    data = models.TextField("Data", max_length=5000)
    assessment = models.TextField("Assessment", max_length=5000)
    plan = models.TextField("Plan", max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note {self.created_at:%Y-%m-%d}"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class NoteAddendum(models.Model):
    note = models.ForeignKey(
        ProgressNote, on_delete=models.CASCADE, related_name="addenda"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Addendum {self.created_at:%Y-%m-%d}"


SUBSTANCES = {
    "ketamine": "Ketamine",
    "norketamine": "Norketamine (ketamine metabolite)",
    "alcohol": "Alcohol",
    "benzodiazepines": "Benzodiazepines",
    "opioids": "Opioids",
    "cocaine": "Cocaine",
    "amphetamines": "Amphetamines",
    "cannabis": "Cannabis",
    "mdma": "MDMA",
    "ghb": "GHB",
}


class DrugTest(PublicIdModel):
    class Specimen(models.TextChoices):
        URINE = "urine", "Urine"
        SALIVA = "saliva", "Saliva"
        BLOOD = "blood", "Blood"
        HAIR = "hair", "Hair"

    class Method(models.TextChoices):
        POINT_OF_CARE = "point_of_care", "Point-of-care test"
        LABORATORY = "laboratory", "Laboratory test"

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="drug_tests"
    )
    collected_on = models.DateField()
    specimen = models.CharField(max_length=20, choices=Specimen.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    results = models.JSONField(
        help_text="Substance code to negative, positive or inconclusive."
    )
    notes = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-collected_on"]

    def __str__(self) -> str:
        return f"Drug test {self.collected_on}"

    @property
    def ketamine_positive(self) -> bool:
        return "positive" in (
            self.results.get("ketamine"),
            self.results.get("norketamine"),
        )


class AppointmentReminderSent(models.Model):
    """An appointment reminder, claimed once, however many workers run."""

    appointment = models.OneToOneField(
        Appointment, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Reminder for {self.appointment}"
