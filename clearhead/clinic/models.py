from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from clearhead.care.models import LEVELS_OF_CARE, Enrollment, Program
from clearhead.core import clock
from clearhead.core.local_times import instant_of
from clearhead.core.models import PublicIdModel


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
        return gettext("Invitation to %(program)s") % {"program": self.program}


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
        return gettext("Intake %(day)s") % {"day": f"{self.created_at:%Y-%m-%d}"}


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
        return gettext("%(from_level)s to %(to_level)s") % {
            "from_level": self.from_level,
            "to_level": self.to_level,
        }


# Names that go into the FHIR export (interop.fhir) as well as onto pages
# are English data, marked with gettext_noop: the export stays English
# whatever the reader's language, and pages translate them where they show
# them (`translated_choices`, `{% translate phase.get_kind_display %}`).
PLAN_PHASES = [
    ("assessment", gettext_noop("Assessment")),
    ("withdrawal", gettext_noop("Withdrawal management (detox)")),
    ("therapy", gettext_noop("Therapy")),
    ("complementary", gettext_noop("Complementary support")),
    ("aftercare", gettext_noop("Aftercare")),
]
INTERVENTIONS = {
    "individual_therapy": gettext_noop("Individual therapy"),
    "group_therapy": gettext_noop("Group therapy"),
    "family_therapy": gettext_noop("Family therapy"),
    "cbt": gettext_noop("Cognitive behavioral therapy (CBT)"),
    "motivational": gettext_noop("Motivational interviewing / enhancement therapy"),
    "contingency_management": gettext_noop("Contingency management"),
    "art_therapy": gettext_noop("Art therapy"),
    "medication_management": gettext_noop(
        "Medication management for co-occurring conditions"
    ),
    "mindfulness": gettext_noop("Mindfulness or meditation"),
    "yoga_qigong": gettext_noop("Yoga or qigong"),
    "acupuncture": gettext_noop("Acupuncture"),
    "massage": gettext_noop("Massage"),
    "support_groups": gettext_noop("Support-group attendance"),
    "supervised_withdrawal": gettext_noop("Supervised withdrawal"),
}
STATUSES = [
    ("planned", _("Planned")),
    ("active", _("Active")),
    ("done", _("Done")),
    ("stopped", _("Stopped")),
]


def translated_choices(choices) -> list[tuple[str, str]]:
    """(value, label) pairs whose English labels (marked with gettext_noop)
    are shown in the reader's language, for a form's choices."""
    return [(value, _(label)) for value, label in choices]


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
    # A withdrawal phase added, planned, when the patient joined, because
    # the self-check results they had saved said "detox first": the saved
    # result's public id (screening.ScreeningResult), and whether a clinician
    # has yet to confirm it (saving the phase confirms it).
    self_check_result_id = models.UUIDField(null=True, blank=True)
    awaiting_confirmation = models.BooleanField(default=False)
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
        """The interventions' names in English, as the FHIR export gives them."""
        return [
            INTERVENTIONS[code] for code in self.interventions if code in INTERVENTIONS
        ]

    @property
    def intervention_names(self) -> list[str]:
        """The interventions' names in the reader's language, for pages."""
        return [gettext(label) for label in self.intervention_labels]


class PlanGoal(PublicIdModel):
    """A goal within a phase, with a measurable objective."""

    phase = models.ForeignKey(PlanPhase, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(max_length=300)
    objective = models.CharField(
        max_length=300, help_text=_("How progress is measured.")
    )
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
        return gettext("Review %(day)s") % {"day": f"{self.reviewed_at:%Y-%m-%d}"}


class Appointment(PublicIdModel):
    """A session booked with the patient, kept by the clock where it happens.

    The truth is the wall time the clinician typed (`starts_on`,
    `start_time`) in the program's zone when it was booked (`time_zone`, an
    IANA name): "3:00 PM on 3 December in America/Chicago" stays 3:00 PM in
    Chicago whatever the offset that day. `starts_at` is the UTC instant
    worked out from them on every save (`core.local_times.instant_of`), kept
    for ordering and range queries (reminders, the next appointment); write
    the wall time, never `starts_at` on its own.
    """

    class Kind(models.TextChoices):
        # English in the FHIR export and calendar files: see PLAN_PHASES.
        INDIVIDUAL = "individual", gettext_noop("Individual session")
        GROUP = "group", gettext_noop("Group session")
        FAMILY = "family", gettext_noop("Family session")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="appointments"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    starts_on = models.DateField()
    start_time = models.TimeField()
    time_zone = models.CharField(max_length=64)
    starts_at = models.DateTimeField(editable=False)
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
        return f"{self.get_kind_display()} {self.starts_on} {self.start_time:%H:%M}"

    def save(self, *args, **kwargs):
        # The instant always follows the wall time (see the docstring).
        self.starts_at = instant_of(self.starts_on, self.start_time, self.time_zone)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "starts_at"}
        super().save(*args, **kwargs)

    @property
    def ends_at(self):
        """The UTC instant it ends (`minutes` of elapsed time after the start)."""
        return self.starts_at + timedelta(minutes=self.minutes)


