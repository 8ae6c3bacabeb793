"""Appointments as an iCalendar file, for clinicians and patients."""

from datetime import timedelta

from icalendar import Calendar, Event

from clearhead.core import clock


def appointments_ical(appointments, *, for_patient: bool) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Clearhead//Appointments//EN")
    calendar.add("version", "2.0")
    for appointment in appointments:
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
        event.add("dtstart", appointment.starts_at)
        event.add(
            "dtend", appointment.starts_at + timedelta(minutes=appointment.minutes)
        )
        if appointment.place:
            event.add("location", appointment.place)
        if appointment.video_url:
            event.add("url", appointment.video_url)
        calendar.add_component(event)
    return calendar.to_ical()
