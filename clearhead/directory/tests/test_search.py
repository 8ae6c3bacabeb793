"""Nearest-first search with filters, in the API and on the pages alike."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearhead.directory.geo import haversine_miles, resolve_place
from clearhead.directory.tests.factories import FacilityFactory, MeetingFactory

SPRINGFIELD = resolve_place("62704")


def api(client, path, **params):
    return client.get(f"/api/v1/{path}", params)


def test_results_are_nearest_first_with_haversine_distances(client, db):
    far = FacilityFactory(name="Far", latitude=40.10, longitude=-89.40)
    near = FacilityFactory(name="Near", latitude=39.78, longitude=-89.68)
    FacilityFactory(
        name="Chicago", latitude=41.88, longitude=-87.63
    )  # outside 50 miles
    body = api(client, "facilities", near="62704").json()
    assert body["count"] == 2
    assert [r["name"] for r in body["results"]] == ["Near", "Far"]
    for result, facility in zip(body["results"], (near, far), strict=True):
        exact = haversine_miles(
            SPRINGFIELD.latitude,
            SPRINGFIELD.longitude,
            facility.latitude,
            facility.longitude,
        )
        assert abs(result["distance_miles"] - exact) <= 0.1


def test_filters_of_one_kind_are_any_of_and_kinds_combine_with_and(client, db):
    FacilityFactory(
        name="Medicaid outpatient", payments=["medicaid"], levels=["outpatient"]
    )
    FacilityFactory(name="Free residential", payments=["free"], levels=["residential"])
    FacilityFactory(
        name="Private outpatient", payments=["private_insurance"], levels=["outpatient"]
    )

    def names(**p):
        return sorted(
            r["name"]
            for r in api(client, "facilities", near="62704", **p).json()["results"]
        )

    assert names(payment=["medicaid", "free"]) == [
        "Free residential",
        "Medicaid outpatient",
    ]
    assert names(payment=["medicaid", "free"], level="outpatient") == [
        "Medicaid outpatient"
    ]


def test_detox_is_a_filter_of_its_own(client, db):
    FacilityFactory(name="With detox", services=["detox", "cbt"])
    FacilityFactory(name="Without", services=["cbt", "mental_health"])
    body = api(
        client, "facilities", near="62704", detox="1", service="mental_health"
    ).json()
    assert body["count"] == 0
    body = api(client, "facilities", near="62704", detox="1").json()
    assert [r["name"] for r in body["results"]] == ["With detox"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "00000"}, "near"),
        ({"near": "62704", "level": "spa"}, "level"),
        ({"payment": "bitcoin"}, "payment"),
        ({"radius_miles": "9000"}, "radius_miles"),
        ({"limit": "500"}, "limit"),
        ({"limit": "ten"}, "limit"),
    ],
)
def test_an_unknown_zip_or_value_is_422_naming_it(client, db, params, field):
    response = api(client, "facilities", **params)
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]


@pytest.mark.parametrize("name", ["radius_miles", "limit", "offset", "page"])
@pytest.mark.parametrize("value", ["inf", "-inf", "1e309", "9" * 400])
def test_a_number_too_big_for_a_number_is_a_message_never_an_error(
    client, db, name, value
):
    """float() turns these into infinity, which int() cannot take."""
    params = {"near": "62704", name: value}
    for path in ("facilities", "meetings"):
        response = api(client, path, **params)
        assert response.status_code == 422
        assert name in [error["field"] for error in response.json()["errors"]]
    for page in ("/find/", "/meetings/"):
        response = client.get(page, params)
        assert response.status_code == 200
        assert "We could not search with that." in response.content.decode()


def test_paging_with_limit_and_offset(client, db):
    for index in range(5):
        FacilityFactory(latitude=39.78 + index * 0.01, longitude=-89.65)
    first = api(client, "facilities", near="62704", limit=2).json()
    second = api(client, "facilities", near="62704", limit=2, offset=2).json()
    assert first["count"] == second["count"] == 5
    assert {r["id"] for r in first["results"]}.isdisjoint(
        {r["id"] for r in second["results"]}
    )


@pytest.mark.parametrize("size", [10, 200])
def test_a_search_costs_the_same_queries_however_large_the_directory(db, size):
    from clearhead.directory.selectors import FacilityQuery, facility_search

    FacilityFactory.create_batch(size)
    query = FacilityQuery(place=SPRINGFIELD, filters={"level": ["outpatient"]})
    with CaptureQueriesContext(connection) as captured:
        page = facility_search(query)
    assert page.count == size
    assert len(captured.captured_queries) == 2


def test_meetings_filter_by_day_attendance_fellowship_and_all_types(client, db):
    MeetingFactory(name="Tuesday open women", days=[2], types=["O", "W", "X"])
    MeetingFactory(name="Tuesday open", days=[2], types=["O"])
    MeetingFactory(name="Sunday SMART", days=[0], fellowship="smart", is_secular=True)

    def names(**p):
        return sorted(
            r["name"]
            for r in api(client, "meetings", near="62704", **p).json()["results"]
        )

    assert names(day="2") == ["Tuesday open", "Tuesday open women"]
    assert names(type=["O", "W", "X"]) == ["Tuesday open women"]
    assert names(fellowship="smart") == ["Sunday SMART"]
    assert names(day=["0", "2"], fellowship=["smart", "na"]) == [
        "Sunday SMART",
        "Tuesday open",
        "Tuesday open women",
    ]


def test_online_meetings_are_found_from_anywhere(client, db):
    MeetingFactory(
        name="Online far away", attendance="online", latitude=47.6, longitude=-122.3
    )
    MeetingFactory(name="In person far away", latitude=47.6, longitude=-122.3)
    body = api(client, "meetings", near="62704", attendance="online").json()
    assert [r["name"] for r in body["results"]] == ["Online far away"]


def test_unknown_meeting_filters_are_422(client, db):
    response = api(client, "meetings", day="7", attendance="teleport")
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"day", "attendance"}


def test_the_page_and_the_api_agree(client, db):
    FacilityFactory(
        name="Alpha", latitude=39.78, longitude=-89.66, levels=["residential"]
    )
    FacilityFactory(
        name="Beta", latitude=39.85, longitude=-89.60, levels=["residential"]
    )
    FacilityFactory(
        name="Gamma", latitude=39.81, longitude=-89.62, levels=["outpatient"]
    )
    api_names = [
        r["name"]
        for r in api(client, "facilities", near="62704", level="residential").json()[
            "results"
        ]
    ]
    page = client.get(
        "/find/", {"near": "62704", "level": "residential"}
    ).content.decode()
    assert api_names == ["Alpha", "Beta"]
    assert page.index(">Alpha<") < page.index(">Beta<")
    assert ">Gamma<" not in page
