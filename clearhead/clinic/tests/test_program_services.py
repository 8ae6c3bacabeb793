"""Programs and memberships: administrators create them; ending keeps history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic import services
from clearhead.testing import assert_audited, make_user

DETAILS = {
    "name": "Harbor Light",
    "time_zone": "America/Chicago",
    "address": "12 Lake St",
    "city": "Duluth",
    "state": "MN",
    "phone": "218-555-0100",
}


def test_an_administrator_creates_a_program_and_it_is_audited(admin_ada):
    program = services.program_create(actor=admin_ada, **DETAILS)
    program.refresh_from_db()
    assert (program.name, program.time_zone, program.phone) == (
        "Harbor Light",
        "America/Chicago",
        "218-555-0100",
    )
    assert_audited(action=AuditAction.PROGRAM_CREATED, actor=admin_ada, subject=program)


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_a_program_needs_a_real_time_zone(admin_ada, program, zone):
    with pytest.raises(ValidationError) as error:
        services.program_update(
            actor=admin_ada, program=program, **(DETAILS | {"time_zone": zone})
        )
    assert "time_zone" in error.value.message_dict
    program.refresh_from_db()
    assert program.name == "Riverbend Recovery", "nothing saved"
    assert not AuditEvent.objects.filter(action=AuditAction.PROGRAM_UPDATED).exists()


def test_an_edit_is_audited_with_the_names_of_what_changed(admin_ada, program):
    services.program_update(
        actor=admin_ada,
        program=program,
        **(DETAILS | {"name": program.name, "time_zone": program.time_zone}),
    )
    event = assert_audited(
        action=AuditAction.PROGRAM_UPDATED, actor=admin_ada, subject=program
    )
    assert sorted(event.extra["fields"]) == ["address", "city", "phone", "state"]


def test_adding_ending_and_adding_again_keeps_each_membership(
    admin_ada, program, clinician_casey
):
    first = services.membership_add(
        actor=admin_ada, program=program, clinician=clinician_casey
    )
    assert_audited(action=AuditAction.MEMBERSHIP_ADDED, actor=admin_ada, subject=first)
    with pytest.raises(ValidationError):
        services.membership_add(
            actor=admin_ada, program=program, clinician=clinician_casey
        )

    services.membership_end(actor=admin_ada, membership=first)
    first.refresh_from_db()
    assert first.ended_at is not None, "the row is kept, with its end"
    assert first.ended_by == admin_ada
    assert_audited(action=AuditAction.MEMBERSHIP_ENDED, actor=admin_ada, subject=first)
    with pytest.raises(ValidationError):
        services.membership_end(actor=admin_ada, membership=first)

    again = services.membership_add(
        actor=admin_ada, program=program, clinician=clinician_casey
    )
    assert again.pk != first.pk
    memberships = ProgramMembership.objects.filter(clinician=clinician_casey)
    assert memberships.count() == 2
    assert list(memberships.filter(ended_at=None)) == [again]


def test_only_active_clinicians_can_be_members(admin_ada, program, patient_pat):
    other_admin = make_user("ann@clinic.example.org", Role.ADMIN, "Ann")
    for person in (patient_pat, other_admin):
        with pytest.raises(ValidationError):
            services.membership_add(actor=admin_ada, program=program, clinician=person)
    assert not ProgramMembership.objects.exists()


def test_no_one_but_an_administrator_manages_programs(
    program, casey_in_program, patient_pat, supporter_sam
):
    membership = casey_in_program.program_memberships.get()
    for actor in (casey_in_program, patient_pat, supporter_sam, None):
        with pytest.raises(PermissionDenied):
            services.program_create(actor=actor, **DETAILS)
        with pytest.raises(PermissionDenied):
            services.program_update(actor=actor, program=program, **DETAILS)
        with pytest.raises(PermissionDenied):
            services.membership_add(
                actor=actor, program=program, clinician=casey_in_program
            )
        with pytest.raises(PermissionDenied):
            services.membership_end(actor=actor, membership=membership)
    assert Program.objects.count() == 1
    membership.refresh_from_db()
    assert membership.ended_at is None
