"""The one place Clearhead reads the current time.

Product code asks this module for "now" and "today" and never reads the wall
clock itself: ruff's banned-API rule (pyproject.toml) refuses
`timezone.now()`, `datetime.now()`, `date.today()`, `localdate()`,
`localtime()` and `time.time()` anywhere else. Tests freeze time with time-machine, which also pins what
libraries read (task scheduling, TOTP, session and reset-token expiry), so
no test depends on the hour it runs.

Instants are timezone-aware UTC datetimes. "Today" is a date in a named IANA
zone: a patient's day starts at midnight where they live, not in UTC and not
where the server is.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

# The zone a region's people live in when nobody has told us better.
REGION_TIME_ZONES = {"US": "America/New_York", "UK": "Europe/London"}
# The zones a patient or a program chooses from, with the names people know.
TIME_ZONE_CHOICES = [
    ("America/New_York", "Eastern (New York)"),
    ("America/Chicago", "Central (Chicago)"),
    ("America/Denver", "Mountain (Denver)"),
    ("America/Phoenix", "Arizona (Phoenix)"),
    ("America/Los_Angeles", "Pacific (Los Angeles)"),
    ("America/Anchorage", "Alaska (Anchorage)"),
    ("Pacific/Honolulu", "Hawaii (Honolulu)"),
    ("America/Puerto_Rico", "Atlantic (Puerto Rico)"),
    ("Europe/London", "United Kingdom (London)"),
]


def time_zone_label(name: str) -> str:
    """The name people know a zone by ("Central (Chicago)"), else its IANA name."""
    return dict(TIME_ZONE_CHOICES).get(name, name)


def now() -> datetime:
    """Return the current instant as an aware datetime in UTC."""
    return timezone.now()


def region_time_zone() -> str:
    """Return the IANA name of the deployment's default zone (CLEARHEAD_REGION)."""
    return REGION_TIME_ZONES[settings.CLEARHEAD_REGION]


def today_in(zone: str | ZoneInfo) -> date:
    """Return today's date in `zone` (an IANA name or a ZoneInfo).

    Raises zoneinfo.ZoneInfoNotFoundError for a name the tz database lacks.
    """
    if isinstance(zone, str):
        zone = ZoneInfo(zone)
    return now().astimezone(zone).date()


def time_zone_for(patient) -> str:
    """Return the IANA zone that decides a patient's "today".

    The patient's own choice (their recovery profile) comes first, then the
    zone of the program caring for them, then the region's default. Reads
    through the user's reverse relations, so core imports no app: one query
    at most when the profile was loaded with the user (as token
    authentication does), two otherwise.
    """
    try:
        own = patient.recovery_profile.time_zone
    except AttributeError:  # RelatedObjectDoesNotExist is one: no profile yet
        own = None
    if own:
        return own
    # No zone of their own: the program's, by the bulk rule (one query).
    return time_zones_for([patient.pk], own={})[patient.pk]


def time_zones_for(patient_ids, *, own: dict | None = None) -> dict[int, str]:
    """time_zone_for for many patients at once: {patient id: IANA zone}.

    Two queries, or one when the caller already read the patients' own zones
    (`own`: {patient id: zone}, from their recovery profiles).
    """
    users = get_user_model().objects.filter(pk__in=patient_ids)
    if own is None:
        own = dict(
            users.filter(recovery_profile__isnull=False).values_list(
                "pk", "recovery_profile__time_zone"
            )
        )
    programs: dict[int, str] = {}
    for patient_id, zone in (
        users.filter(enrollments__status="active")
        .order_by("pk", "enrollments__started_on", "enrollments__pk")
        .values_list("pk", "enrollments__program__time_zone")
    ):
        programs.setdefault(patient_id, zone)  # the earliest enrollment's
    return {
        pid: choose_time_zone(own=own.get(pid), program=programs.get(pid))
        for pid in patient_ids
    }


def choose_time_zone(*, own: str | None, program: str | None) -> str:
    """The rule of time_zone_for: the patient's own, else the program's, else
    the region's."""
    return own or program or region_time_zone()


def today_for(patient) -> date:
    """Return today's date where the patient lives (see time_zone_for)."""
    return today_in(time_zone_for(patient))
