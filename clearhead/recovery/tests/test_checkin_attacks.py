"""Check-ins under attack: what a careless or hostile client may send, and a
second copy of yesterday's late check-in racing the first (issue 14, checked
from outside). Each answer is a 4xx naming the problem, never a 500, and
nothing is stored that the rules forbid."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from clearhead.recovery import services
from clearhead.recovery.models import DailyCheckIn
from clearhead.recovery.tests.test_checkin_offline_rules import (
    EVENING,
    StatementLog,
    body,
    fields_of,
    post,
)
from clearhead.recovery.tests.test_recovery_pages import onboard


@pytest.fixture
def chicagoan(patient_pat):
    patient_pat.time_zone = "America/Chicago"
    patient_pat.save(update_fields=["time_zone"])
    return patient_pat


def test_a_body_over_the_upload_limit_is_a_413_not_a_500(client, patient_pat):
    client.force_login(patient_pat)
    response = post(client, body(note="x" * 3_000_000))
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert not DailyCheckIn.objects.exists()


@pytest.mark.parametrize(
    "instant",
    ["0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00Z", "0001-01-01T05:00:00Z"],
)
def test_an_instant_at_the_start_of_the_calendar_is_a_422_naming_it(
    client, chicagoan, instant
):
    """Read in Chicago, the first day of year 1 is before the calendar begins."""
    client.force_login(chicagoan)
    with time_machine.travel(EVENING, tick=False):
        response = post(client, body(recorded_at=instant))
    assert response.status_code == 422
    assert "too old" in fields_of(response)["recorded_at"]
    assert not DailyCheckIn.objects.exists()


def test_a_nul_character_in_the_note_is_a_field_error(client, patient_pat):
    """PostgreSQL cannot store NUL in text: it must be refused before the
    database sees it, on every database, as a field error."""
    with pytest.raises(ValidationError) as refused:
        services.checkin_create(
            actor=patient_pat, client_id=uuid.uuid4(), data=body(note="fine\x00")
        )
    assert "note" in refused.value.message_dict
    client.force_login(patient_pat)
    response = post(client, body(note="a\x00b"))
    assert response.status_code == 422
    assert "note" in fields_of(response)
    assert not DailyCheckIn.objects.exists()


def test_two_late_checkins_for_yesterday_racing_store_only_one(
    client, chicagoan, monkeypatch
):
    """Two copies of "I missed yesterday" (two tabs, two phones) with their own
    client_ids: the second is refused even when it read "no check-in yet"
    before the first was stored, and no statement fails."""
    client.force_login(chicagoan)
    yesterday = (EVENING - timedelta(days=1)).date().isoformat()
    with time_machine.travel(EVENING, tick=False):
        assert post(client, body(day=yesterday)).status_code == 201
        # The second request read before the first was written.
        monkeypatch.setattr(services, "_day_has_checkin", lambda actor, day: False)
        statements = StatementLog()
        with connection.execute_wrapper(statements):
            second = post(client, body(day=yesterday, craving=8))
    assert second.status_code == 422
    assert fields_of(second)["day"] == "That day already has a check-in."
    assert DailyCheckIn.objects.filter(late=True).count() == 1
    assert statements.failed == []


# Two check-ins on one day: "the latest" is the one made last.

HIGH_ID = uuid.UUID("ffffffff-ffff-4fff-bfff-ffffffffffff")


def _checkin(patient, **answers):
    checkin, _ = services.checkin_create(
        actor=patient, client_id=uuid.uuid4(), data=body(**answers)
    )
    return checkin


def _open_codes(patient):
    from clearhead.flags.models import Flag

    return {flag.kind for flag in Flag.objects.filter(patient=patient, cleared_at=None)}


def test_a_later_checkin_the_same_day_decides_low_confidence(patient_pat):
    """Morning: confidence 2 (flagged). Evening: 8. The evening's is the
    latest, whatever the random public ids of the two say."""
    morning = _checkin(patient_pat, confidence=2)
    assert "low_confidence" in _open_codes(patient_pat)
    # The morning's public id sorts after any other: an order by id alone
    # would take the morning's for the latest.
    DailyCheckIn.objects.filter(pk=morning.pk).update(public_id=HIGH_ID)
    _checkin(patient_pat, confidence=8)
    assert "low_confidence" not in _open_codes(patient_pat)


def test_the_last_three_checkins_are_the_last_three_made(patient_pat):
    """High craving reads the last three check-ins: two high ones made
    earlier today are not among them once three calm ones followed."""
    first, second = _checkin(patient_pat, craving=9), _checkin(patient_pat, craving=9)
    DailyCheckIn.objects.filter(pk=first.pk).update(public_id=HIGH_ID)
    DailyCheckIn.objects.filter(pk=second.pk).update(
        public_id=uuid.UUID("fffffffe-ffff-4fff-bfff-ffffffffffff")
    )
    for _ in range(3):
        _checkin(patient_pat, craving=1)
    assert "high_craving" not in _open_codes(patient_pat)


def test_yesterdays_page_sent_after_midnight_does_not_file_under_today(
    client, chicagoan
):
    """The late page says "For Monday 30 November"; sent at 12:01 am on
    2 December, its answers are about 30 November and must not be stored
    as 1 December's (by then "yesterday")."""
    onboard(chicagoan, time_zone="America/Chicago")
    client.force_login(chicagoan)
    just_before = EVENING.replace(hour=23, minute=58)  # 1 December, Chicago
    with time_machine.travel(just_before, tick=False):
        page = client.get("/recovery/check-in/?missed=yesterday").content.decode()
    assert 'name="day" value="2026-11-30"' in page
    form = {
        "client_id": str(uuid.uuid4()),
        "late": "True",
        "day": "2026-11-30",
        "craving": "3",
        "mood": "4",
        "used_ketamine": "no",
        "self_harm_thoughts": "no",
    }
    with time_machine.travel(just_before + timedelta(minutes=3), tick=False):
        response = client.post("/recovery/check-in/?missed=yesterday", form)
    assert response.status_code == 200
    assert "yesterday only" in response.content.decode()
    assert not DailyCheckIn.objects.exists()


def test_a_day_on_todays_page_is_ignored(client, chicagoan):
    """Only the late page names a day: today's cannot file under another."""
    onboard(chicagoan, time_zone="America/Chicago")
    client.force_login(chicagoan)
    form = {
        "client_id": str(uuid.uuid4()),
        "day": "2026-11-20",
        "craving": "3",
        "mood": "4",
        "used_ketamine": "no",
        "self_harm_thoughts": "no",
    }
    with time_machine.travel(EVENING, tick=False):
        assert client.post("/recovery/check-in/", form).status_code == 302
    assert DailyCheckIn.objects.get().day == EVENING.date()
