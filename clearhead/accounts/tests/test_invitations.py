"""Clinicians and administrators join by invitation; the first admin by a link."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from clearhead.accounts import services
from clearhead.accounts.models import Invitation, Role, User
from clearhead.audit.actions import AuditAction
from clearhead.core import clock
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock


def accept_form(**overrides):
    data = {
        "display_name": "Casey",
        "email": "ignored@example.org",
        "password1": "steady hands today",
        "password2": "steady hands today",
    }
    return data | overrides


def invitation_path_from_mail() -> str:
    link = re.search(
        r"http://testserver(/account/invitation/\S+/)", mail.outbox[-1].body
    )
    return link.group(1)


def test_an_administrator_invites_a_clinician_who_sets_up_their_account(
    client, admin_ada, django_capture_on_commit_callbacks
):
    client.force_login(admin_ada)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:staff_invitations"),
            {"email": "New.Clinician@Clinic.example.org", "role": "clinician"},
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new.clinician@clinic.example.org"]
    # The e-mail says who is asking, and what comes after.
    assert "Ada (ada@clinic.example.org) has invited you" in mail.outbox[-1].body
    assert "an administrator adds you to your program" in mail.outbox[-1].body
    assert_audited(action=AuditAction.INVITATION_CREATED, actor=admin_ada)

    client.logout()
    path = invitation_path_from_mail()
    page = client.get(path).content.decode()
    assert "Set up your clinician account" in page
    client.post(path, accept_form())
    user = User.objects.get(email="new.clinician@clinic.example.org")
    assert user.role == Role.CLINICIAN
    assert_audited(action=AuditAction.INVITATION_ACCEPTED, actor=user)

    # The link works once.
    assert client.get(path).status_code == 404


def test_an_expired_invitation_does_not_work(
    client, admin_ada, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=admin_ada, email="late@example.org", role=Role.CLINICIAN
        )
    path = invitation_path_from_mail()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=clock.now())
    response = client.post(path, accept_form())
    assert response.status_code == 404
    assert not User.objects.filter(email="late@example.org").exists()


def test_the_first_admin_link_creates_an_administrator_once(client, db, capsys):
    call_command("first-admin-link")
    printed = capsys.readouterr().out
    path = re.search(r"http://testserver(/account/invitation/\S+/)", printed).group(1)

    client.post(path, accept_form(email="first@example.org"))
    admin = User.objects.get(email="first@example.org")
    assert admin.role == Role.ADMIN
    assert admin.is_staff
    assert admin.is_superuser
    assert client.get(path).status_code == 404

    call_command("first-admin-link")
    assert capsys.readouterr().out == ""  # an administrator exists now


def test_only_the_newest_first_admin_link_works(client, db):
    older = services.first_admin_link_create()
    newer = services.first_admin_link_create()
    assert services.invitation_get_usable(older) is None
    assert services.invitation_get_usable(newer) is not None


def test_inviting_an_existing_address_is_a_form_error(client, admin_ada, patient_pat):
    client.force_login(admin_ada)
    response = client.post(
        reverse("accounts:staff_invitations"),
        {"email": "pat@example.org", "role": "clinician"},
    )
    assert "already exists" in response.content.decode()
    assert mail.outbox == []
