"""Journey: a clinician signs in with a password and an authenticator code."""

import base64
import re

from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import sign_in


def code_for(secret: str) -> str:
    from django_otp.oath import totp

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_a_clinician_turns_on_and_uses_two_step_sign_in(
    page, live_server, settings, axe_check
):
    settings.CLEARHEAD_REQUIRE_STAFF_2FA = True
    casey = make_user("casey.totp@clinic.example.org", Role.CLINICIAN, "Casey")
    # In a program, so signing in lands on the caseload (not "no program yet").
    ProgramMembership.objects.create(
        program=Program.objects.create(name="Riverbend Recovery"), clinician=casey
    )
    sign_in(page, live_server.url, "casey.totp@clinic.example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    expect(
        page.get_by_role("img", name="QR code for your authenticator app")
    ).to_be_visible()
    axe_check(page)

    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code").fill(code_for(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in is on")
    codes = re.findall(r"\d{8}", page.locator("#recovery-codes").inner_text())
    assert len(codes) == 10
    axe_check(page)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")

    page.get_by_role("button", name="Sign out", exact=True).click()
    # Sign-out clears the device first (storage, caches), then lands here.
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    sign_in(page, live_server.url, "casey.totp@clinic.example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    axe_check(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
