"""Issue 13, finding 1: the password alone must never reach a second factor.

A clinician or administrator with a confirmed authenticator, signed in with
only the password, could open set-up, get a new secret, confirm a code from
it and end with a fully verified session, deleting the owner's real
authenticator. A session that has passed only the password may verify (an
app code or a recovery code) and nothing else.
"""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhead.accounts import two_factor
from clearhead.accounts.tests.test_two_factor import current_code, sign_in

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


@pytest.fixture
def staff_2fa():
    with override_settings(CLEARHEAD_REQUIRE_STAFF_2FA=True):
        yield


def enrol(user) -> TOTPDevice:
    """The owner's real authenticator, confirmed from a verified session."""
    device = two_factor.totp_device_start(actor=user)
    assert two_factor.totp_device_confirm(
        actor=user, device=device, token=current_code(device)
    )
    # Let the same 30-second code be used again at sign-in in this test.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return device


@pytest.mark.parametrize(
    ("persona", "email", "target"),
    [
        ("clinician_casey", "casey@clinic.example.org", "/clinic/"),
        ("admin_ada", "ada@clinic.example.org", "/admin/"),
    ],
)
def test_a_password_only_session_cannot_enrol_a_new_authenticator(
    client, request, persona, email, target, persona_password, staff_2fa
):
    owner = request.getfixturevalue(persona)
    real = enrol(owner)

    response = sign_in(client, owner.email, persona_password)
    assert response.redirect_chain[-1][0] == VERIFY

    # The attack: open set-up, scan the secret shown, confirm a code from it.
    page = client.get(SETUP)
    pending = TOTPDevice.objects.filter(user=owner, confirmed=False).first()
    attacker = pending or TOTPDevice(user=owner, name="attacker", confirmed=False)
    posted = client.post(SETUP, {"code": current_code(attacker)})

    assert page.status_code == 302
    assert page["Location"] == VERIFY
    assert pending is None  # no new secret was made for the attacker to scan
    assert posted.status_code == 302
    assert posted["Location"] == VERIFY
    # Still only half signed in: everything else waits for a real code.
    assert client.get(target)["Location"].startswith(VERIFY)
    assert client.get("/api/v1/me").status_code == 401

    # The owner's authenticator survives, and is still the only one.
    assert list(TOTPDevice.objects.filter(user=owner)) == [real]


def test_the_service_refuses_without_a_verified_session(clinician_casey):
    from django.core.exceptions import PermissionDenied

    enrol(clinician_casey)
    with pytest.raises(PermissionDenied):
        two_factor.totp_device_start(actor=clinician_casey)


def test_set_up_reuses_the_pending_authenticator(
    client, clinician_casey, persona_password, staff_2fa
):
    sign_in(client, clinician_casey.email, persona_password)
    first = client.get(SETUP).content.decode()
    second = client.get(SETUP).content.decode()
    pending = TOTPDevice.objects.filter(user=clinician_casey, confirmed=False)
    assert pending.count() == 1
    secret = two_factor.setup_secret(pending.get())
    assert secret in first
    assert secret in second


def test_replacing_from_a_verified_session_is_audited_and_emailed(
    client,
    clinician_casey,
    persona_password,
    staff_2fa,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from clearhead.audit.actions import AuditAction
    from clearhead.testing import assert_audited

    real = enrol(clinician_casey)
    sign_in(client, clinician_casey.email, persona_password)
    client.post(VERIFY, {"code": current_code(real)})
    assert client.get("/clinic/").status_code == 200

    assert client.get(SETUP).status_code == 200  # verified: may replace
    new = TOTPDevice.objects.get(user=clinician_casey, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(SETUP, {"code": current_code(new)})
    assert "recovery" in done.content.decode().lower()
    assert list(TOTPDevice.objects.filter(user=clinician_casey)) == [new]
    assert_audited(action=AuditAction.TWO_FACTOR_REPLACED, actor=clinician_casey)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [clinician_casey.email]
    assert "new authenticator" in message.subject
    assert not message.alternatives  # plain text only


def test_turning_two_step_on_ends_the_sessions_let_in_on_the_password_alone(
    client, patient_pat, persona_password
):
    """A patient signed in on a shared computer with the password only (two-step
    sign-in was off), then turned it on from their phone: the session left
    behind must not keep reading their record on the password alone."""
    from django.test import Client

    left_behind = Client()
    sign_in(left_behind, patient_pat.email, persona_password)
    assert left_behind.get("/recovery/charts/").status_code == 200

    sign_in(client, patient_pat.email, persona_password)
    page = client.get(SETUP).content.decode()
    assert "two-step" in page.lower()
    device = TOTPDevice.objects.get(user=patient_pat, confirmed=False)
    response = client.post(SETUP, {"code": current_code(device)})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=patient_pat, confirmed=True).exists()

    # The phone's own session goes on, verified.
    assert client.get("/recovery/charts/").status_code == 200
    # The one left behind is signed out.
    response = left_behind.get("/recovery/charts/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
