"""Appointments as an iCalendar file, for clinicians and patients."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from icalendar import Calendar, Event

from clearhead.core import clock


def appointments_ical(appointments, *, for_patient: bool, base_url: str = "") -> bytes:
    """An iCalendar file (bytes) with one event per appointment.

    No event names the patient or says anything clinical: the file goes into
    calendars outside Clearhead (Google, Outlook, a phone), read and synced
    by others. A patient's events say "Appointment"; a clinician's name the
    kind of session ("Clearhead: individual session") and, given `base_url`
    (the site's address), link to the appointment's page, which needs
    signing in, to see whose it is.

    Each start and end is the wall time in the appointment's own zone
    (`DTSTART;TZID=America/Chicago:20261203T150000`), with a VTIMEZONE for
    every zone used covering the appointments' dates, so a phone anywhere
    shows the time the clinician typed, converted to where it is.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Clearhead//Appointments//EN")
    calendar.add("version", "2.0")
    days = []
    for appointment in appointments:
        zone = ZoneInfo(appointment.time_zone)
        starts = datetime.combine(
            appointment.starts_on, appointment.start_time, tzinfo=zone
        )
        event = Event()
        event.add("uid", f"{appointment.public_id}@clearhead")
        if for_patient:
            event.add("summary", "Appointment")
        else:
            kind = appointment.get_kind_display().lower()
            event.add("summary", f"Clearhead: {kind}")
            if base_url:
                page = base_url.rstrip("/") + reverse(
                    "clinic:appointments", args=[appointment.enrollment.public_id]
                )
                event.add("description", f"Who and what (sign-in needed): {page}")
        event.add("dtstamp", clock.now())
        event.add("dtstart", starts)
        # Elapsed minutes (through UTC), then read where the appointment is.
        event.add("dtend", appointment.ends_at.astimezone(zone))
        if appointment.place:
            event.add("location", appointment.place)
        if appointment.video_url:
            event.add("url", appointment.video_url)
        calendar.add_component(event)
        days.append(appointment.starts_on)
    if days:
        calendar.add_missing_timezones(
            first_date=min(days) - timedelta(days=7),
            last_date=max(days) + timedelta(days=7),
        )
    return calendar.to_ical()
