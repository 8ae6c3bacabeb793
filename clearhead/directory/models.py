from django.db import models
from django.utils.translation import gettext_lazy as _

from clearhead.core.models import PublicIdModel, TimestampedModel
from clearhead.directory.vocabulary import ATTENDANCE, FELLOWSHIPS


class Source(models.TextChoices):
    SAMHSA = "samhsa", _("SAMHSA FindTreatment.gov")
    MEETING_GUIDE = "meeting_guide", _("Meeting Guide feed")
    BMLT = "bmlt", _("BMLT (Narcotics Anonymous)")
    DEMO = "demo", _("Clearhead demo data (fictional)")


class Feed(models.Model):
    """One published directory we import from: a Meeting Guide feed, a BMLT
    server, a SAMHSA export, or Clearhead's own demo data.

    Rows are keyed by (feed, the feed's own id), so two feeds may use the same
    ids. `last_confirmed_at` is when the feed last vouched for its rows (the
    fetch time, or the date the operator gave); None when nobody knows, and
    listings then fall back to the row's own date from the file, if any.
    `options` keeps the import options (format, fellowship, ...) so the worker
    can fetch and import the feed again the same way.
    """

    class Kind(models.TextChoices):
        MEETINGS = "meetings", _("Meetings")
        FACILITIES = "facilities", _("Treatment facilities")

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    format = models.CharField(max_length=20, choices=Source.choices)
    url = models.URLField(max_length=500, blank=True)
    options = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_imported_at = models.DateTimeField(null=True, blank=True)
    last_confirmed_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_fetch_problem = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name"], name="directory_feed_kind_name_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()})"

    @property
    def is_demo(self) -> bool:
        return self.format == Source.DEMO


class ListedManager(models.Manager):
    """Rows still published by their feed: retired rows are kept for history
    but are out of every search, list, API answer and page."""

    def get_queryset(self):
        return super().get_queryset().filter(retired_at=None)


class InfusionReview(models.TextChoices):
    """Whether a facility is a ketamine-infusion clinic (medical ketamine, not
    addiction treatment): flagged by the importer (infusion.py), decided by
    an operator. The finder shows NONE and NOT_INFUSION only."""

    NONE = "", _("Not flagged")
    FLAGGED = "flagged", _("Flagged: may be ketamine infusion therapy (hidden)")
    INFUSION = (
        "infusion",
        _("Ketamine infusion therapy, not addiction treatment (hidden)"),
    )
    NOT_INFUSION = "not_infusion", _("Reviewed: not infusion therapy (listed)")


# The one definition of what the finder never shows: infusion clinics, and
# listings flagged as likely ones until an operator has reviewed them (a
# program hidden for a day is safer than an infusion clinic shown as help
# for a ketamine problem).
HIDDEN_FROM_FINDER = (InfusionReview.FLAGGED, InfusionReview.INFUSION)


class FacilityListedManager(ListedManager):
    """Listed facilities: not retired, and not infusion therapy (marked or
    flagged and awaiting review). Every finder page, API answer and search
    reads facilities through this manager."""

    def get_queryset(self):
        return super().get_queryset().exclude(infusion_review__in=HIDDEN_FROM_FINDER)


class Listing(PublicIdModel, TimestampedModel):
    """What facilities and meetings share: their feed, retirement, placing."""

    feed = models.ForeignKey(Feed, on_delete=models.PROTECT, related_name="+")
    # Set when a later import of the same feed no longer has the row.
    retired_at = models.DateTimeField(null=True, blank=True)
    # True when the feed gave no usable coordinates and we placed the row at
    # its ZIP code's or city's centre instead.
    approximate_location = models.BooleanField(default=False)

    objects = ListedManager()
    all_objects = models.Manager()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def confirmed_at(self):
        """When the listing was last confirmed: its feed's confirmation, else
        the row's own date from the file, else None (not known)."""
        return self.feed.last_confirmed_at or self.source_updated


class Facility(Listing):
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
    # "MH" in the locator's typeFacility: mental health care only, no
    # addiction treatment. Left out of the finder unless asked for.
    mental_health_only = models.BooleanField(default=False)
    # Ketamine infusion therapy (medical ketamine): flagged on import, set by
    # an operator; see InfusionReview and HIDDEN_FROM_FINDER.
    infusion_review = models.CharField(
        _("infusion review"),
        max_length=12,
        choices=InfusionReview.choices,
        default=InfusionReview.NONE,
        blank=True,
    )
    # The phrases that flagged it ("esketamine"), for the operator's review.
    infusion_terms = models.JSONField(default=list, blank=True)

    objects = FacilityListedManager()

    class Meta(Listing.Meta):
        verbose_name_plural = "facilities"
        default_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "source_id"], name="directory_facility_feed_unique"
            )
        ]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_demo(self) -> bool:
        return self.source == Source.DEMO


class Meeting(Listing):
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

    class Meta(Listing.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "source_id"], name="directory_meeting_feed_unique"
            )
        ]
        # The box of a search near a place is a range on latitude and
        # longitude; the zone, days and start time beside them let "starting
        # soon" (selectors._starting_soon) find a box's zones and test its
        # clock-time window in the index, reading only the matching rows.
        indexes = [
            models.Index(
                fields=[
                    "latitude",
                    "longitude",
                    "time_zone",
                    "days_mask",
                    "start_time",
                ],
                name="directory_meeting_place_time",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_demo(self) -> bool:
        return self.source == Source.DEMO

    @property
    def conference_phone_display(self) -> str:
        """The number to show: a one-tap dial string ("+13017158592,,857#,,,,005088#")
        keeps its meeting ID and passcode in the link, but a person reads only
        the number, and the long string would run off a phone's screen."""
        return self.conference_phone.split(",")[0].split(";")[0].strip()

    @property
    def attendance_label(self) -> str:
        return ATTENDANCE.get(self.attendance, self.attendance)

    @property
    def fellowship_label(self) -> str:
        return FELLOWSHIPS.get(self.fellowship, _("Support group"))


class ListingReport(models.Model):
    """Someone told us a listing is wrong; administrators follow it up."""

    class Problem(models.TextChoices):
        CLOSED = "closed", _("It has closed or moved")
        PHONE = "phone", _("The phone number is wrong")
        DETAILS = "details", _("The services or payment details are wrong")
        OTHER = "other", _("Something else")

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


class ProgramListing(models.Model):
    """A listing in the finder that a program running Clearhead says is its own.

    Set by the program's administrator (`/clinic/programs/<id>/referrals/`)
    or an operator in the Django admin. A listing belongs to one program at
    most; its page then offers "Send a referral to this program", and the
    referral reaches that program's queue (the `referrals` app).
    """

    program = models.ForeignKey(
        "care.Program", on_delete=models.CASCADE, related_name="listings"
    )
    facility = models.OneToOneField(
        Facility, on_delete=models.CASCADE, related_name="program_link"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program's listing")

    def __str__(self) -> str:
        return f"{self.facility} → {self.program}"
