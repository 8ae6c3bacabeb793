"""Offline and late check-ins: the day from the device's instant, the
account tag, yesterday's missed check-in, and a replay that makes no
database statement fail (issue 14, part 4)."""

import json
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhead.accounts.device_store import device_store_id
from clearhead.flags.definitions import OFFLINE_CHECKIN_DAYS
from clearhead.recovery import services
from clearhead.recovery.models import DailyCheckIn
from clearhead.recovery.tests.test_recovery_pages import onboard

URL = "/api/v1/checkins"
CHICAGO = ZoneInfo("America/Chicago")
# 11:30 pm on 1 December in Chicago: already 2 December in UTC and in Tokyo.
EVENING = datetime(2026, 12, 1, 23, 30, tzinfo=CHICAGO)


def body(**overrides):
    data = {
        "client_id": str(uuid.uuid4()),
        "craving": 3,
        "mood": 4,
        "used_ketamine": False,
        "self_harm_thoughts": False,
    }
    return data | overrides


def post(client, data):
    return client.post(URL, data=json.dumps(data), content_type="application/json")


def fields_of(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


@pytest.fixture
def chicagoan(patient_pat):
    patient_pat.time_zone = "America/Chicago"
    patient_pat.save(update_fields=["time_zone"])
    return patient_pat


@pytest.fixture
def at_evening():
    with time_machine.travel(EVENING + timedelta(minutes=10), tick=False):
        yield


def test_the_day_is_read_from_the_instant_in_the_patients_zone(
    client, chicagoan, at_evening
):
    client.force_login(chicagoan)
    # The phone is set to Tokyo: its own date is 2 December.
    made = EVENING.astimezone(ZoneInfo("Asia/Tokyo")).isoformat()
    response = post(client, body(recorded_at=made))
    assert response.status_code == 201
    assert response.json()["day"] == "2026-12-01"
    assert response.json()["late"] is False
    assert DailyCheckIn.objects.get().recorded_at == EVENING


def test_an_instant_made_yesterday_and_sent_today_counts_for_yesterday(
    client, chicagoan
):
    client.force_login(chicagoan)
    with time_machine.travel(EVENING + timedelta(hours=10), tick=False):
        response = post(client, body(recorded_at=EVENING.isoformat()))
    assert response.status_code == 201
    # Made on its day, so not late (and yesterday may hold others too).
    assert (response.json()["day"], response.json()["late"]) == ("2026-12-01", False)


@pytest.mark.parametrize(
    ("recorded_at", "message"),
    [
        (EVENING + timedelta(minutes=16), "future"),
        (EVENING - timedelta(days=OFFLINE_CHECKIN_DAYS + 1), "too old"),
    ],
)
def test_an_instant_from_the_future_or_older_than_the_offline_window_is_a_422(
    client, chicagoan, at_evening, recorded_at, message
):
    client.force_login(chicagoan)
    response = post(client, body(recorded_at=recorded_at.isoformat()))
    assert response.status_code == 422
    assert message in fields_of(response)["recorded_at"]
    assert not DailyCheckIn.objects.exists()


def test_a_self_harm_answer_kept_offline_for_days_is_stored_on_its_day_and_flagged(
    client, chicagoan, at_evening
):
    # Three days without signal: the answer still reaches the record and
    # raises its crisis flag, dated the day it was given, not marked late.
    client.force_login(chicagoan)
    made = EVENING - timedelta(days=3)
    response = post(client, body(recorded_at=made.isoformat(), self_harm_thoughts=True))
    assert response.status_code == 201
    assert (response.json()["day"], response.json()["late"]) == ("2026-11-28", False)
    assert chicagoan.flags.filter(kind="crisis", cleared_at=None).exists()


def test_a_little_clock_skew_is_allowed(client, chicagoan, at_evening):
    client.force_login(chicagoan)
    ahead = EVENING + timedelta(minutes=14)  # 4 minutes ahead of the server
    assert post(client, body(recorded_at=ahead.isoformat())).status_code == 201


def test_an_instant_without_its_offset_is_refused(client, chicagoan, at_evening):
    client.force_login(chicagoan)
    response = post(client, body(recorded_at="2026-12-01T23:30:00"))
    assert response.status_code == 422
    assert "recorded_at" in fields_of(response)


def test_a_day_that_contradicts_the_instant_is_refused(client, chicagoan, at_evening):
    client.force_login(chicagoan)
    response = post(client, body(recorded_at=EVENING.isoformat(), day="2026-12-02"))
    assert response.status_code == 422
    assert "day" in fields_of(response)


def test_a_checkin_queued_under_another_account_is_a_409_and_not_stored(
    client, patient_pat, patient_pia
):
    client.force_login(patient_pia)
    response = post(client, body(account_tag=device_store_id(patient_pat)))
    assert response.status_code == 409
    assert "another account" in response.json()["detail"]
    assert not DailyCheckIn.objects.exists()
    own = post(client, body(account_tag=device_store_id(patient_pia)))
    assert own.status_code == 201


def test_the_storage_id_is_per_account_and_names_no_one(patient_pat, patient_pia):
    ours = device_store_id(patient_pat)
    assert ours == device_store_id(patient_pat)
    assert ours != device_store_id(patient_pia)
    assert len(ours) == 32
    assert int(ours, 16) != patient_pat.pk
    assert patient_pat.email.split("@")[0] not in ours
    # Keyed by the deployment's secret: no one can work it out from the key.
    with override_settings(SECRET_KEY="another deployment's secret key " * 2):
        assert device_store_id(patient_pat) != ours


def test_every_page_carries_the_accounts_storage_id(client, patient_pat):
    assert 'name="clearhead-account" content=""' in client.get("/").content.decode()
    client.force_login(patient_pat)
    page = client.get("/").content.decode()
    assert f'name="clearhead-account" content="{device_store_id(patient_pat)}"' in page


# Yesterday's missed check-in.


def test_yesterdays_missed_checkin_is_stored_once_marked_late(client, chicagoan):
    client.force_login(chicagoan)
    with time_machine.travel(EVENING, tick=False):
        first = post(client, body(day="2026-11-30"))
        second = post(client, body(day="2026-11-30"))
    assert first.status_code == 201
    assert first.json()["late"] is True
    assert second.status_code == 422
    assert fields_of(second)["day"] == "That day already has a check-in."
    assert DailyCheckIn.objects.get().late is True


def test_a_late_replay_is_the_same_checkin(client, chicagoan):
    client.force_login(chicagoan)
    data = body(day="2026-11-30")
    with time_machine.travel(EVENING, tick=False):
        assert post(client, data).status_code == 201
        assert post(client, data).status_code == 200
    assert DailyCheckIn.objects.count() == 1


def test_no_late_checkin_for_a_day_that_has_one_or_before_yesterday(client, chicagoan):
    client.force_login(chicagoan)
    with time_machine.travel(EVENING - timedelta(days=1), tick=False):
        assert post(client, body()).status_code == 201  # on time, 30 November
    with time_machine.travel(EVENING, tick=False):
        filled = post(client, body(day="2026-11-30"))
        too_old = post(client, body(day="2026-11-29"))
    assert filled.status_code == too_old.status_code == 422
    assert "yesterday only" in fields_of(too_old)["day"]
    assert DailyCheckIn.objects.count() == 1


# Values are validated before the database sees them.


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"craving": 11}, "craving"),
        ({"mood": 0}, "mood"),
        ({"mood": 6}, "mood"),
        ({"sleep_hours": 25}, "sleep_hours"),
        ({"triggers": ["weather"]}, "triggers"),
        ({"note": "x" * 2001}, "note"),
        ({"stress": -1}, "stress"),
    ],
)
def test_the_service_refuses_bad_values_by_field(patient_pat, overrides, field):
    with pytest.raises(ValidationError) as refused:
        services.checkin_create(
            actor=patient_pat, client_id=uuid.uuid4(), data=body() | overrides
        )
    assert field in refused.value.message_dict
    assert not DailyCheckIn.objects.exists()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(craving=st.integers(-3, 14), mood=st.integers(-2, 8))
