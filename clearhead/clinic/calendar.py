"""Appointments as an iCalendar file, for clinicians and patients."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from clearhead.core import clock


def appointments_ical(appointments, *, for_patient: bool) -> bytes:
    """An iCalendar file (bytes) with one event per appointment.

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
        # A patient's calendar may be seen by others: keep the title plain.
        title = (
            "Appointment"
            if for_patient
            else f"{appointment.get_kind_display()}: {appointment.enrollment.patient}"
        )
        event.add("summary", title)
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
