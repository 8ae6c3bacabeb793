"""Every way of signing in writes the same audit event, and so does every failure."""

from datetime import timedelta

import pytest
from django.urls import reverse

from clearhead.accounts.models import User
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.screening.tests.test_journey_views import walk

pytestmark = pytest.mark.django_db


def sign_ins():
    return list(AuditEvent.objects.filter(action=AuditAction.LOGGED_IN))


def failures():
    return list(AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED))


def test_the_sign_in_page_records_one_sign_in(client, patient_pat, persona_password):
    client.post(
        reverse("accounts:login"),
        {"username": "pat@example.org", "password": persona_password},
    )
    [event] = sign_ins()
    assert (event.actor, event.patient, event.channel) == (
        patient_pat,
        None,
        "accounts:login",
    )


def test_signing_in_from_the_self_assessment_save_page_records_it(
    client, patient_pat, persona_password
):
    """Before, this path signed Pat in with no audit event at all."""
    journey, _, _ = walk(client)
    client.post(
        "/check/save/",
        {
            "state": journey.state,
            "how": "signin",
            "signin-username": "pat@example.org",
            "signin-password": persona_password,
        },
    )
    [event] = sign_ins()
    assert (event.actor, event.channel) == (patient_pat, "screening:save")


def test_a_wrong_password_on_the_save_page_is_a_failed_sign_in(client, patient_pat):
    journey, _, _ = walk(client)
    client.post(
        "/check/save/",
        {
            "state": journey.state,
            "how": "signin",
            "signin-username": "pat@example.org",
            "signin-password": "wrong",
        },
    )
    assert sign_ins() == []
    [event] = failures()
    assert event.actor is None
    assert "pat@example.org" not in str(event.extra)


def test_registering_from_the_save_page_records_the_sign_in(client, db):
    journey, _, _ = walk(client)
    client.post(
        "/check/save/",
        {
            "state": journey.state,
            "how": "register",
            "register-role": "patient",
            "register-email": "new@example.org",
            "register-password1": "a long walk at dawn",
            "register-password2": "a long walk at dawn",
        },
    )
    [event] = sign_ins()
    assert event.actor == User.objects.get(email="new@example.org")


def test_accepting_an_invitation_records_the_sign_in(client, db):
    from clearhead.accounts import services

    _, raw_code = services._new_invitation(
        actor=None,
        email="new.clinician@example.org",
        role="clinician",
        lifetime=timedelta(days=1),
    )
    client.post(
        reverse("accounts:invitation_accept", args=[raw_code]),
        {
            "display_name": "Casey",
            "email": "ignored@example.org",
            "password1": "steady hands today",
            "password2": "steady hands today",
        },
    )
    [event] = sign_ins()
    assert event.actor == User.objects.get(email="new.clinician@example.org")
    assert event.channel == "accounts:invitation_accept"


def test_a_test_client_force_login_records_nothing(client, patient_pat):
    """Only sign-ins through our pages are events; tests sign in without one."""
    client.force_login(patient_pat)
    assert sign_ins() == []
