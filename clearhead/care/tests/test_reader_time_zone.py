"""Each reader sees times in their own zone (docs/architecture.md, "Time")."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.test.utils import override_settings
from django.urls import reverse
from django.utils.html import strip_tags

from clearhead.care.models import Program, ProgramMembership, SupporterLink
from clearhead.care.time_zones import reader_time_zone
from clearhead.clinic import records
from clearhead.clinic.tests.test_clinic import enroll
from clearhead.core import clock


def _program(zone):
    return Program.objects.create(name=f"Program in {zone}", time_zone=zone)


@override_settings(CLEARHEAD_REGION="UK")
def test_the_readers_rule(
    patient_pat, patient_pia, clinician_casey, admin_ada, supporter_sam, program
):
    assert reader_time_zone(AnonymousUser()) == "Europe/London"
    # Staff: the page's program, else the earliest current membership's.
    ended = ProgramMembership.objects.create(
        program=_program("Pacific/Honolulu"), clinician=clinician_casey
    )
    ended.ended_at = clock.now()
    ended.save(update_fields=["ended_at"])
    ProgramMembership.objects.create(
        program=_program("America/Denver"), clinician=clinician_casey
    )
    ProgramMembership.objects.create(
        program=_program("America/Phoenix"), clinician=clinician_casey
    )
    assert reader_time_zone(clinician_casey) == "America/Denver"
    assert (
        reader_time_zone(clinician_casey, program=_program("America/Chicago"))
        == "America/Chicago"
    )
    assert reader_time_zone(admin_ada) == "Europe/London"
    # Patients: care.time_zones' rule (own, else program's, else region's).
    patient_pat.time_zone = "America/Anchorage"
    assert reader_time_zone(patient_pat) == "America/Anchorage"
    assert reader_time_zone(patient_pia) == "Europe/London"
    # Supporters: their own, else the supported patient's, else the region's.
    assert reader_time_zone(supporter_sam) == "Europe/London"
    patient_pat.save(update_fields=["time_zone"])
    SupporterLink.objects.create(
        patient=patient_pat,
        supporter=supporter_sam,
        code_hash="x" * 64,
        expires_at=clock.now() + timedelta(days=1),
        accepted_at=clock.now(),
    )
    assert reader_time_zone(supporter_sam) == "America/Anchorage"
    supporter_sam.time_zone = "America/New_York"
    assert reader_time_zone(supporter_sam) == "America/New_York"


def test_notes_read_in_the_programs_zone_across_the_autumn_change(
    client, casey_in_program, program, patient_pat
):
    """1:30 AM comes twice in Chicago on 1 November 2026: CDT, then CST."""
    program.time_zone = "America/Chicago"
    program.save(update_fields=["time_zone"])
    enrollment = enroll(patient_pat, casey_in_program, program)
    for hour in (6, 7):  # 06:30Z is 1:30 AM CDT, 07:30Z is 1:30 AM CST
        with time_machine.travel(datetime(2026, 11, 1, hour, 30, tzinfo=UTC)):
            records.note_write(
                actor=casey_in_program,
                enrollment=enrollment,
                data="d",
                assessment="a",
                plan="p",
            )
    with time_machine.travel(datetime(2026, 11, 1, 12, tzinfo=UTC)):
        records.note_write(
            actor=casey_in_program,
            enrollment=enrollment,
            data="d",
            assessment="a",
            plan="p",
        )
    client.force_login(casey_in_program)
    page = client.get(reverse("clinic:notes", args=[enrollment.public_id]))
    text = " ".join(strip_tags(page.content.decode()).split())
    assert "1 Nov 2026, 6:00 AM, Casey" in text  # 12:00Z, not 12:00 PM
    assert "1 Nov 2026, 1:30 AM CDT, Casey" in text
    assert "1 Nov 2026, 1:30 AM CST, Casey" in text
