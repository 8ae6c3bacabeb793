"""Two-step sign-in: required for staff, offered to everyone, with recovery codes."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhead.audit.actions import AuditAction
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

SIGN_IN = reverse("accounts:login")


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, email, password):
    return client.post(SIGN_IN, {"username": email, "password": password}, follow=True)


@pytest.fixture
def staff_2fa():
    with override_settings(CLEARHEAD_REQUIRE_STAFF_2FA=True):
        yield


def test_a_clinician_must_set_up_two_step_sign_in_first(
    client, clinician_casey, persona_password, staff_2fa
):
    response = sign_in(client, "casey@clinic.example.org", persona_password)
    assert response.redirect_chain[-1][0] == reverse("accounts:two_factor_setup")
    page = response.content.decode()
    assert 'src="data:image/svg+xml' in page
    assert client.get("/clinic/")["Location"] == reverse("accounts:two_factor_setup")
    assert (
        client.get("/api/v1/me").status_code == 401
    )  # the API refuses the session too

    device = TOTPDevice.objects.get(user=clinician_casey, confirmed=False)
    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert "That code did not match" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code slows further tries; skip the wait
    done = client.post(
        reverse("accounts:two_factor_setup"), {"code": current_code(device)}
    )
    codes = re.findall(r"<code>(\d{8})</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/clinic/").status_code == 200
    assert_audited(action=AuditAction.TWO_FACTOR_ENABLED, actor=clinician_casey)

    # Next time: password, then a code. A recovery code works once.
    client.post(reverse("accounts:logout"))
    response = sign_in(client, "casey@clinic.example.org", persona_password)
    assert response.redirect_chain[-1][0] == reverse("accounts:two_factor_verify")
    client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert client.get("/clinic/").status_code == 200
    client.post(reverse("accounts:logout"))
    sign_in(client, "casey@clinic.example.org", persona_password)
    again = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert "That code did not work" in again.content.decode()
    assert_audited(action=AuditAction.TWO_FACTOR_VERIFIED, actor=clinician_casey)


def test_patients_are_offered_but_not_forced(
    client, patient_pat, persona_password, staff_2fa
):
    response = sign_in(client, "pat@example.org", persona_password)
    assert reverse("accounts:two_factor_setup") not in [
        url for url, _ in response.redirect_chain
    ]
    assert (
        "Set up two-step sign-in"
        in client.get(reverse("accounts:settings")).content.decode()
    )


def test_each_code_box_asks_for_what_its_page_takes(
    client, clinician_casey, persona_password, staff_2fa
):
    """One form, worded by its page: setting up takes only the app's number
    (there are no recovery codes yet); signing in takes either."""
    setup = sign_in(client, "casey@clinic.example.org", persona_password)
    page = setup.content.decode()
    assert "Code from your authenticator app" in page
    assert "The 6-digit number your app shows now." in page
    assert "recovery code." not in page
    device = TOTPDevice.objects.get(user=clinician_casey, confirmed=False)
    client.post(reverse("accounts:two_factor_setup"), {"code": current_code(device)})
    client.post(reverse("accounts:logout"))
    verify = sign_in(client, "casey@clinic.example.org", persona_password)
    page = verify.content.decode()
    assert re.search(r'<label for="id_code">Code</label>', page)
    assert "or an 8-digit recovery code." in page
