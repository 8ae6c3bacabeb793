"""Appointments keep the time the clinician typed, in the program's zone.

Entered as 3:00 PM for a Chicago program, an appointment is 3:00 PM in
Chicago in every calendar, page and e-mail, winter and summer; a reader
elsewhere sees their own time with both zones named.
"""

import importlib
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils.html import strip_tags
from icalendar import Calendar

from clearhead.clinic.models import Appointment
from clearhead.clinic.tests.test_clinic import enroll

CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def chicago_enrollment(program, casey_in_program, patient_pat):
    program.time_zone = "America/Chicago"
    program.save(update_fields=["time_zone"])
    return enroll(patient_pat, casey_in_program, program)


def book(client, enrollment, typed: str):
    """Post the appointment form as a clinician types it."""
    return client.post(
        reverse("clinic:appointments", args=[enrollment.public_id]),
        {"kind": "individual", "starts_at": typed, "minutes": "50"},
    )


@pytest.mark.parametrize(
    ("typed", "utc_hour"),
    [("2026-01-15T15:00", 21), ("2026-07-15T15:00", 20)],  # CST, then CDT
)
def test_ics_gives_the_typed_time_in_chicago_winter_and_summer(
    client, chicago_enrollment, casey_in_program, patient_pat, typed, utc_hour
):
    client.force_login(casey_in_program)
    book(client, chicago_enrollment, typed)
    for reader, name in (
        (casey_in_program, "clinic:clinician_appointments_ics"),
        (patient_pat, "clinic:my_appointments_ics"),
    ):
        client.force_login(reader)
        calendar = Calendar.from_ical(client.get(reverse(name)).content)
        event = calendar.walk("VEVENT")[0]
        assert event["DTSTART"].params["TZID"] == "America/Chicago"
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
        starts = event.decoded("DTSTART")
        assert starts.astimezone(CHICAGO).replace(tzinfo=None) == (
            datetime.fromisoformat(typed)
        )
        assert starts.astimezone(UTC).hour == utc_hour
        assert event["DTEND"].params["TZID"] == "America/Chicago"
        assert event.decoded("DTEND").astimezone(CHICAGO).time() == time(15, 50)


def test_the_clinician_reads_the_time_they_typed_with_the_zone_in_the_label(
    client, chicago_enrollment, casey_in_program
):
    client.force_login(casey_in_program)
    book(client, chicago_enrollment, "2026-01-15T15:00")
    page = client.get(
        reverse("clinic:appointments", args=[chicago_enrollment.public_id])
    )
    text = strip_tags(page.content.decode())
    assert "Individual session, Thu 15 Jan 2026, 3:00 PM\n" in text
    assert "Date and time (Central (Chicago) time)" in text


def test_a_patient_in_new_york_sees_their_time_and_both_zones_named(
    client, chicago_enrollment, casey_in_program, patient_pat
):
    patient_pat.time_zone = "America/New_York"
    patient_pat.save(update_fields=["time_zone"])
    client.force_login(casey_in_program)
    # Far ahead: the patient's page lists appointments still to come.
    book(client, chicago_enrollment, "2030-01-15T15:00")
    book(client, chicago_enrollment, "2030-07-15T15:00")
    client.force_login(patient_pat)
    text = strip_tags(client.get(reverse("clinic:my_treatment_plan")).content.decode())
    # Not this year: the year is named (walk 14, minor 11).
    assert (
        "Tuesday 15 January 2030, 4:00 PM EST (New York), 3:00 PM CST (Chicago)" in text
    )
    assert "Monday 15 July 2030, 4:00 PM EDT (New York), 3:00 PM CDT (Chicago)" in text


def test_a_time_the_clocks_skip_is_refused_with_a_plain_message(
    client, chicago_enrollment, casey_in_program
):
    client.force_login(casey_in_program)
    # Clocks in Chicago go from 2:00 to 3:00 AM on 8 March 2026.
    page = book(client, chicago_enrollment, "2026-03-08T02:30")
    assert page.status_code == 200
    assert "does not happen on that day" in page.content.decode()
    assert not Appointment.objects.exists()


def test_reminder_email_names_the_patients_zone_and_the_appointments(
    client, chicago_enrollment, casey_in_program, patient_pat, settings
):
    from clearhead.clinic.reminders import send_appointment_reminder

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    patient_pat.time_zone = "America/Los_Angeles"
    patient_pat.save(update_fields=["time_zone"])
    client.force_login(casey_in_program)
    book(client, chicago_enrollment, "2026-11-02T09:00")  # the day after DST ends
    send_appointment_reminder.call(appointment_id=Appointment.objects.get().pk)
    body = mail.outbox[-1].body
    assert (
        "Monday 2 November 2026, 7:00 AM PST (Los Angeles), 9:00 AM CST (Chicago)"
        in (body)
    )


def test_existing_rows_keep_the_clock_time_the_clinician_typed(
    chicago_enrollment, casey_in_program
):
    """Rows booked when the form read times as UTC: 15:00Z meant 3:00 PM."""
    appointment = Appointment.objects.create(
        enrollment=chicago_enrollment,
        kind="individual",
        starts_on=date(2026, 1, 15),
        start_time=time(9),
        time_zone="UTC",
        clinician=casey_in_program,
    )
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=datetime(2026, 1, 15, 15, tzinfo=UTC)
    )
    migration = importlib.import_module(
        "clearhead.clinic.migrations.0005_appointment_wall_time_and_zone"
    )
    migration.typed_wall_time_in_program_zone(apps, None)
    appointment.refresh_from_db()
    assert (appointment.starts_on, appointment.start_time) == (
        date(2026, 1, 15),
        time(15),
    )
    assert appointment.time_zone == "America/Chicago"
    assert appointment.starts_at == datetime(2026, 1, 15, 21, tzinfo=UTC)
