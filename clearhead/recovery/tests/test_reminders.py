"""Daily check-in reminders: due at the patient's local time, sent once."""

import uuid
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from clearhead.core import clock
from clearhead.recovery import services
from clearhead.recovery.models import ReminderSent
from clearhead.recovery.reminders import reminder_day, reminders_schedule_due

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

NOON_UTC = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("reminder", "zone", "expected"),
    [
        (
            time(6, 0),
            "America/New_York",
            date(2026, 11, 22),
        ),  # 07:00 there, after 06:00
        (time(8, 0), "America/New_York", None),  # 07:00 there, before 08:00
        (time(23, 0), "Pacific/Honolulu", None),  # 02:00 on the 22nd there
        (time(1, 0), "Pacific/Honolulu", date(2026, 11, 22)),
        (time(0, 30), "Asia/Tokyo", date(2026, 11, 22)),  # 21:00 on the 22nd there
        (None, "UTC", None),
    ],
)
def test_a_reminder_is_due_after_the_patients_local_time(reminder, zone, expected):
    assert reminder_day(reminder, zone, NOON_UTC) == expected


def profile_with_reminder(patient, at=time(9, 0), zone="UTC"):
    return services.recovery_profile_save(
        actor=patient, stop_date=date(2026, 11, 1), time_zone=zone, reminder_time=at
    )


@pytest.mark.django_db(transaction=True)
def test_a_due_reminder_is_queued_and_sent_exactly_once(patient_pat, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    profile_with_reminder(patient_pat)
    # The worker reads the clock: at noon the 09:00 reminder is due, once.
    with time_machine.travel(NOON_UTC):
        assert reminders_schedule_due(clock.now()) == 1
        assert reminders_schedule_due(clock.now()) == 0  # the claim holds
        call_command("worker", once=True, stdout=None)
        call_command("worker", once=True)
    assert ReminderSent.objects.filter(patient=patient_pat).count() == 1
    reminders = [m for m in mail.outbox if m.to == ["pat@example.org"]]
    assert len(reminders) == 1
    assert "/recovery/check-in/" in reminders[0].body
    assert "ketamine" not in reminders[0].body.lower()


def test_no_reminder_after_todays_checkin(patient_pat):
    profile_with_reminder(patient_pat)
    services.checkin_create(
        actor=patient_pat,
        client_id=uuid.uuid4(),
        data={
            "day": date(2026, 11, 22),
            "craving": 1,
            "mood": 4,
            "used_ketamine": False,
            "self_harm_thoughts": False,
        },
    )
    assert reminders_schedule_due(NOON_UTC) == 0


def test_no_reminder_before_its_time_or_without_one(patient_pat, patient_pia):
    profile_with_reminder(patient_pat, at=time(13, 0))
    services.recovery_profile_save(
        actor=patient_pia, stop_date=date(2026, 11, 1), time_zone="UTC"
    )
    assert reminders_schedule_due(NOON_UTC) == 0
