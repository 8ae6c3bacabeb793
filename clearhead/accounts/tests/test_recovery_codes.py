"""Account settings: two-step sign-in's state, new recovery codes, print and download."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhead.accounts import two_factor
from clearhead.accounts.tests.test_two_factor import current_code
from clearhead.audit.actions import AuditAction
from clearhead.core import clock
from clearhead.testing import assert_audited

pytestmark = pytest.mark.clock

SETTINGS = reverse("accounts:settings")
RENEW = reverse("accounts:two_factor_codes")
DOWNLOAD = reverse("accounts:two_factor_codes_download")


def _codes(page: str) -> list[str]:
    return re.findall(r"<code>(\d{8})</code>", page)


def _turn_on(client, user) -> list[str]:
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = client.post(
        reverse("accounts:two_factor_setup"), {"code": current_code(device)}
    ).content.decode()
    return _codes(page)


def _next_code(user) -> str:
    """The app's code one step later (a code is accepted only once)."""
    return current_code(TOTPDevice.objects.get(user=user, confirmed=True))


def test_settings_say_two_step_sign_in_is_on_once_it_is(client, patient_pat):
    client.force_login(patient_pat)
    off = client.get(SETTINGS).content.decode()
    assert "Two-step sign-in is off." in off
    assert "Set up two-step sign-in" in off
    _turn_on(client, patient_pat)
    on = client.get(SETTINGS).content.decode()
    assert "Two-step sign-in is on." in on
    assert "Set up two-step sign-in" not in on
    assert f'href="{RENEW}"' in on
    replace = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "<h1>Replace your authenticator app</h1>" in replace
    assert "needs two-step sign-in before you can continue" not in replace


def test_new_codes_need_a_fresh_app_code_and_the_old_ones_stop(
    client, patient_pat, django_capture_on_commit_callbacks
):
    client.force_login(patient_pat)
    old = _turn_on(client, patient_pat)
    assert client.get(RENEW).status_code == 200
    wrong = client.post(RENEW, {"code": "000000"})
    assert wrong.status_code == 400
    assert "That code did not match" in wrong.content.decode()
    recovery = client.post(RENEW, {"code": old[0]})  # not enough: being replaced
    assert recovery.status_code == 400
    TOTPDevice.objects.filter(user=patient_pat).update(throttling_failure_count=0)
    later = time_machine.travel(clock.now() + timedelta(seconds=60), tick=False)
    with later, django_capture_on_commit_callbacks(execute=True):
        page = client.post(RENEW, {"code": _next_code(patient_pat)})
    new = _codes(page.content.decode())
    assert len(new) == 10
    assert set(new).isdisjoint(old)
    assert "Print the codes" in page.content.decode()
    assert two_factor.verify_token(user=patient_pat, token=new[0]) is not None
    assert not StaticToken.objects.filter(token__in=old).exists()
    assert_audited(
        action=AuditAction.RECOVERY_CODES_RENEWED,
        actor=patient_pat,
        subject=patient_pat,
    )
    assert (
        mail.outbox[-1].subject
        == "New recovery codes were made for your Clearhead account"
    )
    assert new[0] not in mail.outbox[-1].body


def test_the_codes_download_as_plain_text_that_is_not_stored(client, patient_pat):
    client.force_login(patient_pat)
    codes = _turn_on(client, patient_pat)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert all(code in body for code in codes)
    # Later, or from another browser, there is nothing to download.
    with time_machine.travel(clock.now() + timedelta(minutes=11), tick=False):
        late = client.get(DOWNLOAD)
    assert late["Location"] == SETTINGS
    assert codes[0] not in late.content.decode()


def test_leaving_for_settings_ends_the_download(client, patient_pat):
    client.force_login(patient_pat)
    _turn_on(client, patient_pat)
    client.get(SETTINGS)
    response = client.get(DOWNLOAD, follow=True)
    assert "can be downloaded only just after they are made" in (
        response.content.decode()
    )


def test_without_two_step_sign_in_there_are_no_codes_to_renew(client, patient_pat):
    client.force_login(patient_pat)
    assert client.get(RENEW)["Location"] == reverse("accounts:two_factor_setup")
    assert client.post(RENEW, {"code": "123456"})["Location"] == reverse(
        "accounts:two_factor_setup"
    )


def test_a_session_that_passed_only_the_password_cannot_renew(
    client, patient_pat, persona_password
):
    client.force_login(patient_pat)
    _turn_on(client, patient_pat)
    client.post(reverse("accounts:logout"))
    client.post(
        reverse("accounts:login"),
        {"username": "pat@example.org", "password": persona_password},
    )
    assert client.get(RENEW)["Location"] == reverse("accounts:two_factor_verify")
    # The service asks again: a user who has not passed the second factor.
    with pytest.raises(PermissionDenied):
        two_factor.recovery_codes_renew(actor=patient_pat, token="123456")


def test_a_session_let_in_by_a_recovery_code_stays_in_after_new_codes(
    client, patient_pat, persona_password
):
    client.force_login(patient_pat)
    old = _turn_on(client, patient_pat)
    client.post(reverse("accounts:logout"))
    client.post(
        reverse("accounts:login"),
        {"username": "pat@example.org", "password": persona_password},
    )
    client.post(reverse("accounts:two_factor_verify"), {"code": old[0]})
    with time_machine.travel(clock.now() + timedelta(seconds=60), tick=False):
        client.post(RENEW, {"code": _next_code(patient_pat)})
        assert client.get(SETTINGS).status_code == 200  # not sent to verify
