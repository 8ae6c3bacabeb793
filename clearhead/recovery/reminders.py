"""Daily check-in reminders: when one is due (pure), claiming it, sending it.

A reminder goes the way the patient chose (`RecoveryProfile.reminder_channel`):
by e-mail, as a notification to each browser where they turned notifications
on (`recovery.push`), or both. When a notification was chosen but reached no
browser (none turned on, notifications not set up here, every push service
refused), it goes by e-mail instead, so a reminder asked for always comes.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django_tasks import task

from clearhead.accounts.models import User
from clearhead.care.time_zones import time_zones_for
from clearhead.recovery import push
from clearhead.recovery.models import (
    DailyCheckIn,
    PushSubscription,
    RecoveryProfile,
    ReminderSent,
)

Channel = RecoveryProfile.ReminderChannel


def reminder_day(reminder_time: time | None, zone: str, now: datetime) -> date | None:
    """The patient's local date if their reminder time has passed today, else None."""
    if reminder_time is None:
        return None
    local = now.astimezone(ZoneInfo(zone))
    return local.date() if local.time() >= reminder_time else None


@task()
def send_checkin_reminder(patient_id: int, day: str) -> None:
    """Send one reminder the patient's chosen way. Names no health information."""
    patient = User.objects.filter(pk=patient_id, is_active=True).first()
    if patient is None:
        return
    channel = (
        RecoveryProfile.objects.filter(patient=patient)
        .values_list("reminder_channel", flat=True)
        .first()
    ) or Channel.EMAIL
    notified = 0
    if channel in (Channel.NOTIFICATION, Channel.BOTH):
        notified = reminder_notify(patient)
    if channel in (Channel.EMAIL, Channel.BOTH) or not notified:
        reminder_email(patient)


def reminder_notify(patient) -> int:
    """Send the reminder notification to each of the patient's browsers.

    Forgets the browsers whose push service says they are gone. Returns how
    many push services took it (0 when notifications are not set up here).
    """
    if not push.notifications_available():
        return 0
    message = push.reminder_message()
    sent, gone = 0, []
    for subscription in PushSubscription.objects.filter(patient=patient):
        delivery = push.push_send(subscription, message)
        if delivery is push.Delivery.SENT:
            sent += 1
        elif delivery is push.Delivery.GONE:
            gone.append(subscription.pk)
    if gone:
        PushSubscription.objects.filter(pk__in=gone).delete()
    return sent


def reminder_email(patient) -> None:
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
