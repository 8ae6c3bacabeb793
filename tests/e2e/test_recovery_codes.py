"""Journey: on a phone, a patient with two-step sign-in on sees that it is on,
makes new recovery codes, and prints or downloads them."""

import re
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from clearhead.accounts import two_factor
from clearhead.accounts.models import Role
from clearhead.accounts.tests.test_two_factor import current_code
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.test_daily_checkin import sign_in


@pytest.fixture
def viewport():
    return PHONE


def test_a_patient_makes_prints_and_downloads_new_recovery_codes(
    page, live_server, axe_check, request_log
):
    pat = make_user("pat@example.org", Role.PATIENT, "Pat")
    onboard(pat)
    device = two_factor.totp_device_start(actor=pat)
    old = two_factor.totp_device_confirm(
        actor=pat, device=device, token=current_code(device)
    )
    # The set-up above used this step's app code; the journey may use it again.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)

    sign_in(page, live_server.url, "pat@example.org")
    page.get_by_label("Code").fill(old[0])  # a recovery code, on the way in
    page.get_by_role("button", name="Continue").click()
    page.goto(live_server.url + "/account/settings/")
    two_step = page.get_by_role("region", name="Two-step sign-in")
    expect(two_step).to_contain_text("Two-step sign-in is on.")
    expect(two_step.get_by_text("Set up two-step sign-in")).to_have_count(0)
    axe_check(page)

    two_step.get_by_role("link", name="Make new recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make new recovery codes")
    axe_check(page)
    # Signing in with a recovery code first tried it as an app code, which
    # slows the app's next try for a second (django-otp's throttle); a person
    # takes longer than that, the test does not.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    page.get_by_label("Code from your authenticator app").fill(
        current_code(TOTPDevice.objects.get(pk=device.pk))
    )
    page.get_by_role("button", name="Make new codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new recovery codes")
    codes_list = page.get_by_role("list", name="Recovery codes")
    new = re.findall(r"\d{8}", codes_list.inner_text())
    assert len(new) == 10
    assert set(new).isdisjoint(old)
    print_button = page.get_by_role("button", name="Print the codes")
    expect(print_button).to_be_visible()
    expect(print_button).to_be_in_viewport()
    axe_check(page)
    page.screenshot(path="/tmp/shots17/recovery-codes.png", full_page=True)  # noqa: S108

    with page.expect_download() as caught:
        page.get_by_role("link", name="Download the codes (.txt)").click()
    download = caught.value
    assert download.suggested_filename == "clearhead-recovery-codes.txt"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert all(code in text for code in new)

    # Printed: the codes, without the menus or the buttons.
    page.emulate_media(media="print")
    expect(codes_list).to_be_visible()
    expect(print_button).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    page.emulate_media(media="screen")
    assert request_log.foreign() == []
