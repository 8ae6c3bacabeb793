"""Places and distances, entirely offline.

A ZIP code or "City, ST" becomes a centroid from the `zipcodes` package,
which ships its data; a browser's own location arrives as "lat,lng". The
person's location is never sent anywhere else.
"""

import functools
import math
import re
from dataclasses import dataclass

import zipcodes
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_MILES = 3958.7613
# The label of a browser's own position: our words, unlike a town's name.
YOUR_LOCATION = _("your location")


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    label: str

    @property
    def is_your_location(self) -> bool:
        """A browser's own position ("lat,lng"), not a named place."""
        return self.label is YOUR_LOCATION


def haversine_miles(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lng2 - lng1)
    a = (
        math.sin(d_phi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(
    place: Place, radius_miles: float
) -> tuple[float, float, float, float]:
    """Return (min_lat, max_lat, min_lng, max_lng) enclosing the radius.

    A cheap, indexable prefilter: every point within the radius is inside
    the box (the exact spherical bounds, after Matuschek), and exact
    distances are computed only for points in it.
    """
    angular = radius_miles / EARTH_RADIUS_MILES
    d_lat = math.degrees(angular)
    reach = math.sin(angular) / max(math.cos(math.radians(place.latitude)), 1e-9)
    d_lng = 180.0 if reach >= 1 else math.degrees(math.asin(reach))
    return (
        place.latitude - d_lat,
        place.latitude + d_lat,
        place.longitude - d_lng,
        place.longitude + d_lng,
    )


# ASCII digits only: \d also matches other scripts' digits ("٦٢٧٠٤"), which
# the zipcodes package's Rust core cannot slice (it panics, a 500).
ZIP = re.compile(r"^\s*(\d{5})(?:[-\s]?\d{4})?\s*$", re.ASCII)
LAT_LNG = re.compile(
    r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$", re.ASCII
)
CITY_STATE = re.compile(r"^\s*([A-Za-z .'-]+?)\s*,\s*([A-Za-z]{2})\s*$")
# Longer than any US place name with its state; longer text is not a place.
MAX_PLACE_LENGTH = 80
EXAMPLE = _("a ZIP code like 62704, or a town and state like Springfield, IL")
# Short forms people type for the words the ZIP data spells out.
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


class PlaceNotFound(ValueError):
    """The text names no place we can find. The message is written for the
    person who typed it, in their language."""


class AmbiguousPlace(PlaceNotFound):
    """A town name found in more than one state: `choices` are the places it
    may mean ("Springfield, IL", …), each one a search that works."""

    def __init__(self, message: str, choices: tuple[str, ...]):
        super().__init__(message)
        self.choices = choices


def _shown(text: str) -> str:
    """The person's text, safe to repeat back in a sentence: printable, on
    one line, and short."""
    cleaned = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return cleaned if len(cleaned) <= 40 else cleaned[:39] + "…"


def _city_key(city: str) -> str:
    """A town's name as the index keys it: lower case, words only, with
    St/Ft/Mt spelt out as the ZIP data spells them."""
    words = re.sub(r"[.'\-]", " ", city.lower()).split()
    if words and words[0] in _ABBREVIATIONS:
        words[0] = _ABBREVIATIONS[words[0]]
    return " ".join(words)


@functools.lru_cache(maxsize=1)
def _towns() -> dict[str, dict[str, list[dict]]]:
    """Every town the ZIP data names (its own name and the other names the
    Postal Service accepts for it), as key -> state -> ZIP rows with a centre."""
    towns: dict[str, dict[str, list[dict]]] = {}
    for row in zipcodes.list_all():
        if not (row["lat"] and row["long"]):
            continue
        for name in {row["city"], *row.get("acceptable_cities", [])}:
            towns.setdefault(_city_key(name), {}).setdefault(row["state"], []).append(
                row
            )
    return towns


def _states() -> set[str]:
    return {state for by_state in _towns().values() for state in by_state}


@functools.lru_cache(maxsize=4096)
def resolve_place(text: str) -> Place:
    """Turn what a person typed into a place, or raise PlaceNotFound.

    Accepted: a ZIP code (62704, or ZIP+4 62704-1234); "lat,lng" from the
    browser; a town and state with or without a comma, in any case
    ("chicago il", "Chicago, IL"); a town alone when only one state has it
    ("Springfield" is in many, so AmbiguousPlace lists them).
    """
    if len(text) > MAX_PLACE_LENGTH:
        raise PlaceNotFound(
            gettext("That is too long for a place. Try %(example)s")
            % {"example": EXAMPLE}
        )
    if match := ZIP.match(text):
        return _zip_place(match.group(1))
    if match := LAT_LNG.match(text):
        latitude, longitude = float(match.group(1)), float(match.group(2))
        if -90 <= latitude <= 90 and -180 <= longitude <= 180:
            return Place(latitude, longitude, YOUR_LOCATION)
        raise PlaceNotFound(
            gettext("%(text)s is not a place on the map. Try %(example)s")
            % {"text": _shown(text), "example": EXAMPLE}
        )
    if match := CITY_STATE.match(text):
        return _city_place(match.group(1), match.group(2).upper())
    return _town_place(text)


def _town_place(text: str) -> Place:
    """A town with its state after a space ("chicago il"), or a town alone."""
    key = _city_key(text)
    words = key.split()
    if len(words) >= 2 and words[-1].upper() in _states():
        city, state = " ".join(words[:-1]), words[-1].upper()
        if _towns().get(_city_key(city), {}).get(state):
            return _city_place(city, state)
    by_state = _towns().get(key, {}) if re.fullmatch(r"[a-z ]+", key) else {}
    if len(by_state) == 1:
        (state,) = by_state
        return _city_place(key, state)
    if by_state:
        name = _town_name(by_state[sorted(by_state)[0]], key)
        choices = tuple(f"{name}, {state}" for state in sorted(by_state))
        raise AmbiguousPlace(
            gettext("There is a %(town)s in %(count)s states. Choose the one you mean")
            % {"town": name, "count": len(choices)},
            choices,
        )
    shown = _shown(text)
    if not shown:
        raise PlaceNotFound(gettext("Type a place: %(example)s") % {"example": EXAMPLE})
    raise PlaceNotFound(
        gettext("We cannot find %(text)s. Try %(example)s")
        % {"text": shown, "example": EXAMPLE}
    )


# Every state, district, territory and military "state" of the ZIP data
# (test_geo checks that the list misses none).
ZIP_STATES = (
    *("AA", "AE", "AK", "AL", "AP", "AR", "AS", "AZ", "CA", "CO", "CT", "DC"),
    *("DE", "FL", "FM", "GA", "GU", "HI", "IA", "ID", "IL", "IN", "KS", "KY"),
    *("LA", "MA", "MD", "ME", "MH", "MI", "MN", "MO", "MP", "MS", "MT", "NC"),
    *("ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "PR"),
    *("PW", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VI", "VT", "WA", "WI"),
    *("WV", "WY"),
)
# The fields of a ZIP code's row that are looked up by its code.
ZIP_FIELDS = ("zip_code", "lat", "long", "city", "state", "timezone")


@functools.lru_cache(maxsize=1)
def zip_index() -> dict[str, tuple]:
    """Every ZIP code's place and zone, by its five digits: one dictionary
    look-up, where zipcodes.matching scans all 42,000 rows (a millisecond a
    call, minutes over a national feed whose every row is checked by its
    ZIP). Built a state at a time and kept small (about 10 MB), never from
    zipcodes.list_all(), whose full rows would hold 100 MB."""
    index = {}
    for state in ZIP_STATES:
        for row in zipcodes.filter_by(state=state):
            index[row["zip_code"]] = tuple(row[key] for key in ZIP_FIELDS)
    return index


def zip_rows(zip_code: str) -> list[dict]:
    """The row of a five-digit ZIP code (its ZIP_FIELDS), in a list as
    zipcodes.matching gives it; empty when the code is not known."""
    found = zip_index().get(zip_code)
    return [dict(zip(ZIP_FIELDS, found, strict=True))] if found else []


def _zip_place(zip_code: str) -> Place:
    found = zip_rows(zip_code)
    if not found or not (found[0]["lat"] and found[0]["long"]):
        raise PlaceNotFound(
            gettext(
                "%(zip)s is not a US ZIP code we know. Check the number, or type "
                "a town and state like Springfield, IL"
            )
            % {"zip": zip_code}
        )
    row = found[0]
    return Place(
        float(row["lat"]),
        float(row["long"]),
        f"{row['city']}, {row['state']} {zip_code}",
    )


def _city_place(city: str, state: str) -> Place:
    rows = _towns().get(_city_key(city), {}).get(state, [])
    if not rows:
        raise PlaceNotFound(
            gettext(
                "We cannot find %(town)s, %(state)s. Check the spelling, or type a "
                "ZIP code like 62704"
            )
            % {"town": _shown(city).title(), "state": state}
        )
    latitude = sum(float(row["lat"]) for row in rows) / len(rows)
    longitude = sum(float(row["long"]) for row in rows) / len(rows)
    return Place(latitude, longitude, f"{_town_name(rows, city)}, {state}")


def _town_name(rows: list[dict], typed: str) -> str:
    """The town's name as the ZIP data spells it (Saint Louis for "st louis"),
    not the name of a bigger town whose ZIP codes also accept it."""
    key = _city_key(typed)
    return next(
        (row["city"] for row in rows if _city_key(row["city"]) == key), typed.title()
    )


# Every row of an import is checked against its ZIP code's centre: once per
# code (there are about 42,000), not once per row.
@functools.lru_cache(maxsize=65536)
def _known_zip_place(zip_code: str) -> Place | None:
    """The centre of a well-formed ZIP code we know, else None."""
    if not (match := ZIP.match(zip_code or "")):
        return None
    try:
        return _zip_place(match.group(1))
    except PlaceNotFound:
        return None


def approximate_coordinates(
    zip_code: str = "", city: str = "", state: str = ""
) -> tuple[float, float] | None:
    """Where a listing without coordinates probably is: its ZIP code's centre,
    else its city's (the mean of the city's ZIP centres); None if neither is
    known. Offline, like every lookup here."""
    if (place := _known_zip_place(zip_code)) is not None:
        return place.latitude, place.longitude
    if city.strip() and len(state.strip()) == 2:
        try:
            place = _city_place(city.strip(), state.strip().upper())
        except PlaceNotFound:
            return None
        return place.latitude, place.longitude
    return None


# How far from its ZIP code's centre a listing may be: rural ZIP areas are
# large, while swapped or wrong coordinates are hundreds of miles off.
ZIP_REACH_MILES = 100
# How far outside the box of its state's ZIP centres, in degrees.
STATE_MARGIN_DEGREES = 0.75


@functools.lru_cache(maxsize=64)
def _state_box(state: str) -> tuple[float, float, float, float] | None:
    points = [
        (float(row["lat"]), float(row["long"]))
        for row in zipcodes.filter_by(state=state)
        if row["lat"] and row["long"]
    ]
    if not points:
        return None
    lats, lngs = [p[0] for p in points], [p[1] for p in points]
    margin = STATE_MARGIN_DEGREES
    return (
        min(lats) - margin,
        max(lats) + margin,
        min(lngs) - margin,
        max(lngs) + margin,
    )


def coordinates_fit(
    latitude: float, longitude: float, zip_code: str = "", state: str = ""
) -> bool:
    """Whether a point can be where a US row says it is: near its ZIP code's
    centre, else (no ZIP code we know) inside its state. A row with neither
    (or outside the US) has nothing to check against, and fits."""
    if (place := _known_zip_place(zip_code)) is not None:
        distance = haversine_miles(latitude, longitude, place.latitude, place.longitude)
        return distance <= ZIP_REACH_MILES
    box = _state_box(state.strip().upper()) if len(state.strip()) == 2 else None
    if box is None:
        return True
    low_lat, high_lat, low_lng, high_lng = box
    return low_lat <= latitude <= high_lat and low_lng <= longitude <= high_lng
