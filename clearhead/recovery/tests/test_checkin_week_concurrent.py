"""Two check-ins of one patient written at the same time, in one week: the
roll-up holds both (each transaction's week refresh sees the other's
check-in), as `checkin_weeks_rebuild` would give. PostgreSQL only: SQLite
takes its write lock at BEGIN (IMMEDIATE), so its writers never overlap."""

import threading
import uuid

import pytest
from django.db import connection, connections

from clearhead.accounts.models import Role
from clearhead.flags import services as flag_services
from clearhead.recovery import services as recovery_services
from clearhead.recovery.models import CheckInWeek
from clearhead.recovery.rollups import checkin_weeks_rebuild
from clearhead.testing import make_user, until_a_session_waits_for_a_lock


def _checkin(patient, craving):
    try:
        recovery_services.checkin_create(
            actor=patient,
            client_id=uuid.uuid4(),
            data={
                "craving": craving,
                "mood": 3,
                "used_ketamine": False,
                "self_harm_thoughts": False,
            },
        )
    finally:
        connections.close_all()


def _weeks():
    return set(
        CheckInWeek.objects.values_list(
            *[f.attname for f in CheckInWeek._meta.concrete_fields if not f.primary_key]
        )
    )


@pytest.mark.django_db(transaction=True)
def test_two_checkins_at_once_are_both_in_their_week(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers at BEGIN")
    patient = make_user("pat@example.org", Role.PATIENT, "Pat")
    refreshed, release = threading.Event(), threading.Event()
    sync = flag_services.checkin_flags_sync

    def held(**kwargs):
        # The first check-in's week is refreshed (with the read of the
        # rules' input, before the flags are synced); its transaction stays
        # open.
        if threading.current_thread().name == "first":
            refreshed.set()
            release.wait(30)
        return sync(**kwargs)

    monkeypatch.setattr(flag_services, "checkin_flags_sync", held)
    first = threading.Thread(target=_checkin, args=(patient, 7), name="first")
    first.start()
    assert refreshed.wait(30)
    second = threading.Thread(target=_checkin, args=(patient, 2), name="second")
    second.start()
    # Until the second transaction waits for a lock the first one holds.
    until_a_session_waits_for_a_lock()
    release.set()
    first.join(30)
    second.join(30)
    stored = _weeks()
    checkin_weeks_rebuild()
    assert stored == _weeks()
    assert {row[2] for row in stored} == {2}  # checkins
