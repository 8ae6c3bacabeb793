"""Resetting someone's two-step sign-in when they lost app and recovery codes.

An administrator does it from a verified session, for another clinician or
administrator; the operator does it with `clearhead reset-two-factor` (the
last administrator). Either way: devices removed, sessions ended, tokens
revoked, audited, and the person e-mailed.
"""

import pytest
from django.core.management import CommandError
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhead.accounts import services
from clearhead.accounts.tests.test_commands import run
from clearhead.accounts.tests.test_two_factor import current_code, sign_in
from clearhead.accounts.tests.test_two_factor_bypass import enrol, staff_2fa  # noqa: F401
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

STAFF_PAGE = reverse("accounts:staff_invitations")


def reset_url(person) -> str:
    return reverse("accounts:two_factor_reset", args=[person.public_id])


def verified_sign_in(client, user, password):
    device = enrol(user)
    sign_in(client, user.email, password)
    client.post(reverse("accounts:two_factor_verify"), {"code": current_code(device)})
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_an_administrator_resets_a_clinician(
    client,
    admin_ada,
    clinician_casey,
    persona_password,
    staff_2fa,  # noqa: F811
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    enrol(clinician_casey)
    casey_client = client.__class__()
    casey_client.force_login(clinician_casey)  # a session Casey still has
    _, raw = services.api_token_create(actor=clinician_casey, name="script")
    verified_sign_in(client, admin_ada, persona_password)

    page = client.get(STAFF_PAGE).content.decode()
    assert "casey@clinic.example.org" in page
    assert reset_url(clinician_casey) in page
    assert reset_url(admin_ada) not in page  # not one's own: use settings

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reset_url(clinician_casey), follow=True)
    assert "Two-step sign-in was reset for casey@clinic.example.org" in (
        response.content.decode()
    )
    assert not TOTPDevice.objects.filter(user=clinician_casey).exists()
    assert not StaticDevice.objects.filter(user=clinician_casey).exists()
    assert_audited(
        action=AuditAction.TWO_FACTOR_RESET, actor=admin_ada, subject=clinician_casey
    )
    assert [m.to for m in mailoutbox] == [["casey@clinic.example.org"]]
    assert "reset" in mailoutbox[0].subject
    assert not mailoutbox[0].alternatives

    # Casey's old session has ended, the token is dead, and next time
    # Casey is asked to set two-step sign-in up again.
    assert casey_client.get("/clinic/")["Location"].startswith(
        reverse("accounts:login")
    )
    client.logout()
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code
        == 401
    )
    response = sign_in(client, clinician_casey.email, persona_password)
    assert response.redirect_chain[-1][0] == reverse("accounts:two_factor_setup")


def test_an_administrator_without_a_verified_session_cannot_reset(
    client, admin_ada, clinician_casey
):
    enrol(clinician_casey)
    client.force_login(admin_ada)  # the password only (staff 2FA off in tests)
    response = client.post(reset_url(clinician_casey))
    assert response["Location"] == reverse("accounts:two_factor_setup")
    assert TOTPDevice.objects.filter(user=clinician_casey, confirmed=True).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_RESET).exists()


def test_only_administrators_reset(client, clinician_casey, clinician_oscar):
    enrol(clinician_oscar)
    client.force_login(clinician_casey)
    assert client.post(reset_url(clinician_oscar)).status_code == 403
    assert TOTPDevice.objects.filter(user=clinician_oscar).exists()


def test_the_operator_resets_the_last_administrator(
    admin_ada, mailoutbox, django_capture_on_commit_callbacks
):
    enrol(admin_ada)
    with django_capture_on_commit_callbacks(execute=True):
        output = run("reset-two-factor", "ADA@clinic.example.org")
    assert output.count("\n") == 1
    assert output.startswith("Reset two-step sign-in for ada@clinic.example.org")
    assert not TOTPDevice.objects.filter(user=admin_ada).exists()
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_RESET)
    assert event.actor is None
    assert len(mailoutbox) == 1


def test_the_command_fails_with_one_line(admin_ada):
    with pytest.raises(CommandError, match=r"nobody@example\.org: no active account"):
        run("reset-two-factor", "nobody@example.org")
    with pytest.raises(CommandError, match="has no two-step sign-in to reset"):
        run("reset-two-factor", "ada@clinic.example.org")
