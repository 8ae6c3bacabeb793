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

EARTH_RADIUS_MILES = 3958.7613


class PlaceNotFound(ValueError):
    """The text names no place we can find."""


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    label: str


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


ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
LAT_LNG = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
CITY_STATE = re.compile(r"^\s*([A-Za-z .'-]+?)\s*,\s*([A-Za-z]{2})\s*$")


@functools.lru_cache(maxsize=4096)
def resolve_place(text: str) -> Place:
    """Turn a ZIP code, "City, ST" or "lat,lng" into a place, or raise PlaceNotFound."""
    if match := ZIP.match(text):
        return _zip_place(match.group(1))
    if match := LAT_LNG.match(text):
        latitude, longitude = float(match.group(1)), float(match.group(2))
        if -90 <= latitude <= 90 and -180 <= longitude <= 180:
            return Place(latitude, longitude, "your location")
        raise PlaceNotFound(f"{text.strip()} is not a valid latitude and longitude")
    if match := CITY_STATE.match(text):
        return _city_place(match.group(1), match.group(2).upper())
    raise PlaceNotFound(
        f"{text.strip()!r} is not a ZIP code or a city and state (like Springfield, IL)"
    )


def _zip_place(zip_code: str) -> Place:
    found = zipcodes.matching(zip_code)
    if not found:
        raise PlaceNotFound(f"{zip_code} is not a US ZIP code we know")
    row = found[0]
    return Place(
        float(row["lat"]),
        float(row["long"]),
        f"{row['city']}, {row['state']} {zip_code}",
    )


def _city_place(city: str, state: str) -> Place:
    rows = [
        row
        for row in zipcodes.filter_by(state=state)
        if row["city"].lower() == city.lower() and row["lat"] and row["long"]
    ]
    if not rows:
        raise PlaceNotFound(f"we cannot find {city.title()}, {state}")
    latitude = sum(float(row["lat"]) for row in rows) / len(rows)
    longitude = sum(float(row["long"]) for row in rows) / len(rows)
    return Place(latitude, longitude, f"{rows[0]['city']}, {state}")


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
