"""Daily check-in reminders: when one is due (pure), claiming it, sending it."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django_tasks import task

from clearhead.accounts.models import User
from clearhead.care.time_zones import time_zones_for
from clearhead.recovery.models import DailyCheckIn, RecoveryProfile, ReminderSent


def reminder_day(reminder_time: time | None, zone: str, now: datetime) -> date | None:
    """The patient's local date if their reminder time has passed today, else None."""
    if reminder_time is None:
        return None
    local = now.astimezone(ZoneInfo(zone))
    return local.date() if local.time() >= reminder_time else None


@task()
def send_checkin_reminder(patient_id: int, day: str) -> None:
    """E-mail one reminder. The message names no health information."""
    patient = User.objects.filter(pk=patient_id, is_active=True).first()
    if patient is None:
        return
    context = {
        "patient": patient,
        "url": f"{settings.CLEARHEAD_BASE_URL}/recovery/check-in/",
    }
    send_mail(
        subject=render_to_string(
            "recovery/emails/reminder.subject.txt", context
        ).strip(),
        message=render_to_string("recovery/emails/reminder.txt", context),
        from_email=None,
        recipient_list=[patient.email],
    )


def reminders_schedule_due(now: datetime) -> int:
    """Queue today's reminder for every patient whose time has come.

    Skips patients who already checked in today. Each (patient, local day) is
    claimed by inserting a ReminderSent row in the same transaction as the
    task, so a second scheduler, on this machine or another, finds the claim
    and queues nothing. Returns how many reminders were queued.
    """
    queued = 0
    profiles = RecoveryProfile.objects.filter(
        reminder_time__isnull=False, patient__is_active=True
    )
    profiles = list(profiles.only("patient_id", "reminder_time"))
    # Where each patient lives decides when their evening is: one query.
    zones = time_zones_for([profile.patient_id for profile in profiles])
    for profile in profiles:
        day = reminder_day(profile.reminder_time, zones[profile.patient_id], now)
        if (
            day is None
            or DailyCheckIn.objects.filter(
                patient_id=profile.patient_id, day=day
            ).exists()
        ):
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(patient_id=profile.patient_id, day=day)
                send_checkin_reminder.enqueue(
                    patient_id=profile.patient_id, day=day.isoformat()
                )
        except IntegrityError:
            continue  # claimed already
        queued += 1
    return queued
