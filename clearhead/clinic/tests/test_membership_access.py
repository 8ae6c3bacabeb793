"""A clinician whose program membership ended stops seeing its patients at once."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clearhead.audit.actions import AuditAction
from clearhead.care.models import Enrollment, Program, ProgramMembership
from clearhead.clinic import records, services
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.core import clock
from clearhead.core.local_times import wall_time_of
from clearhead.testing import assert_audited


def _wall(instant, enrollment) -> dict:
    """An appointment's wall time in its program's zone, at `instant`."""
    starts_on, start_time = wall_time_of(instant, enrollment.program.time_zone)
    return {"starts_on": starts_on, "start_time": start_time}


@pytest.fixture
def removed(admin_ada, casey_in_program, program, patient_pat):
    """Pat is in Casey's care; then an administrator ends Casey's membership.

    Casey stays in a second program, so her caseload still renders as a list.
    """
    enrollment = enroll(patient_pat, casey_in_program, program)
    checkin(patient_pat, craving=7)
    records.appointment_save(
        actor=casey_in_program,
        enrollment=enrollment,
        kind="individual",
        **_wall(clock.now() + timedelta(days=1), enrollment),
    )
    ProgramMembership.objects.create(
        program=Program.objects.create(name="Second Site"), clinician=casey_in_program
    )
    services.membership_end(
        actor=admin_ada,
        membership=casey_in_program.program_memberships.get(program=program),
    )
    return enrollment


def test_the_patient_leaves_the_caseload(client, removed, casey_in_program):
    client.force_login(casey_in_program)
    page = client.get(reverse("clinic:caseload"))
    assert page.status_code == 200
    assert "My caseload" in page.content.decode()
    assert not re.search(r"\bPat\b", page.content.decode())


@pytest.mark.parametrize("name", ["patient_detail", "notes", "plan", "drug_tests"])
def test_the_patient_pages_are_not_found(client, removed, casey_in_program, name):
    client.force_login(casey_in_program)
    url = reverse(f"clinic:{name}", args=[removed.public_id])
    assert client.get(url).status_code == 404


def test_nothing_can_be_written_to_the_record(removed, casey_in_program):
    with pytest.raises(PermissionDenied):
        records.note_write(
            actor=casey_in_program,
            enrollment=removed,
            data="After leaving.",
            assessment="",
            plan="",
        )


def test_the_fhir_export_is_refused(client, removed, casey_in_program, patient_pat):
    client.force_login(casey_in_program)
    response = client.get(f"/api/v1/patients/{patient_pat.public_id}/fhir")
    assert response.status_code == 404
    assert not re.search(r"\bPat\b", response.content.decode())


def test_the_calendar_leaves_out_the_programs_patients(
    client, removed, casey_in_program
):
    client.force_login(casey_in_program)
    response = client.get(reverse("clinic:clinician_appointments_ics"))
    assert response.status_code == 200
    assert b"BEGIN:VEVENT" not in response.content


def test_added_again_the_clinician_sees_the_patient_again(
    client, removed, casey_in_program, admin_ada, program
):
    services.membership_add(
        actor=admin_ada, program=program, clinician=casey_in_program
    )
    client.force_login(casey_in_program)
    url = reverse("clinic:patient_detail", args=[removed.public_id])
    assert client.get(url).status_code == 200
    assert "Pat" in client.get(reverse("clinic:caseload")).content.decode()
    calendar = client.get(reverse("clinic:clinician_appointments_ics")).content
    assert b"BEGIN:VEVENT" in calendar


def _invitation_from_casey(casey_in_program, program):
    _, code = services.patient_invitation_create(
        actor=casey_in_program, program=program
    )
    invitation = services.patient_invitation_find(code)
    assert invitation is not None
    return invitation, code


def test_a_code_from_a_clinician_who_left_does_not_work(
    client, casey_in_program, program, patient_pia
):
    """Even one made before invitations were revoked on leaving (ended by hand)."""
    invitation, code = _invitation_from_casey(casey_in_program, program)
    ProgramMembership.objects.filter(clinician=casey_in_program).update(
        ended_at=clock.now()
    )
    assert services.patient_invitation_find(code) is None
    with pytest.raises(ValidationError, match="already been used or has expired"):
        services.patient_invitation_accept(
            actor=patient_pia, invitation=invitation, sharing=[]
        )
    client.force_login(patient_pia)
    page = client.post(
        reverse("clinic:join"), {"code": code, "signature": "Pia"}
    ).content.decode()
    assert "That code does not work." in page
    assert "Riverbend Recovery" not in page
    assert not Enrollment.objects.filter(patient=patient_pia).exists()


def test_ending_a_membership_revokes_the_clinicians_pending_invitations(
    admin_ada, casey_in_program, clinician_olive, program, patient_pia
):
    pending, code = _invitation_from_casey(casey_in_program, program)
    _, olives = services.patient_invitation_create(
        actor=clinician_olive, program=program
    )
    membership = casey_in_program.program_memberships.get()
    membership = services.membership_end(actor=admin_ada, membership=membership)
    pending.refresh_from_db()
    assert pending.expires_at == membership.ended_at
    event = assert_audited(
        action=AuditAction.MEMBERSHIP_ENDED, actor=admin_ada, subject=membership
    )
    assert event.extra["invitations_revoked"] == 1
    # Added again, Casey's old code stays dead; Olive's, untouched, works.
    services.membership_add(
        actor=admin_ada, program=program, clinician=casey_in_program
    )
    assert services.patient_invitation_find(code) is None
    assert services.patient_invitation_find(olives) is not None


@pytest.fixture
def olive_left(admin_ada, casey_in_program, clinician_olive, program, patient_pat):
    """Casey and Olive are on Pat's care team; then Olive's membership ends."""
    enrollment = enroll(patient_pat, casey_in_program, program)
    enrollment.care_team.add(clinician_olive)
    services.membership_end(
        actor=admin_ada, membership=clinician_olive.program_memberships.get()
    )
    return enrollment


def test_my_care_team_names_only_current_members(client, olive_left, patient_pat):
    client.force_login(patient_pat)
    page = client.get(reverse("clinic:my_care")).content.decode()
    assert "Care team: Casey." in page
    assert "Olive" not in page


def test_my_care_says_when_no_one_on_the_team_is_left(client, removed, patient_pat):
    client.force_login(patient_pat)
    page = client.get(reverse("clinic:my_care")).content.decode()
    assert "Casey" not in page
    assert "No clinician is on your care team here at the moment" in page


def test_someone_who_left_is_not_offered_or_accepted_as_responsible(
    client, olive_left, casey_in_program, clinician_olive
):
    client.force_login(casey_in_program)
    page = client.get(reverse("clinic:plan", args=[olive_left.public_id]))
    assert f'value="{casey_in_program.pk}"' in page.content.decode()
    assert "Olive" not in page.content.decode()
    with pytest.raises(ValidationError, match="Choose someone on the care team"):
        records.plan_phase_save(
            actor=casey_in_program,
            enrollment=olive_left,
            kind="therapy",
            status="active",
            responsible=clinician_olive,
        )
