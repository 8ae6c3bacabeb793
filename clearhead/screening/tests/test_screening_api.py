"""POST /api/v1/screening/{instrument}: no sign-in, no CSRF, nothing stored."""

import json

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.screening.instruments import INSTRUMENTS

VALID = {
    "ketamine-self-check": [True, False, True, False, False, False, False],
    "dsm5-ketamine": {
        "larger_amounts": True,
        "cut_down": True,
        "time_spent": False,
        "craving": True,
        "role_failure": False,
        "social_problems": False,
        "activities_given_up": False,
        "hazardous_use": False,
        "harm_despite_knowledge": True,
        "tolerance": False,
    },
    "phq9": [1, 1, 1, 1, 1, 0, 0, 0, 0],
    "gad7": [3, 3, 3, 3, 3, 0, 0],
    "bladder-check": {"frequency": True, "blood_in_urine": True},
    "level-of-care": {"readiness": 2, "strong_home_support": True},
}
EXPECTED = {
    "ketamine-self-check": {"yes_count": 2, "concern": "likely"},
    "dsm5-ketamine": {"criteria_met": 4, "severity": "moderate"},
    "phq9": {"total": 5, "severity": "mild", "crisis": False},
    "gad7": {"total": 15, "severity": "severe"},
    "bladder-check": {"advice": "urgent", "red_flags": ["blood_in_urine"]},
    "level-of-care": {"level": "intensive_outpatient", "reasons": ["readiness"]},
}


def post(client, instrument, body):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(
        f"/api/v1/screening/{instrument}", data=data, content_type="application/json"
    )


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize("instrument", sorted(VALID))
def test_valid_answers_are_scored_with_instrument_and_version(client, db, instrument):
    response = post(client, instrument, {"answers": VALID[instrument]})
    assert response.status_code == 200
    body = response.json()
    assert body["instrument"] == instrument
    assert body["version"] == INSTRUMENTS[instrument].version
    assert EXPECTED[instrument].items() <= body.items()


@pytest.mark.parametrize(
    ("instrument", "answers", "field"),
    [
        ("ketamine-self-check", [True] * 6, "answers"),
        ("ketamine-self-check", [True] * 8, "answers"),
        ("ketamine-self-check", [True] * 6 + ["yes"], "answers.6"),
        ("ketamine-self-check", [1] * 7, "answers.0"),
        ("phq9", [0] * 8, "answers"),
        ("phq9", [0] * 8 + [4], "answers.8"),
        ("phq9", [0] * 8 + [-1], "answers.8"),
        ("phq9", [0] * 8 + ["1"], "answers.8"),
        ("phq9", [0] * 8 + [1.5], "answers.8"),
        ("phq9", [0] * 8 + [True], "answers.8"),
        ("gad7", [0] * 7 + [0], "answers"),
        (
            "dsm5-ketamine",
            {**VALID["dsm5-ketamine"], "withdrawal": True},
            "answers.withdrawal",
        ),
        (
            "dsm5-ketamine",
            {k: v for k, v in VALID["dsm5-ketamine"].items() if k != "craving"},
            "answers.craving",
        ),
        (
            "dsm5-ketamine",
            {**VALID["dsm5-ketamine"], "craving": "yes"},
            "answers.craving",
        ),
        ("bladder-check", {"sore_feet": True}, "answers.sore_feet"),
        ("bladder-check", {"fever": 1}, "answers.fever"),
        ("level-of-care", {"medical": 5}, "answers.medical"),
        ("level-of-care", {"homeless": "no"}, "answers.homeless"),
        ("level-of-care", {"mood": 2}, "answers.mood"),
        ("level-of-care", [0, 0, 0], "answers"),
    ],
)
def test_malformed_answers_are_422_naming_the_field(
    client, db, instrument, answers, field
):
    response = post(client, instrument, {"answers": answers})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Some fields are not valid."
    assert field in [error["field"] for error in body["errors"]]


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "",
        "[]",
        "null",
        '{"answers": [0,0,0,0,0,0,0,0,0], "extra": 1}',
        "{}",
    ],
)
def test_a_body_of_the_wrong_shape_is_422(client, db, body):
    response = post(client, "phq9", body)
    assert response.status_code == 422
    assert response.json()["errors"]


def test_an_unknown_instrument_is_a_json_404_listing_the_known_ones(client, db):
    response = post(client, "audit-c", {"answers": []})
    assert response.status_code == 404
    assert "phq9" in response.json()["detail"]


def test_no_sign_in_or_csrf_token_is_needed(db):
    from django.test import Client

    strict_client = Client(enforce_csrf_checks=True)
    response = post(strict_client, "phq9", {"answers": [0] * 9})
    assert response.status_code == 200


def test_scoring_writes_nothing_to_the_database(client, db):
    before = row_counts()
    for instrument, answers in VALID.items():
        post(client, instrument, {"answers": answers})
        post(client, instrument, {"answers": "malformed"})
    assert row_counts() == before


def test_answers_never_reach_the_logs(client, db, caplog):
    caplog.set_level("DEBUG")
    post(client, "phq9", {"answers": [0, 0, 0, 0, 0, 0, 0, 0, 3]})
    post(client, "phq9", {"answers": [0, 0, 0, 0, 0, 0, 0, 0, 9]})
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "[0, 0, 0" not in logged
    assert '"answers"' not in logged


def test_every_instrument_appears_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for instrument in INSTRUMENTS:
        assert f"/api/v1/screening/{instrument}" in paths


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=12)
        | st.dictionaries(st.text(max_size=12), children, max_size=12)
    ),
    max_leaves=30,
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(instrument=st.sampled_from(sorted(INSTRUMENTS)), answers=JSON_VALUES)
def test_any_json_at_all_gets_a_200_or_a_422_never_a_server_error(
    client, db, instrument, answers
):
    from django.core.cache import cache

    cache.clear()  # hypothesis sends more requests than the rate limit allows
    response = post(client, instrument, {"answers": answers})
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.json()["instrument"] == instrument


def test_scoring_is_rate_limited_per_address(client, db):
    statuses = [
        post(client, "gad7", {"answers": [0] * 7}).status_code for _ in range(61)
    ]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
