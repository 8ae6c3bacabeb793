from django.db import OperationalError


def test_health_check_answers_ok_after_a_database_round_trip(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_check_answers_503_with_a_reason_when_the_database_is_down(
    client, db, monkeypatch
):
    class UnreachableDatabase:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("clearhead.core.views.connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "reason": "The database cannot be reached.",
    }


def test_health_check_needs_no_sign_in_and_is_never_cached(client, db):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
