"""The one place Clearhead reads the current time.

Product code asks this module for "now" and "today" and never reads the wall
clock itself: ruff's banned-API rule (pyproject.toml) refuses
`timezone.now()`, `datetime.now()`, `date.today()`, `localdate()`,
`localtime()` and `time.time()` anywhere else. Tests freeze time with time-machine, which also pins what
libraries read (task scheduling, TOTP, session and reset-token expiry), so
no test depends on the hour it runs.

Instants are timezone-aware UTC datetimes. "Today" is a date in a named IANA
zone: a patient's day starts at midnight where they live, not in UTC and not
where the server is. Which zone is a patient's is `care.time_zones`' rule
(`today_for`); this module imports no app.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The zone a region's people live in when nobody has told us better.
REGION_TIME_ZONES = {"US": "America/New_York", "UK": "Europe/London"}
# The zones a patient or a program chooses from, with the names people know.
TIME_ZONE_CHOICES = [
    ("America/New_York", _("Eastern (New York)")),
    ("America/Chicago", _("Central (Chicago)")),
    ("America/Denver", _("Mountain (Denver)")),
    ("America/Phoenix", _("Arizona (Phoenix)")),
    ("America/Los_Angeles", _("Pacific (Los Angeles)")),
    ("America/Anchorage", _("Alaska (Anchorage)")),
    ("Pacific/Honolulu", _("Hawaii (Honolulu)")),
    ("America/Puerto_Rico", _("Atlantic (Puerto Rico)")),
    ("Europe/London", _("United Kingdom (London)")),
]


def time_zone_label(name: str) -> str:
    """The name people know a zone by ("Central (Chicago)", in the reader's
    language when shown), else its IANA name."""
    return str(dict(TIME_ZONE_CHOICES).get(name, name))


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
