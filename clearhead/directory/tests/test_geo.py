import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhead.directory.geo import (
    AmbiguousPlace,
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


@pytest.mark.parametrize(
    "text", ["chicago il", "Chicago, IL", "CHICAGO IL", "  chicago ,  il ", "Chicago"]
)
def test_a_town_and_state_resolve_with_or_without_the_comma_in_any_case(text):
    place = resolve_place(text)
    assert place.label == "Chicago, IL"
    assert 41.7 < place.latitude < 42.0


def test_st_is_saint_as_the_zip_data_spells_it():
    assert resolve_place("St. Louis, MO").label == "Saint Louis, MO"
    assert resolve_place("st louis mo").label == "Saint Louis, MO"


def test_a_town_in_several_states_offers_each_as_a_choice():
    with pytest.raises(AmbiguousPlace) as raised:
        resolve_place("Springfield")
    choices = raised.value.choices
    assert {"Springfield, IL", "Springfield, MO", "Springfield, MA"} <= set(choices)
    assert list(choices) == sorted(choices)
    assert "Springfield" in str(raised.value)
    for choice in choices:  # every choice is a search that works
        assert resolve_place(choice).label == choice


@pytest.mark.parametrize("text", ["60614-1234", "60614 1234", " 60614 "])
def test_zip_plus_four_is_its_zip_code(text):
    assert resolve_place(text).label == "Chicago, IL 60614"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Atlantis, ZZ", "We cannot find Atlantis, ZZ"),
        ("chicagoo il", "We cannot find chicagoo il"),
        ("00000", "00000 is not a US ZIP code we know"),
    ],
)
def test_messages_repeat_the_place_in_plain_words_without_quotes(text, shown):
    with pytest.raises(PlaceNotFound) as raised:
        resolve_place(text)
    message = str(raised.value)
    assert message.startswith(shown)
    assert "'" not in message
    assert '"' not in message


def test_unprintable_or_long_text_is_not_repeated_back_raw():
    with pytest.raises(PlaceNotFound) as raised:
        resolve_place("chi\x00cago\n\t<b>")
    assert "\x00" not in str(raised.value)
    assert "\n" not in str(raised.value)
    with pytest.raises(PlaceNotFound, match="too long"):
        resolve_place("a" * 5000)


# No deadline: the first lookup loads the ZIP data and builds the town index.
@settings(deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_a_place_or_place_not_found(text):
    try:
        place = resolve_place(text)
    except PlaceNotFound:
        return
    assert -90 <= place.latitude <= 90
    assert -180 <= place.longitude <= 180
    assert place.label


@settings(deadline=None)
@given(
    st.sampled_from(["inf", "-inf", "nan", "1e308,1e308", "\x00", "62704\x00", "٦٢٧٠٤"])
    | st.from_regex(r"-?\d{1,3}(\.\d{0,20})?, ?-?\d{1,3}(\.\d{0,20})?", fullmatch=True)
    | st.from_regex(r"\d{5}(-\d{4})?", fullmatch=True)
)
def test_numbers_and_edge_text_never_raise_anything_else(text):
    with contextlib.suppress(PlaceNotFound):
        resolve_place(text)
