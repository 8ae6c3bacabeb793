"""The program pages an administrator uses instead of the Django admin."""

from datetime import UTC, datetime

from django.urls import reverse

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic import selectors, services
from clearhead.testing import assert_audited, make_user


def test_the_list_shows_each_program_its_zone_and_current_members(
    client, admin_ada, casey_in_program, clinician_olive, program
):
    services.membership_end(
        actor=admin_ada, membership=clinician_olive.program_memberships.get()
    )
    Program.objects.create(name="Aster House", time_zone="America/Denver")
    client.force_login(admin_ada)
    page = client.get(reverse("clinic:program_list")).content.decode()
    assert page.index("Aster House") < page.index("Riverbend Recovery")
    assert "Mountain (Denver)" in page
    # Casey counts; Olive, whose membership ended, does not.
    assert "<td>1</td>" in page
    assert reverse("clinic:program_create") in page


def test_an_administrator_creates_a_program_from_the_form(client, admin_ada):
    client.force_login(admin_ada)
    form = client.get(reverse("clinic:program_create")).content.decode()
    assert "Europe/London" in form, "the recovery profile's zones are offered"
    response = client.post(
        reverse("clinic:program_create"),
        {"name": "Harbor Light", "time_zone": "America/Chicago", "phone": "555-0100"},
        follow=True,
    )
    program = Program.objects.get(name="Harbor Light")
    assert response.redirect_chain[-1][0] == reverse(
        "clinic:program_detail", args=[program.public_id]
    )
    page = response.content.decode()
    assert "Harbor Light was created" in page
    assert "555-0100" in page
    assert_audited(action=AuditAction.PROGRAM_CREATED, actor=admin_ada, subject=program)


