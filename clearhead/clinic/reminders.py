"""Appointment reminders for patients, a day ahead, through the companion's worker."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from clearhead.care.models import Enrollment
from clearhead.care.time_zones import time_zone_for
from clearhead.clinic.models import Appointment, AppointmentReminderSent

AHEAD = timedelta(hours=24)


@task()
def send_appointment_reminder(appointment_id: int) -> None:
    """E-mail the patient. It says when and where, never what the appointment is for."""
    appointment = (
        Appointment.objects.select_related("enrollment__patient", "enrollment__program")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None or not appointment.enrollment.patient.is_active:
        return
    context = {
        "appointment": appointment,
        "url": f"{settings.CLEARHEAD_BASE_URL}/clinic/my-care/plan/",
    }
    # The patient reads the time in their own zone (the worker has no
    # request to set it), with the appointment's named when it differs.
    with timezone.override(time_zone_for(appointment.enrollment.patient)):
        subject = render_to_string("clinic/emails/appointment.subject.txt", context)
        message = render_to_string("clinic/emails/appointment.txt", context)
    send_mail(
        subject=subject.strip(),
        message=message,
        from_email=None,
        recipient_list=[appointment.enrollment.patient.email],
    )


def appointment_reminders_schedule_due(now) -> int:
    """Queue a reminder for each appointment starting within a day; each only once."""
    due = Appointment.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + AHEAD,
        enrollment__status=Enrollment.Status.ACTIVE,
    ).exclude(pk__in=AppointmentReminderSent.objects.values("appointment_id"))
    queued = 0
    for appointment_id in due.values_list("pk", flat=True):
        try:
            with transaction.atomic():
                AppointmentReminderSent.objects.create(appointment_id=appointment_id)
                send_appointment_reminder.enqueue(appointment_id=appointment_id)
        except IntegrityError:
            continue
        queued += 1
    return queued
