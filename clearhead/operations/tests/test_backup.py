"""Backups and restores lose nothing, on SQLite and on PostgreSQL."""

import uuid
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from clearhead.accounts.models import User
from clearhead.recovery import services
from clearhead.recovery.models import DailyCheckIn
from clearhead.testing import make_user


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row(tmp_path):
    patient = make_user("backup@example.org")
    services.recovery_profile_save(
        actor=patient, stop_date=date(2026, 11, 1), time_zone="UTC"
    )
    services.checkin_create(
        actor=patient,
        client_id=uuid.uuid4(),
        data={
            "day": date(2026, 11, 20),
            "craving": 4,
            "mood": 3,
            "used_ketamine": False,
            "self_harm_thoughts": False,
            "note": "kept",
        },
    )
    archive = tmp_path / "clearhead.backup"
    call_command("backup", str(archive))
    assert archive.stat().st_size > 0

    DailyCheckIn.objects.all().delete()
    User.objects.filter(email="backup@example.org").delete()
    call_command("restore", str(archive), "--yes")

    restored = DailyCheckIn.objects.get()
    assert restored.note == "kept"
    assert restored.patient.email == "backup@example.org"


def test_restore_needs_confirmation_and_a_real_backup(db, tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "missing"), "--yes")


def test_backup_will_not_overwrite(db, tmp_path):
    existing = tmp_path / "old.backup"
    existing.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_text() == "keep me"