def test_the_python_validation_mirrors_the_database_checks(patient_pat, craving, mood):
    """Whatever the validators accept, the database stores; whatever they
    refuse, it would have refused too (so a refusal never reaches it)."""
    data = body(craving=craving, mood=mood)
    try:
        services.checkin_create(actor=patient_pat, client_id=uuid.uuid4(), data=data)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == (0 <= craving <= 10 and 1 <= mood <= 5)
    if not accepted and connection.vendor == "postgresql":
        # The raw row really would fail there (SQLite has no unsigned check).
        with pytest.raises(IntegrityError), transaction.atomic():
            DailyCheckIn.objects.create(
                patient=patient_pat,
                client_id=uuid.uuid4(),
                day=EVENING.date(),
                **{k: v for k, v in data.items() if k != "client_id"},
            )


class StatementLog:
    """Every statement run, and whether it failed (connection.execute_wrapper)."""

    def __init__(self):
        self.failed: list[str] = []
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        try:
            return execute(sql, params, many, context)
        except Exception:
            self.failed.append(sql)
            raise


def _server_log() -> Path | None:
    path = Path("/var/log/postgresql/postgresql-15-main.log")
    return path if connection.vendor == "postgresql" and path.is_file() else None


def test_a_replay_a_race_and_a_bad_value_make_no_statement_fail(client, patient_pat):
    """On PostgreSQL a failed statement is written to the server's log with
    its values; none may fail, and (where the log can be read) the note is
    not in it."""
    marker = f"private note {uuid.uuid4()}"
    log = _server_log()
    log_start = log.stat().st_size if log else 0
    client.force_login(patient_pat)
    data = body(note=marker)
    statements = StatementLog()
    with connection.execute_wrapper(statements):
        assert post(client, data).status_code == 201
        assert post(client, data).status_code == 200  # replay
        assert post(client, data | {"craving": 9}).status_code == 409
        assert post(client, body(note=marker, mood=9)).status_code == 422
        with pytest.raises(ValidationError):
            services.checkin_create(
                actor=patient_pat,
                client_id=uuid.uuid4(),
                data=body(note=marker, craving=12),
            )
        # A copy arriving at the same moment: its INSERT is ignored (no
        # read comes first, so there is no gap between a read and the insert
        # for a copy to slip into), and the stored one is handed back.
        checkin, created = services.checkin_create(
            actor=patient_pat,
            client_id=uuid.UUID(data["client_id"]),
            data=data,
        )
    assert (checkin.note, created) == (marker, False)
    assert statements.count > 0
    assert statements.failed == []
    assert DailyCheckIn.objects.count() == 1
    if log:
        with log.open(errors="replace") as server_log:
            server_log.seek(log_start)
            assert marker not in server_log.read()


