from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clearhead.core.models import PublicIdModel, TimestampedModel
from clearhead.recovery.choices import COPING, OTHER_SUBSTANCES, TRIGGERS


def _scale(low: int, high: int):
    return [MinValueValidator(low), MaxValueValidator(high)]


# "Weekday evenings after 6": a few words, not a timetable.
BEST_TIME_MAX = 100


class RecoveryProfile(PublicIdModel, TimestampedModel):
    """What a person in recovery told us at onboarding, and can change later.

    `stop_date` is the day they stopped (or plan to stop) using ketamine: day
    0 of the sober count. (Their time zone is on their account, `User.time_zone`.)
    `weekly_spend` (optional) is what they used to spend in a typical week.
    `phone` and `best_time_to_call` (optional) are how their care team can
    reach them; the team sees them only while the patient shares
    "contact_details" (care.models.SHARE_KINDS). `phone` is stored as
    `core.phones.phone_normalize` leaves it (E.164).
    `reminder_channel` is how the daily check-in reminder reaches them, at
    `reminder_time`: e-mail, a notification on the phones where they turned
    notifications on (`PushSubscription`), or both.
    """

    class ReminderChannel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        NOTIFICATION = "notification", _("A notification on my phone")
        BOTH = "both", _("Both: an e-mail and a notification")

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recovery_profile",
    )
    stop_date = models.DateField()
    reasons = models.TextField(blank=True, max_length=2000)
    usual_triggers = models.JSONField(default=list, blank=True)
    reminder_time = models.TimeField(null=True, blank=True)
    reminder_channel = models.CharField(
        max_length=12, choices=ReminderChannel, default=ReminderChannel.EMAIL
    )
    weekly_spend = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True
    )
    phone = models.CharField(max_length=40, blank=True, default="")
    best_time_to_call = models.CharField(
        max_length=BEST_TIME_MAX, blank=True, default=""
    )
    # The optional early-recovery daily set (EarlyRecoveryEntry): on only
    # when the patient turned it on; they can turn it off at any time.
    early_recovery_on = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Recovery profile of {self.patient}"


class SupportContact(models.Model):
    """Someone the patient can call; up to five, in the order they chose."""

    profile = models.ForeignKey(
        RecoveryProfile, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=80)
    relation = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class DailyCheckIn(PublicIdModel):
    """One check-in: how the day went, in under a minute.

    `client_id` is made by the device that sent it, so a retry or an offline
    replay of the same check-in finds the first one instead of adding a row.
    `day` is the patient's own calendar day. `body_advice` is the advice of
    the bladder-and-body check taken with this check-in, if one was.
    `recorded_at` is the instant the patient filled it in on their device
    (UTC; sent with an offline check-in, empty when the server's own time of
    arrival, `created_at`, is that instant). `late` marks a check-in for a
    day that had already ended, logged afterwards ("I missed yesterday").
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    client_id = models.UUIDField()
    day = models.DateField()
    craving = models.PositiveSmallIntegerField(validators=_scale(0, 10))
    mood = models.PositiveSmallIntegerField(validators=_scale(1, 5))
    stress = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_scale(0, 10)
    )
    sleep_hours = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True, validators=_scale(0, 24)
    )
    used_ketamine = models.BooleanField()
    other_substances = models.JSONField(default=list, blank=True)
    triggers = models.JSONField(default=list, blank=True)
    risky_situation = models.BooleanField(default=False)
    coping = models.JSONField(default=list, blank=True)
    confidence = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_scale(0, 10)
    )
    self_harm_thoughts = models.BooleanField()
    body_symptoms = models.BooleanField(default=False)
    body_advice = models.CharField(max_length=20, blank=True)
    # TextField does not enforce max_length by itself: the validator does.
    note = models.TextField(
        blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "client_id"],
                name="recovery_checkin_client_id_unique",
            ),
            # "Once": two late check-ins for one day racing each other (two
            # tabs, two phones) cannot both be stored.
            models.UniqueConstraint(
                fields=["patient", "day"],
                condition=models.Q(late=True),
                name="recovery_one_late_checkin_per_day",
            ),
            models.CheckConstraint(
                condition=models.Q(craving__lte=10),
                name="recovery_checkin_craving_range",
            ),
            models.CheckConstraint(
                condition=models.Q(mood__gte=1, mood__lte=5),
                name="recovery_checkin_mood_range",
            ),
        ]
        indexes = [models.Index(fields=["patient", "-day"])]

    def __str__(self) -> str:
        return f"Check-in {self.day}"

    def clean(self) -> None:
        """Refuse codes outside the check-in's lists (triggers, coping, other
        substances), so a bad list is a field error, not a stored surprise,
        and a note the database could not store."""
        errors = {}
        for field, known in (
            ("triggers", TRIGGERS),
            ("coping", COPING),
            ("other_substances", OTHER_SUBSTANCES),
        ):
            value = getattr(self, field)
            if not isinstance(value, list) or any(
                not isinstance(code, str) or code not in known for code in value
            ):
                errors[field] = gettext("Choose from the listed answers.")
        # PostgreSQL cannot store a NUL in text: refused here, on every
        # database, so it is a field error and never a failed statement.
        if isinstance(self.note, str) and "\x00" in self.note:
            errors["note"] = gettext("The note has a character that cannot be saved.")
        if errors:
            raise ValidationError(errors)


class MilestoneCelebration(models.Model):
    """A milestone shown to the patient, so each one is celebrated once a run."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestones"
    )
    days = models.PositiveIntegerField()
    run_started = models.DateField()
    celebrated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "run_started", "days"],
                name="recovery_milestone_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.days} days"


