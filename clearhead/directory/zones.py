"""A meeting's time zone: where it comes from, and the name people know it by.

Feeds publish local clock times ("19:00" on Tuesdays) and rarely say whose
clock. The importer asks, in order: the meeting's own zone in the feed, the
operator's `--timezone`, the zone at the meeting's coordinates (tzfpy's
offline boundary data), then the zone of its US ZIP (the `zipcodes` data),
then that of its US city, or of its state where the state has one zone.
A meeting with none of these keeps no zone, and its times are shown and
exported as floating local times, never as UTC.
"""

import functools
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tzfpy
import zipcodes
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clearhead.directory.geo import zip_rows

# Standard-time abbreviations of the zones of the Americas, with the name
# people know each zone by.
_AMERICAN_NAMES = {
    "EST": _("Eastern time"),
    "CST": _("Central time"),
    "MST": _("Mountain time"),
    "PST": _("Pacific time"),
    "AKST": _("Alaska time"),
    "HST": _("Hawaii time"),
    "AST": _("Atlantic time"),
    "NST": _("Newfoundland time"),
}


def known_zone(name) -> str:
    """Return `name` if it is an IANA zone this machine knows, else ""."""
    try:
        return _known_zone(name)
    except TypeError:  # not hashable: not a zone's name either
        return _zone_checked(name)


# A national feed names a few dozen zones 100,000 times: each is checked once.
@functools.lru_cache(maxsize=1024, typed=True)
def _known_zone(name) -> str:
    return _zone_checked(name)


def _zone_checked(name) -> str:
    name = "" if name is None else str(name).strip()
    if not name or name.startswith("Etc/") or "/" not in name:
        return ""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    return name


def zone_at(latitude: float | None, longitude: float | None) -> str:
    """Return the IANA zone at a point on land, else "" (also for 0,0)."""
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        return ""
    return known_zone(tzfpy.get_tz(longitude, latitude))


def zone_of_zip(postal_code) -> str:
    """Return the IANA zone of a US ZIP code (5 digits, or ZIP+4), else ""."""
    code = "" if postal_code is None else str(postal_code).strip()[:5]
    if code.isdigit() and len(code) < 5:
        code = code.zfill(5)  # a ZIP given as a number loses its leading zeros
    if not (len(code) == 5 and code.isascii() and code.isdigit()):
        return ""
    found = zip_rows(code)
    return known_zone(found[0].get("timezone")) if found else ""


def zone_of_state(state, city="") -> str:
    """Return the zone of a US city ("Springfield", "IL"), else of its state
    where the whole state keeps one zone; "" when that is not known."""
    code = "" if state is None else str(state).strip().upper()
    if len(code) != 2:
        return ""
    places = _zones_in_state(code)
    wanted = str(city or "").strip().lower()
    in_city = [zone for town, zone in places if town == wanted]
    zones = set(in_city or (zone for _, zone in places)) - {""}
    return zones.pop() if len(zones) == 1 else ""


@functools.lru_cache(maxsize=64)
def _zones_in_state(code: str) -> tuple[tuple[str, str], ...]:
    """(city in lower case, zone) of every ZIP code of a state."""
    return tuple(
        (row["city"].lower(), known_zone(row.get("timezone")))
        for row in zipcodes.filter_by(state=code)
    )


def find_zone(
    *,
    own: str = "",
    operator: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    postal_code: str = "",
    city: str = "",
    state: str = "",
) -> str:
    """Return a meeting's zone by the rule in the module docstring, or ""."""
    return (
        known_zone(own)
        or known_zone(operator)
        or zone_at(latitude, longitude)
        or zone_of_zip(postal_code)
        or zone_of_state(state, city)
    )


def zone_name(name: str) -> str:
    """The name people know a zone by, in the reader's language: "Pacific
    time", "London time" (the city of an IANA name is not translated)."""
    if not known_zone(name):
        return gettext("local time")
    zone = ZoneInfo(name)
    if name.startswith("America/") or name == "Pacific/Honolulu":
        winter = datetime(2026, 1, 15, 12, tzinfo=zone).tzname() or ""
        summer = datetime(2026, 7, 15, 12, tzinfo=zone).tzname()
        if winter == "MST" and summer == winter and name == "America/Phoenix":
            return gettext("Arizona time")
        if winter in _AMERICAN_NAMES:
            return str(_AMERICAN_NAMES[winter])
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return gettext("%(city)s time") % {"city": city}
