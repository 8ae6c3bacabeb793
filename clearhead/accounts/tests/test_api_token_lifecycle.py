"""Issue 13, finding 6: API tokens expire, and do not survive account recovery.

Password change, password reset and "sign out on all other devices" revoke
the person's tokens and say so; a clinician's or administrator's token needs
two-step sign-in on, from the web and the command line, and stops working
when it is reset.
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management import CommandError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from clearhead.accounts import services
from clearhead.accounts.models import ApiToken
from clearhead.accounts.tests.test_commands import run
from clearhead.accounts.tests.test_two_factor_bypass import enrol
from clearhead.audit.actions import AuditAction
from clearhead.core import clock
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

ME = "/api/v1/me"


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def works(client, raw: str) -> bool:
    client.logout()
    status = client.get(ME, headers=bearer(raw)).status_code
    assert status in (200, 401)
    return status == 200


def test_a_token_expires_after_90_days(client, patient_pat):
    token, raw = services.api_token_create(actor=patient_pat, name="phone")
    assert timedelta(days=89) < token.expires_at - clock.now() <= timedelta(days=90)
    assert works(client, raw)
    with time_machine.travel(token.expires_at - timedelta(minutes=1)):
        assert works(client, raw)
    with time_machine.travel(token.expires_at + timedelta(seconds=1)):
        assert not works(client, raw)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None)
    assert not works(client, raw)  # undated rows never work


def test_a_token_may_be_shorter_but_not_longer(patient_pat):
    token, _ = services.api_token_create(
        actor=patient_pat, name="x", lifetime=timedelta(days=7)
    )
    assert token.expires_at - clock.now() <= timedelta(days=7)
    with pytest.raises(ValidationError):
        services.api_token_create(
            actor=patient_pat, name="x", lifetime=timedelta(days=91)
        )


def test_changing_the_password_revokes_tokens_and_says_so(
    client, patient_pat, persona_password
):
    _, raw = services.api_token_create(actor=patient_pat, name="phone")
    client.force_login(patient_pat)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": persona_password,
            "new_password1": "another long careful secret",
            "new_password2": "another long careful secret",
        },
        follow=True,
    )
    assert "Your API token was revoked too" in response.content.decode()
    assert not works(client, raw)
    assert_audited(action=AuditAction.API_TOKEN_REVOKED, actor=patient_pat)


def test_resetting_the_password_revokes_tokens_and_says_so(client, patient_pat):
    _, raw = services.api_token_create(actor=patient_pat, name="phone")
    _, raw2 = services.api_token_create(actor=patient_pat, name="laptop")
    uid = urlsafe_base64_encode(force_bytes(patient_pat.pk))
    url = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": uid,
            "token": default_token_generator.make_token(patient_pat),
        },
    )
    form_url = client.get(url)["Location"]
    response = client.post(
        form_url,
        {
            "new_password1": "another long careful secret",
            "new_password2": "another long careful secret",
        },
        follow=True,
    )
    assert "Your 2 API tokens were revoked too" in response.content.decode()
    assert not works(client, raw)
    assert not works(client, raw2)


def test_signing_out_everywhere_revokes_tokens_and_says_so(client, patient_pat):
    _, raw = services.api_token_create(actor=patient_pat, name="phone")
    client.force_login(patient_pat)
    response = client.post(reverse("accounts:sessions_end"), follow=True)
    page = response.content.decode()
    assert "signed out on every other device" in page
    assert "Your API token was revoked too" in page
    assert not works(client, raw)


def test_staff_need_two_step_sign_in_for_a_token(client, clinician_casey):
    client.force_login(clinician_casey)
    page = client.get(reverse("accounts:settings")).content.decode()
    assert "need two-step sign-in on before making a token" in page
    refused = client.post(reverse("accounts:api_token_create"), {"name": "script"})
    assert refused.status_code == 400
    assert "Turn on two-step sign-in" in refused.content.decode()
    assert not ApiToken.objects.exists()

    with pytest.raises(CommandError, match=r"^casey@clinic\.example\.org: Turn on"):
        run("create-token", "casey@clinic.example.org")
    assert not ApiToken.objects.exists()

    enrol(clinician_casey)
    raw = run("create-token", "casey@clinic.example.org", "--days", "30").strip()
    assert works(client, raw)


def test_a_staff_token_stops_working_without_two_step_sign_in(client, clinician_casey):
    """A token made by hand (an old row, or the admin site) for staff without it."""
    device = enrol(clinician_casey)
    _, raw = services.api_token_create(actor=clinician_casey, name="script")
    assert works(client, raw)
    device.delete()  # two-step sign-in turned off
    assert not works(client, raw)