class RelapsePreventionPlan(TimestampedModel):
    """The patient's own plan for staying on track and for after a lapse."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="relapse_plan"
    )
    warning_signs = models.TextField(blank=True, max_length=3000)
    high_risk_situations = models.TextField(blank=True, max_length=3000)
    coping_strategies = models.TextField(blank=True, max_length=3000)
    after_a_lapse = models.TextField(blank=True, max_length=3000)

    def __str__(self) -> str:
        return f"Relapse-prevention plan of {self.patient}"


class RoutineItem(PublicIdModel):
    """Something in the patient's weekly recovery routine, ticked off when done.

    `weekdays` uses 0 = Sunday, as the meeting finder does; `meeting` links an
    item added from the finder to that meeting.
    """

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Support meeting")
        THERAPY = "therapy", _("Therapy or counseling")
        OUTPATIENT = "outpatient", _("Outpatient appointment")
        EXERCISE = "exercise", _("Exercise")
        MEDITATION = "meditation", _("Meditation or yoga")
        STRUCTURE = "structure", _("Daily structure (wake, work, meals, sleep)")
        OTHER = "other", _("Something else")

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routine_items"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=120)
    weekdays = models.JSONField(default=list)
    time = models.TimeField(null=True, blank=True)
    meeting = models.ForeignKey(
        "directory.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["time", "title"]

    def __str__(self) -> str:
        return self.title


class RoutineCheck(models.Model):
    """One routine item done on one day."""

    item = models.ForeignKey(
        RoutineItem, on_delete=models.CASCADE, related_name="checks"
    )
    day = models.DateField()
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "day"], name="recovery_routine_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} on {self.day}"


class ThoughtRecord(PublicIdModel):
    """A trigger-and-thought log entry, from CBT: what happened and what helped."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="thought_records",
    )
    situation = models.TextField(max_length=1000)
    thoughts = models.TextField(blank=True, max_length=1000)
    feelings = models.TextField(blank=True, max_length=1000)
    craving = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_scale(0, 10)
    )
    what_i_did = models.TextField(blank=True, max_length=1000)
    how_it_went = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Log entry {self.created_at:%Y-%m-%d}"


class DecisionalBalance(TimestampedModel):
    """The pros and cons of using and of stopping, in the patient's words."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="decisional_balance",
    )
    good_things_about_using = models.TextField(blank=True, max_length=2000)
    costs_of_using = models.TextField(blank=True, max_length=2000)
    good_things_about_stopping = models.TextField(blank=True, max_length=2000)
    costs_of_stopping = models.TextField(blank=True, max_length=2000)

    def __str__(self) -> str:
        return f"Decisional balance of {self.patient}"


class ReminderSent(models.Model):
    """A daily check-in reminder, claimed for one patient and one local day.

    The unique constraint is what makes a reminder go out at most once a day,
    however many workers are running.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "day"], name="recovery_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.day}"


class PushSubscription(models.Model):
    """One browser where the patient turned reminder notifications on.

    What the browser's push service gave it (Web Push, RFC 8030/8291):
    `endpoint`, the push service's address for this browser, and the keys
    the reminder is encrypted to (`p256dh`, the browser's public key, and
    `auth`, its secret; both base64url). An endpoint belongs to one
    browser, so to at most one account: saving it for another account moves
    it. Deleted when the patient turns notifications off, signs out or
    quick-exits on that browser, and when the push service says it is gone.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    endpoint = models.URLField(max_length=2000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Notifications for {self.patient}"

    def as_webpush(self) -> dict:
        """The shape pywebpush sends to: {"endpoint", "keys": {"p256dh", "auth"}}."""
        return {
            "endpoint": self.endpoint,
            "keys": {"p256dh": self.p256dh, "auth": self.auth},
        }


# The early-recovery daily set: each symptom 0 (none) to 10 (the worst), so
# higher is always harder and one chart scale fits all six.
EARLY_RECOVERY_SYMPTOMS = (
    "anxiety",
    "low_mood",
    "poor_sleep",
    "fatigue",
    "irritability",
    "craving",
)


class EarlyRecoveryEntry(PublicIdModel, TimestampedModel):
    """One day of the optional early-recovery daily set.

    How hard six common after-effects of stopping were today, each 0 (none)
    to 10 (the worst): anxiety, low mood, poor sleep, tiredness (`fatigue`),
    irritability and craving; and the check-in's question about thoughts of
    self-harm, whose answer goes through the same crisis rule
    (flags.rules.self_harm_crisis). One entry per patient per day (their
    own calendar day, care.time_zones): saving today's again updates it.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="early_recovery_entries",
    )
    day = models.DateField()
    anxiety = models.PositiveSmallIntegerField(validators=_scale(0, 10))
    low_mood = models.PositiveSmallIntegerField(validators=_scale(0, 10))
    poor_sleep = models.PositiveSmallIntegerField(validators=_scale(0, 10))
    fatigue = models.PositiveSmallIntegerField(validators=_scale(0, 10))
    irritability = models.PositiveSmallIntegerField(validators=_scale(0, 10))
    craving = models.PositiveSmallIntegerField(validators=_scale(0, 10))
    self_harm_thoughts = models.BooleanField()

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "day"], name="recovery_early_recovery_once_a_day"
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__lte": 10}),
                    name=f"recovery_early_recovery_{name}_range",
                )
                for name in EARLY_RECOVERY_SYMPTOMS
            ),
        ]

    def __str__(self) -> str:
        return f"Early-recovery entry {self.day}"


