from django.db import models

from clearhead.core.models import PublicIdModel, TimestampedModel
from clearhead.directory.vocabulary import ATTENDANCE


class Source(models.TextChoices):
    SAMHSA = "samhsa", "SAMHSA FindTreatment.gov"
    MEETING_GUIDE = "meeting_guide", "Meeting Guide feed"
    BMLT = "bmlt", "BMLT (Narcotics Anonymous)"
    DEMO = "demo", "Clearhead demo data (fictional)"


class Facility(PublicIdModel, TimestampedModel):
    """A treatment program from a published directory, as last imported.

    `levels`, `services`, `payments`, `languages` and `populations` hold our
    own vocabulary codes (vocabulary.py); the matching `*_mask` integers are
    the same codes as bits, so filters work alike on SQLite and PostgreSQL.
    `unmapped` keeps source labels we have no code for, so nothing is lost.
    `content_hash` tells an unchanged row from an updated one on re-import.
    """

    source = models.CharField(max_length=20, choices=Source.choices)
    source_id = models.CharField(max_length=120)
    name = models.CharField(max_length=255)
    program_name = models.CharField(max_length=255, blank=True)
    street1 = models.CharField(max_length=255, blank=True)
    street2 = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=2, blank=True)
    zip_code = models.CharField(max_length=10, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    phone = models.CharField(max_length=40, blank=True)
    intake_phone = models.CharField(max_length=40, blank=True)
    hotline_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(max_length=500, blank=True)
    levels = models.JSONField(default=list)
    services = models.JSONField(default=list)
    payments = models.JSONField(default=list)
    languages = models.JSONField(default=list)
    populations = models.JSONField(default=list)
    levels_mask = models.BigIntegerField(default=0)
    services_mask = models.BigIntegerField(default=0)
    payments_mask = models.BigIntegerField(default=0)
    languages_mask = models.BigIntegerField(default=0)
    populations_mask = models.BigIntegerField(default=0)
    unmapped = models.JSONField(default=dict, blank=True)
    source_updated = models.DateField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name_plural = "facilities"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], name="directory_facility_source_unique"
            )
        ]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_demo(self) -> bool:
        return self.source == Source.DEMO


class Meeting(PublicIdModel, TimestampedModel):
    """A weekly support-group meeting, in the Meeting Guide sense.

    `days` lists weekdays with 0 = Sunday (Meeting Guide's numbering) and
    `days_mask` holds them as bits. `start_time` and `end_time` are clock
    times in `time_zone` (an IANA name; blank when no zone could be found,
    and then the times are floating local times); an end before the start
    is on the next day. `attendance` comes from what the feed says (its
    attendance option, venue type, `TC` and online codes). `types` are our
    Meeting Guide codes; `other_types` names the source's formats that have
    no code of ours ("Basic Text study").
    """

    source = models.CharField(max_length=20, choices=Source.choices)
    source_id = models.CharField(max_length=120)
    name = models.CharField(max_length=255)
    slug = models.CharField(max_length=120)
    fellowship = models.CharField(max_length=20, default="other")
    is_secular = models.BooleanField(default=False)
    days = models.JSONField(default=list)
    days_mask = models.PositiveSmallIntegerField(default=0)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    attendance = models.CharField(max_length=12, default="in_person")
    location = models.CharField(max_length=255, blank=True)
    address = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=40, blank=True)
    postal_code = models.CharField(max_length=12, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    types = models.JSONField(default=list)
    types_mask = models.BigIntegerField(default=0)
    other_types = models.JSONField(default=list, blank=True)
    conference_url = models.URLField(max_length=500, blank=True)
    conference_url_notes = models.TextField(blank=True)
    conference_phone = models.CharField(max_length=80, blank=True)
    conference_phone_notes = models.TextField(blank=True)
    group = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)
    location_notes = models.TextField(blank=True)
    source_updated = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], name="directory_meeting_source_unique"
            )
        ]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_demo(self) -> bool:
        return self.source == Source.DEMO

    @property
    def attendance_label(self) -> str:
        return ATTENDANCE.get(self.attendance, self.attendance)


class ListingReport(models.Model):
    """Someone told us a listing is wrong; administrators follow it up."""

    class Problem(models.TextChoices):
        CLOSED = "closed", "It has closed or moved"
        PHONE = "phone", "The phone number is wrong"
        DETAILS = "details", "The services or payment details are wrong"
        OTHER = "other", "Something else"

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="reports"
    )
    problem = models.CharField(max_length=20, choices=Problem.choices)
    details = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.facility}: {self.get_problem_display()}"
