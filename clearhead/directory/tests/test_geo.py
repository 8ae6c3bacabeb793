import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhead.directory.geo import (
    PlaceNotFound,
    bounding_box,
    haversine_miles,
    resolve_place,
)

LATITUDE = st.floats(min_value=18, max_value=70)
LONGITUDE = st.floats(min_value=-170, max_value=-60)


def test_a_zip_code_resolves_offline_to_its_centroid():
    place = resolve_place("62704")
    assert place.label == "Springfield, IL 62704"
    assert abs(place.latitude - 39.7725) < 0.01
    assert resolve_place("62704-1234") == place


def test_a_city_and_state_resolve():
    place = resolve_place("Springfield, il")
    assert place.label == "Springfield, IL"
    assert 39.5 < place.latitude < 40.0


def test_browser_coordinates_are_used_as_they_are():
    place = resolve_place("39.78,-89.65")
    assert (place.latitude, place.longitude) == (39.78, -89.65)


@pytest.mark.parametrize("text", ["00000", "Atlantis, ZZ", "hello", "95,200", ""])
def test_unknown_places_say_why(text):
    with pytest.raises(PlaceNotFound):
        resolve_place(text)


def test_known_distances():
    # One degree along a meridian is 2 * pi * R / 360 = 69.09 miles.
    assert haversine_miles(0, 0, 1, 0) == pytest.approx(69.093, abs=0.01)
    # A quarter of the way round the equator.
    assert haversine_miles(0, 0, 0, 90) == pytest.approx(6218.4, abs=0.1)
    assert haversine_miles(40, -90, 40, -90) == 0


@given(LATITUDE, LONGITUDE, st.floats(min_value=1, max_value=500), st.floats(0, 359.9))
def test_every_point_within_the_radius_is_inside_the_bounding_box(
    lat, lng, radius, bearing
):
    import math

    from clearhead.directory.geo import Place

    place = Place(lat, lng, "")
    # Walk `radius * 0.999` miles in a given direction.
    distance = radius * 0.999 / 3958.7613
    phi1, lambda1, theta = math.radians(lat), math.radians(lng), math.radians(bearing)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(distance)
        + math.cos(phi1) * math.sin(distance) * math.cos(theta)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(distance) * math.cos(phi1),
        math.cos(distance) - math.sin(phi1) * math.sin(phi2),
    )
    end_lat, end_lng = math.degrees(phi2), math.degrees(lambda2)
    min_lat, max_lat, min_lng, max_lng = bounding_box(place, radius)
    assert min_lat <= end_lat <= max_lat
    assert min_lng <= end_lng <= max_lng