# The weekly body check: each symptom of the past 7 days on our own 0-3 scale
# (0 not at all, 1 a little, 2 quite a bit, 3 a lot); recovery.body_check has
# the words and the mapping onto the one bladder red-flag rule.
BODY_CHECK_SYMPTOMS = (
    "frequency",
    "night_urination",
    "urgency",
    "pain",
    "blood",
    "leaking",
    "k_cramps",
    "memory",
)
# Yes/no: the warning signs the red-flag rule also reads.
BODY_CHECK_WARNING_SIGNS = ("cannot_urinate", "fever", "flank_pain")
BODY_CHECK_TOP = 3


class BodyCheck(PublicIdModel, TimestampedModel):
    """One weekly body check for ketamine harms (the body tracker).

    How much each symptom bothered the patient in the past 7 days, 0 (not at
    all) to 3 (a lot), and three yes/no warning signs. The red-flag advice is
    not stored: `recovery.body_check.advice` works it out from the answers,
    through the one bladder-check rule (screening.scoring.score_bladder_check),
    every time. One per patient per day (their own calendar day): saving
    again that day updates it.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_checks"
    )
    day = models.DateField()
    frequency = models.PositiveSmallIntegerField(validators=_scale(0, BODY_CHECK_TOP))
    night_urination = models.PositiveSmallIntegerField(
        validators=_scale(0, BODY_CHECK_TOP)
    )
    urgency = models.PositiveSmallIntegerField(validators=_scale(0, BODY_CHECK_TOP))
    pain = models.PositiveSmallIntegerField(validators=_scale(0, BODY_CHECK_TOP))
    blood = models.PositiveSmallIntegerField(validators=_scale(0, BODY_CHECK_TOP))
    leaking = models.PositiveSmallIntegerField(validators=_scale(0, BODY_CHECK_TOP))
    k_cramps = models.PositiveSmallIntegerField(validators=_scale(0, BODY_CHECK_TOP))
    memory = models.PositiveSmallIntegerField(validators=_scale(0, BODY_CHECK_TOP))
    cannot_urinate = models.BooleanField(default=False)
    fever = models.BooleanField(default=False)
    flank_pain = models.BooleanField(default=False)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "day"], name="recovery_body_check_once_a_day"
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__lte": BODY_CHECK_TOP}),
                    name=f"recovery_body_check_{name}_range",
                )
                for name in BODY_CHECK_SYMPTOMS
            ),
        ]

    def __str__(self) -> str:
        return f"Body check {self.day}"

    @property
    def answers(self) -> dict:
        return {
            name: getattr(self, name)
            for name in (*BODY_CHECK_SYMPTOMS, *BODY_CHECK_WARNING_SIGNS)
        }


class SafetyPlan(PublicIdModel, TimestampedModel):
    """The patient's safety plan: what to do, step by step, in a crisis.

    `items` holds each step's lines, {step key: [line, ...]}, in the steps
    of `safety.safety_plan` (warning signs, coping alone, distractions,
    people to ask, professionals, safer surroundings, reasons for living):
    one definition of the steps, so the model holds no list of its own. The
    patient writes it; a care-team clinician may write it with them while the
    patient shares "safety_plan" (care.policy). `updated_by` is who saved it
    last; `written_with` the clinician who last worked on it with them.
    """

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    items = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    written_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    def __str__(self) -> str:
        return f"Safety plan of {self.patient}"


class CheckInWeek(models.Model):
    """One patient's check-ins of one Monday-to-Sunday week, summed.

    Written only by `recovery.rollups` (every path that adds or removes a
    check-in refreshes its week), so a report over many patients reads one
    row per patient-week instead of every check-in: `checkins` rows,
    `craving_sum`, `abstinent` (check-ins with used_ketamine False), `days`
    (distinct days with a check-in) and the first and last such day (a
    week only partly inside an enrollment is read from the check-ins).
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    monday = models.DateField()
    checkins = models.PositiveIntegerField()
    craving_sum = models.PositiveIntegerField()
    abstinent = models.PositiveIntegerField()
    days = models.PositiveSmallIntegerField()
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "monday"], name="recovery_checkin_week_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Check-ins of the week of {self.monday}"
