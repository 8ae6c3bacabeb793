"""A check-in on its way while the account is being closed: whichever is let
in first, nothing the patient entered outlives the closing (the patient's
lock, recovery.rollups.patient_lock_statements)."""

import threading
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections

from clearhead.accounts.models import Role, User
from clearhead.flags import services as flag_services
from clearhead.recovery import closing
from clearhead.recovery import services as recovery_services
from clearhead.recovery.models import CheckInWeek, DailyCheckIn
from clearhead.testing import (
    PERSONA_PASSWORD,
    make_user,
    until_a_session_waits_for_a_lock,
)

ANSWERS = {"craving": 4, "mood": 3, "used_ketamine": False, "self_harm_thoughts": False}


def _checkin(patient):
    return recovery_services.checkin_create(
        actor=patient, client_id=uuid.uuid4(), data=ANSWERS
    )


def _close(patient):
    closing.account_close(actor=patient, password=PERSONA_PASSWORD)


def _nothing_left(patient_id):
    assert not DailyCheckIn.objects.filter(patient_id=patient_id).exists()
    assert not CheckInWeek.objects.filter(patient_id=patient_id).exists()


@pytest.mark.django_db
def test_a_checkin_let_in_after_the_closing_is_refused_and_leaves_nothing():
    patient = make_user("pat@example.org", Role.PATIENT, "Pat")
    # The request authenticated before the account was closed: its user is
    # the one read then.
    on_its_way = User.objects.get(pk=patient.pk)
    _close(patient)
    with pytest.raises(PermissionDenied):
        _checkin(on_its_way)
    _nothing_left(patient.pk)


def _in_thread(target, *args, name):
    outcome = {}

    def run():
        try:
            outcome["result"] = target(*args)
        except Exception as error:
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread, outcome


def _held(monkeypatch, owner, name: str, *, thread: str | None = None):
    """Make `owner.name` wait (in the thread named `thread`, or any) until
    released, once called: the transaction calling it stays open, holding
    what it holds. Returns (called, release) events."""
    called, release = threading.Event(), threading.Event()
    function = getattr(owner, name)

    def held(*args, **kwargs):
        if thread is None or threading.current_thread().name == thread:
            called.set()
            release.wait(30)
        return function(*args, **kwargs)

    monkeypatch.setattr(owner, name, held)
    return called, release


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers at BEGIN (IMMEDIATE)")


@pytest.mark.django_db(transaction=True)
def test_a_closing_during_a_checkin_waits_for_it_and_deletes_it(
    postgresql_only, monkeypatch
):
    patient = make_user("pat@example.org", Role.PATIENT, "Pat")
    # The check-in holds the patient's lock, uncommitted.
    locked, release = _held(
        monkeypatch, flag_services, "checkin_flags_sync", thread="checkin"
    )
    checkin, checked_in = _in_thread(_checkin, patient, name="checkin")
    assert locked.wait(30)
    closer, closed = _in_thread(_close, User.objects.get(pk=patient.pk), name="close")
    until_a_session_waits_for_a_lock()
    release.set()
    checkin.join(30)
    closer.join(30)
    assert "error" not in checked_in
    assert "error" not in closed
    _nothing_left(patient.pk)


@pytest.mark.django_db(transaction=True)
def test_a_checkin_during_a_closing_waits_for_it_and_is_refused(
    postgresql_only, monkeypatch
):
    patient = make_user("pat@example.org", Role.PATIENT, "Pat")
    # The closing holds the patient's lock, uncommitted.
    locked, release = _held(monkeypatch, closing, "what_is_kept")
    on_its_way = User.objects.get(pk=patient.pk)
    closer, closed = _in_thread(_close, patient, name="close")
    assert locked.wait(30)
    checkin, checked_in = _in_thread(_checkin, on_its_way, name="checkin")
    until_a_session_waits_for_a_lock()
    release.set()
    closer.join(30)
    checkin.join(30)
    assert "error" not in closed
    assert isinstance(checked_in.get("error"), PermissionDenied)
    _nothing_left(patient.pk)