def test_a_checkin_costs_the_same_queries_however_many_are_stored(client, patient_pat):
    client.force_login(patient_pat)
    with CaptureQueriesContext(connection) as first:
        post(client, body())
    for _ in range(15):
        post(client, body())
    with CaptureQueriesContext(connection) as later:
        post(client, body())
    assert len(later) == len(first)


# The check-in page.


def test_the_page_offers_yesterdays_missed_checkin_once(client, patient_pat):
    onboard(patient_pat)
    client.force_login(patient_pat)
    page = client.get("/recovery/check-in/").content.decode()
    assert "I missed yesterday — log it now" in page
    late_page = client.get("/recovery/check-in/?missed=yesterday").content.decode()
    assert (
        "Yesterday&#x27;s check-in" in late_page or "Yesterday's check-in" in late_page
    )
    form = {
        "client_id": str(uuid.uuid4()),
        "late": "True",
        "craving": "3",
        "mood": "4",
        "used_ketamine": "no",
        "self_harm_thoughts": "no",
    }
    assert client.post("/recovery/check-in/?missed=yesterday", form).status_code == 302
    stored = DailyCheckIn.objects.get()
    assert stored.late is True
    assert "(logged late)" in client.get("/recovery/").content.decode()
    assert (
        "I missed yesterday" not in client.get("/recovery/check-in/").content.decode()
    )
    again = client.post(
        "/recovery/check-in/?missed=yesterday",
        form | {"client_id": str(uuid.uuid4())},
    )
    assert again.status_code == 200
    assert "That day already has a check-in." in again.content.decode()
    assert DailyCheckIn.objects.count() == 1


def test_yesterdays_page_asks_about_that_day_not_today(client, chicagoan, at_evening):
    onboard(chicagoan, time_zone="America/Chicago")
    client.force_login(chicagoan)
    # 11:40 pm on Tuesday 1 December in Chicago: yesterday was Monday.
    late_page = client.get("/recovery/check-in/?missed=yesterday").content.decode()
    assert "For Monday 30 November" in late_page
    assert "How strong were your cravings on Monday?" in late_page
    assert "Did you use ketamine on Monday?" in late_page
    assert "Hours of sleep the night before Monday" in late_page
    assert "today?" not in late_page
    assert "since your last check-in" not in late_page
    # Today's page keeps today's words.
    page = client.get("/recovery/check-in/").content.decode()
    assert "How strong were your cravings today?" in page
    assert "Monday" not in page


def test_the_form_sent_again_with_other_answers_is_refused_on_the_page(
    client, patient_pat
):
    onboard(patient_pat)
    client.force_login(patient_pat)
    form = {
        "client_id": str(uuid.uuid4()),
        "craving": "3",
        "mood": "4",
        "used_ketamine": "no",
        "self_harm_thoughts": "no",
    }
    client.post("/recovery/check-in/", form)
    again = client.post("/recovery/check-in/", form | {"craving": "8"})
    assert again.status_code == 200
    assert "already used" in again.content.decode()
    assert form["client_id"] not in again.content.decode()  # a fresh id to send
    assert DailyCheckIn.objects.get().craving == 3