class ProgressNote(PublicIdModel):
    """A progress note in DAP form. Once signed it is locked: corrections are addenda."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    data = models.TextField(_("Data"), max_length=5000)
    assessment = models.TextField(_("Assessment"), max_length=5000)
    plan = models.TextField(_("Plan"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return gettext("Note %(day)s") % {"day": f"{self.created_at:%Y-%m-%d}"}

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
        return gettext("Addendum %(day)s") % {"day": f"{self.created_at:%Y-%m-%d}"}


# English in the FHIR export: see PLAN_PHASES.
SUBSTANCES = {
    "ketamine": gettext_noop("Ketamine"),
    "norketamine": gettext_noop("Norketamine (ketamine metabolite)"),
    "alcohol": gettext_noop("Alcohol"),
    "benzodiazepines": gettext_noop("Benzodiazepines"),
    "opioids": gettext_noop("Opioids"),
    "cocaine": gettext_noop("Cocaine"),
    "amphetamines": gettext_noop("Amphetamines"),
    "cannabis": gettext_noop("Cannabis"),
    "mdma": gettext_noop("MDMA"),
    "ghb": gettext_noop("GHB"),
}
# A drug test's result for one substance (DrugTest.results values), in words.
TEST_RESULT_WORDS = {
    "negative": _("negative"),
    "positive": _("positive"),
    "inconclusive": _("inconclusive"),
}


class DrugTest(PublicIdModel):
    class Specimen(models.TextChoices):
        # English in the FHIR export: see PLAN_PHASES.
        URINE = "urine", gettext_noop("Urine")
        SALIVA = "saliva", gettext_noop("Saliva")
        BLOOD = "blood", gettext_noop("Blood")
        HAIR = "hair", gettext_noop("Hair")

    class Method(models.TextChoices):
        POINT_OF_CARE = "point_of_care", gettext_noop("Point-of-care test")
        LABORATORY = "laboratory", gettext_noop("Laboratory test")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="drug_tests"
    )
    collected_on = models.DateField()
    specimen = models.CharField(max_length=20, choices=Specimen.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    results = models.JSONField(
        help_text=_("Substance code to negative, positive or inconclusive.")
    )
    notes = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-collected_on"]

    def __str__(self) -> str:
        return gettext("Drug test %(day)s") % {"day": self.collected_on}

    def result_phrases(self) -> list[str]:
        """Each substance's result in the reader's language, for pages:
        ["Ketamine positive", "Alcohol negative"]."""
        return [
            gettext("%(substance)s %(result)s")
            % {
                "substance": gettext(SUBSTANCES.get(code, code)),
                "result": TEST_RESULT_WORDS.get(result, result),
            }
            for code, result in self.results.items()
        ]

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
        return gettext("Reminder for %(appointment)s") % {
            "appointment": self.appointment
        }


class ContactLog(PublicIdModel):
    """One time someone on the care team reached out to the patient, or tried to.

    `kind` says how: a call, a message, a visit, or a call that was not
    answered. `at` is the UTC instant it happened (now, unless the
    clinician logs it afterwards); pages show it in the program's zone.
    `note` is optional and short (at most 1,000 characters), for what the
    next person to call should know, never copied into the audit trail.

    "Last contact" everywhere means the latest `at` of an enrollment's
    rows, whatever their kind (`clinic.selectors.last_contacts`): an
    unanswered call is still the team reaching out, and the patient page
    names the kind beside it. Example: Casey calls Pat at 3:05 PM in
    Chicago and Pat does not pick up: ContactLog(enrollment=pat's,
    clinician=casey, kind="no_answer", at=21:05 UTC).
    """

    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        MESSAGE = "message", _("Message")
        VISIT = "visit", _("Visit")
        NO_ANSWER = "no_answer", _("Called, no answer")

    NOTE_MAX_LENGTH = 1000

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="contacts"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=clock.now)
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # last_contacts reads the latest `at` per enrollment.
            models.Index(fields=["enrollment", "at"], name="clinic_contact_latest")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class OutcomesWeek(models.Model):
    """One closed week of a program's outcomes report, as the report computed
    it (clinic.outcomes): the check-in figures of the patients sharing them,
    and the drug tests.

    A week is closed when no check-in can be added to it any more, in any
    zone (recovery.checkin_days.closed_through). Its figures then change only
    when a consent is given or revoked, a drug test is recorded, check-ins
    are removed or written for a named old day (those writes raise the
    program's `outcomes_generation`, and a row counts only under the
    generation it was made in), or a consent ends by date, which writes
    nothing: `filled_at` (when it was made) tells the reader which consents
    may have ended since.
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="outcomes_weeks"
    )
    monday = models.DateField()
    generation = models.PositiveBigIntegerField()
    filled_at = models.DateTimeField()
    # The check-in figures (outcomes._FIGURES): (enrollment, check-in) pairs,
    # their craving and abstinent sums, distinct days, patients who gave any;
    # the same for those sharing cravings.
    n = models.PositiveIntegerField()
    craving = models.PositiveIntegerField()
    abstinent = models.PositiveIntegerField()
    days = models.PositiveIntegerField()
    gave = models.PositiveIntegerField()
    cn = models.PositiveIntegerField()
    cc = models.PositiveIntegerField()
    craved = models.PositiveIntegerField()
    # Drug tests collected in the week: all, negative for ketamine, and the
    # distinct patients tested.
    tests = models.PositiveIntegerField()
    negative = models.PositiveIntegerField()
    tested = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "monday"], name="clinic_outcomes_week_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program_id} {self.monday}"
