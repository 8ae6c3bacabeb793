"""The care relationship: programs, memberships, enrollments, supporter links
and consents.

The lowest app that knows about patients' care: every app that shows a
patient's information reads who may see it from here (`care.policy`). The
tables keep their old names (they were created by `clinic` and `sharing`),
so moving the models here moved no data.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clearhead.core import clock
from clearhead.core.models import PublicIdModel, TimestampedModel

LEVELS_OF_CARE = [
    ("outpatient", _("Outpatient")),
    ("intensive_outpatient", _("Intensive outpatient")),
    ("residential", _("Residential")),
    ("inpatient", _("Inpatient")),
]

# What a patient may choose to share with their care team. The consent
# records of a later release will hold these same codes.
SHARE_KINDS = {
    "checkin_summary": _(
        "My sober days, how often I check in, and early warnings. This includes "
        "an e-mail to my care team if a check-in says I may be in crisis, asking "
        "them to sign in and reach out to me"
    ),
    "checkins": _("My full check-ins (cravings, mood, notes)"),
    "plan": _("My relapse-prevention plan and weekly routine"),
    "screenings": _("My saved self-assessments"),
    # The phone and best time to call the patient keep on their profile
    # (recovery.RecoveryProfile), for the patient page's "Reaching" panel.
    "contact_details": _(
        "My phone number and the best time to call me, from my profile, so my "
        "care team can reach me"
    ),
    # The optional daily set of the first weeks after stopping
    # (recovery.EarlyRecoveryEntry), shown beside the plan's withdrawal phase.
    # A kind of its own: consents signed before it existed do not include it.
    "early_recovery": _(
        "My early-recovery daily set (anxiety, low mood, sleep, tiredness, "
        "irritability, craving), beside my plan's withdrawal phase"
    ),
    # The weekly body check for ketamine harms (recovery.BodyCheck): bladder,
    # stomach and memory symptoms over time. A kind of its own: consents
    # signed before it existed do not include it.
    "body_symptoms": _(
        "My weekly body checks (bladder, stomach and memory symptoms) and their trend"
    ),
    # The safety plan (recovery.SafetyPlan): with it shared, the care team
    # may read it and write it with the patient. A kind of its own: consents
    # signed before it existed do not include it.
    "safety_plan": _(
        "My safety plan, so my care team can read it and help me write it"
    ),
}


# A program's chart number: letters, digits, and - / . inside, at most 30.
CHART_NUMBER_MAX = 30
CHART_NUMBER_PATTERN = r"[A-Za-z0-9](?:[A-Za-z0-9./-]{0,28}[A-Za-z0-9])?"


class Program(PublicIdModel, TimestampedModel):
    """A treatment program: the organisation whose clinicians share patients."""

    name = models.CharField(max_length=200)
    # Shown to the program's patients, so they know where and whom to call.
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=40, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Where the program works: staff read times in it, and it is a patient's
    # "today" until they choose a zone of their own (care.time_zones).
    time_zone = models.CharField(max_length=64, default=clock.region_time_zone)
    # Raised by every write that changes a closed week of the outcomes report
    # (care.services.program_outcomes_invalidate): its stored weeks
    # (clinic.OutcomesWeek) count only under the generation they were made in.
    # A database default too, for rows written without it (a migration's
    # models of before it existed).
    outcomes_generation = models.PositiveBigIntegerField(
        default=0, db_default=0, editable=False
    )

    class Meta:
        db_table = "clinic_program"

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
    Only a current member sees the program's patients (care.policy).
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
        db_table = "clinic_programmembership"
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
        ACTIVE = "active", _("In care")
        DISCHARGED = "discharged", _("Discharged")

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
    # The program's own number for the patient (its chart or record number),
    # shown beside the name in the heading of every clinic page about them, so
    # two patients of one name are told apart. Optional; set by the care team
    # (clinic.records.chart_number_set, which checks CHART_NUMBER_PATTERN).
    # db_default: rows written without it (older code, historical models in
    # care/tests/test_migrations.py) still get "" from the database.
    chart_number = models.CharField(
        max_length=CHART_NUMBER_MAX, blank=True, default="", db_default=""
    )

    class Meta:
        db_table = "clinic_enrollment"
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
            from clearhead.care.policy import care_team_kinds
            from clearhead.care.time_zones import today_for

            kinds = care_team_kinds({self.pk: today_for(self.patient)})
            self.set_sharing(kinds[self.pk])
        return self._sharing

    def set_sharing(self, kinds) -> None:
        self._sharing = sorted(kinds)

    def forget_sharing(self) -> None:
        self._sharing = None


# A consent for one disclosure only: `Consent.record_id` names the one record
# it discloses (a crisis flag, which lives in an app above this one).
DISCLOSURE_KINDS = {
    "crisis_disclosure": _(
        "This one alert: that a check-in of mine says I may be in crisis, so my "
        "care team can reach out to me"
    ),
}

# What a patient may let a supporter see. Nothing else is ever shown to one.
SUPPORTER_KINDS = {
    "sober_days": _("My sober-day count"),
    "checkin_adherence": _("How often I check in (not what I write)"),
    # The number of days is the flags app's MISSED_CHECKIN_DAYS; the consent
    # form (sharing.forms) names it. care sits below flags, so not here.
    "missed_checkin_alerts": _("An e-mail to them if I miss check-ins for some days"),
}
PURPOSES = {
    "family_support": _("So that they can support me in my recovery"),
    "patient_request": _("At my request"),
    "treatment": _("For my treatment"),
}
# The patient's right to revoke, and what revoking cannot undo (42 CFR 2.31).
REVOCATION_STATEMENT = _(
    "I can revoke this consent at any time, here in Clearhead, and it stops "
    "at once. Revoking does not undo what was already shared while it was in force."
)
# The notice that must go with disclosed information (42 CFR 2.32, short form).
REDISCLOSURE_NOTICE = _(
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
)


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

    class Meta:
        db_table = "sharing_supporterlink"

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
        Enrollment,
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
        max_length=60, blank=True, help_text=_('For example "end of treatment".')
    )
    signature = models.CharField(max_length=120)
    signed_at = models.DateTimeField()
    revocation_statement = models.TextField(default=REVOCATION_STATEMENT)
    # Set only on a consent to one disclosure (DISCLOSURE_KINDS): the public id
    # of the one record it discloses. Such a consent grants no kind of
    # information; care.policy reads it apart (care_team_disclosures).
    record_id = models.UUIDField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "sharing_consent"
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
        from clearhead.care.time_zones import today_for

        return self.in_force_on(today_for(self.patient))


def active_consents_q(today) -> models.Q:
    """Consents in force on `today`: signed, not revoked, not past their end.

    `today` is the patient's (care.time_zones.today_for). Across patients, pass
    the earliest of their todays and check each with Consent.in_force_on.
    """
    return models.Q(revoked_at=None) & (
        models.Q(expires_on=None) | models.Q(expires_on__gte=today)
    )