def test_an_unknown_time_zone_is_a_form_error_and_nothing_changes(
    client, admin_ada, program
):
    client.force_login(admin_ada)
    url = reverse("clinic:program_edit", args=[program.public_id])
    response = client.post(url, {"name": "Renamed", "time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    program.refresh_from_db()
    assert program.name == "Riverbend Recovery"

    client.post(url, {"name": "Renamed", "time_zone": "America/Phoenix"})
    program.refresh_from_db()
    assert (program.name, program.time_zone) == ("Renamed", "America/Phoenix")


def test_an_administrator_adds_a_clinician_and_ends_the_membership(
    client, admin_ada, clinician_casey, program
):
    program.time_zone = "America/Los_Angeles"
    program.save()
    client.force_login(admin_ada)
    detail = reverse("clinic:program_detail", args=[program.public_id])
    response = client.post(detail, {"clinician": clinician_casey.pk}, follow=True)
    assert "Casey is now a member of Riverbend Recovery" in response.content.decode()
    membership = ProgramMembership.objects.get(clinician=clinician_casey)
    # 03:00 UTC on 1 March is still 28 February in Los Angeles.
    ProgramMembership.objects.filter(pk=membership.pk).update(
        joined_at=datetime(2026, 3, 1, 3, tzinfo=UTC)
    )
    page = client.get(detail).content.decode()
    assert "Member since 28 Feb 2026" in page
    assert "Yes, end Casey's membership" in page
    assert "No clinicians are members yet." not in page

    end = reverse("clinic:membership_end", args=[program.public_id, membership.pk])
    assert client.get(end).status_code == 405
    page = client.post(end, follow=True).content.decode()
    assert "no longer sees its patients" in page
    assert "No clinicians are members yet." in page
    membership.refresh_from_db()
    assert membership.ended_by == admin_ada
    assert_audited(
        action=AuditAction.MEMBERSHIP_ENDED, actor=admin_ada, subject=membership
    )
    # Ended twice (a second click): not found, and the row is untouched.
    assert client.post(end).status_code == 404


def test_with_no_clinician_to_add_the_page_points_to_staff_invitations(
    client, admin_ada, program
):
    make_user("pia@example.org", Role.PATIENT, "Pia")  # not a clinician
    client.force_login(admin_ada)
    page = client.get(
        reverse("clinic:program_detail", args=[program.public_id])
    ).content.decode()
    assert "Add to program" not in page
    assert f'href="{reverse("accounts:staff_invitations")}"' in page


def test_clinicians_cannot_open_or_change_programs(client, casey_in_program, program):
    client.force_login(casey_in_program)
    membership = casey_in_program.program_memberships.get()
    for url in (
        reverse("clinic:program_list"),
        reverse("clinic:program_detail", args=[program.public_id]),
    ):
        assert client.get(url).status_code == 403
    end = reverse("clinic:membership_end", args=[program.public_id, membership.pk])
    assert client.post(end).status_code == 403
    membership.refresh_from_db()
    assert membership.ended_at is None


def test_the_administrators_account_page_links_to_programs(
    client, admin_ada, clinician_casey
):
    client.force_login(admin_ada)
    response = client.get(reverse("accounts:home"), follow=True)
    assert reverse("clinic:program_list") in response.content.decode()
    client.force_login(clinician_casey)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert reverse("clinic:program_list") not in page


def test_a_clinician_without_a_program_is_told_who_can_add_them(
    client, clinician_casey, admin_ada
):
    gone = make_user("gone@clinic.example.org", Role.ADMIN, "Gone")
    gone.is_active = False
    gone.save()
    client.force_login(clinician_casey)
    for name in ("clinic:invite", "clinic:caseload", "clinic:outcomes"):
        response = client.get(reverse(name))
        page = response.content.decode()
        assert response.status_code == 200
        assert "You are not in a program yet" in page
        assert "Ada" in page
        assert "ada@clinic.example.org" in page
        assert "gone@clinic.example.org" not in page, "only active administrators"


def test_a_membership_ended_meanwhile_by_another_administrator_is_not_found(
    client, admin_ada, casey_in_program, program, monkeypatch
):
    """Two administrators end the same membership at once: no 500 for the second."""
    other = make_user("otto@clinic.example.org", Role.ADMIN, "Otto")
    membership = casey_in_program.program_memberships.get()
    found = selectors.membership_get_current

    def found_then_ended_elsewhere(**kwargs):
        stale = found(**kwargs)
        services.membership_end(
            actor=other, membership=ProgramMembership.objects.get(pk=stale.pk)
        )
        return stale

    monkeypatch.setattr(selectors, "membership_get_current", found_then_ended_elsewhere)
    client.force_login(admin_ada)
    end = reverse("clinic:membership_end", args=[program.public_id, membership.pk])
    assert client.post(end).status_code == 404
    membership.refresh_from_db()
    assert membership.ended_by == other


def test_the_django_admin_shows_memberships_but_cannot_change_them(
    client, admin_ada, casey_in_program, clinician_olive, program
):
    """The app's program pages are the one audited way to add or end a member."""
    ended = clinician_olive.program_memberships.get()
    services.membership_end(actor=admin_ada, membership=ended)
    client.force_login(admin_ada)
    url = reverse("admin:care_program_change", args=[program.pk])
    page = client.get(url).content.decode()
    assert "Casey" in page
    assert "/clinic/programs/" in page
    assert 'name="memberships-0-clinician"' not in page
    assert 'name="memberships-__prefix__-clinician"' not in page, "no row to add"
    assert "memberships-0-DELETE" not in page

    # A hand-made POST changing the ended row and adding a member does nothing
    # to the memberships.
    client.post(
        url,
        {
            "name": program.name,
            "time_zone": program.time_zone,
            "memberships-TOTAL_FORMS": "3",
            "memberships-INITIAL_FORMS": "2",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": casey_in_program.program_memberships.get().pk,
            "memberships-0-program": program.pk,
            "memberships-0-clinician": casey_in_program.pk,
            "memberships-1-id": ended.pk,
            "memberships-1-program": program.pk,
            "memberships-1-clinician": casey_in_program.pk,
            "memberships-2-program": program.pk,
            "memberships-2-clinician": clinician_olive.pk,
        },
    )
    assert ProgramMembership.objects.count() == 2
    ended.refresh_from_db()
    assert ended.clinician == clinician_olive
    assert ended.ended_at is not None
