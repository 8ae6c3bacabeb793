"""Journey: an operator's first hour, all through Clearhead's own pages.

The first administrator opens the one-time link, turns on two-step sign-in
and creates a program; invites a clinician, who sets up their account and
is told they are in no program yet; adds them to the program. The clinician
invites a patient, the patient joins sharing their check-ins and checks in,
and the clinician, signing in again, sees that check-in. No page of the
Django admin is opened on the way.
"""

import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from clearhead.accounts import services as account_services
from clearhead.testing import PERSONA_PASSWORD
from tests.e2e.conftest import PHONE
from tests.e2e.test_daily_checkin import answer_first_four, sign_in
from tests.e2e.test_two_factor_sign_in import code_for

ADMIN = "ada@clinic.example.org"
CLINICIAN = "casey@clinic.example.org"
PATIENT = "pat@example.org"


@pytest.fixture
def viewport():
    # A journey runs once; at phone size, where the pages are tightest.
    return PHONE


def _screenshot(page, name: str) -> None:
    """Keep a phone-size picture of a programs page to look at (/tmp here)."""
    path = Path(tempfile.gettempdir()) / f"programs-{name}.png"
    page.screenshot(path=path, full_page=True)


class Visits:
    """The path of every request each browser made."""

    def __init__(self):
        self.paths: list[str] = []

    def watch(self, context):
        context.on("request", lambda request: self.paths.append(request.url))
        return context

    def admin_pages(self) -> list[str]:
        return [url for url in self.paths if urlsplit(url).path.startswith("/admin/")]


def _new_page(browser, visits: Visits):
    page = visits.watch(browser.new_context(viewport=PHONE)).new_page()
    page.set_default_timeout(8_000)
    return page


def _link_in_last_mail(to: str) -> str:
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    url = re.search(r"https?://\S+", message.body).group(0)
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _create_account(page, name: str, email: str | None = None) -> None:
    page.get_by_label("Your name").fill(name)
    if email:
        page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    page.get_by_label("Password again").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="Create account").click()


def _turn_on_two_step(page) -> list[str]:
    """Set up the authenticator app; return the recovery codes shown once."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-step sign-in")
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code").fill(code_for(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in is on")
    codes = re.findall(r"\d{8}", page.locator("#recovery-codes").inner_text())
    page.get_by_role("link", name="Continue").click()
    return codes


def test_the_first_hour_from_first_admin_to_a_shared_check_in(
    page, browser, live_server, settings, axe_check
):
    settings.CLEARHEAD_REQUIRE_STAFF_2FA = True
    base = live_server.url
    visits = Visits()
    admin = page
    visits.watch(admin.context)

    # The operator's one-time link, made as `clearhead first-admin-link` does.
    code = account_services.first_admin_link_create()
    admin.goto(base + reverse("accounts:invitation_accept", args=[code]))
    expect(admin.get_by_role("heading", level=1)).to_have_text(
        "Set up your administrator account"
    )
    _create_account(admin, "Ada", ADMIN)
    _turn_on_two_step(admin)
    expect(admin.get_by_role("heading", level=1)).to_have_text("Account settings")

    admin.get_by_role("link", name="Programs and their clinicians").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Programs")
    expect(admin.get_by_text("There are no programs yet.")).to_be_visible()
    axe_check(admin)
    admin.get_by_role("link", name="New program").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("New program")
    axe_check(admin)
    admin.get_by_label("Program name").fill("Harbor Light")
    admin.get_by_label("Time zone").select_option("America/Chicago")
    admin.get_by_label("City (optional)").fill("Duluth")
    admin.get_by_label("Phone number for patients (optional)").fill("218-555-0100")
    _screenshot(admin, "new")
    admin.get_by_role("button", name="Create program").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Harbor Light")
    expect(admin.get_by_text("No clinicians are members yet.")).to_be_visible()
    axe_check(admin)
    _screenshot(admin, "detail-empty")

    admin.get_by_role("link", name="Edit details of Harbor Light").click()
    expect(admin.get_by_label("Time zone")).to_have_value("America/Chicago")
    admin.get_by_label("Street address (optional)").fill("12 Lake Street")
    axe_check(admin)
    admin.get_by_role("button", name="Save details").click()
    expect(admin.get_by_text("12 Lake Street, Duluth")).to_be_visible()

    # No clinician exists yet: the page sends the admin to invite one.
    admin.get_by_role("link", name="invite them as a clinician").click()
    admin.get_by_label("E-mail address").fill(CLINICIAN)
    admin.get_by_label("Clinician", exact=True).check()
    admin.get_by_role("button", name="Send invitation").click()
    expect(admin.get_by_text(f"An invitation was sent to {CLINICIAN}.")).to_be_visible()

    clinician = _new_page(browser, visits)
    clinician.goto(base + _link_in_last_mail(CLINICIAN))
    expect(clinician.get_by_role("heading", level=1)).to_have_text(
        "Set up your clinician account"
    )
    _create_account(clinician, "Casey")
    clinician_codes = _turn_on_two_step(clinician)
    expect(clinician.get_by_role("heading", level=1)).to_have_text(
        "You are not in a program yet"
    )
    expect(clinician.get_by_role("link", name=ADMIN)).to_be_visible()
    _screenshot(clinician, "none-yet")
    axe_check(clinician)

    admin.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Programs"
    ).click()
    admin.get_by_role("link", name="Harbor Light").click()
    admin.get_by_label("Clinician to add").select_option(
        label="Casey (casey@clinic.example.org)"
    )
    admin.get_by_role("button", name="Add to program").click()
    expect(admin.get_by_text("Casey is now a member of Harbor Light.")).to_be_visible()
    expect(admin.get_by_role("heading", name="Casey", level=3)).to_be_visible()
    axe_check(admin)
    admin.get_by_text("End membership").click()  # opens the confirmation
    _screenshot(admin, "detail")
    admin.get_by_role("link", name="Programs", exact=True).first.click()
    expect(admin.get_by_role("row", name=re.compile("Harbor Light"))).to_contain_text(
        "Central (Chicago)"
    )
    _screenshot(admin, "list")

    clinician.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Caseload"
    ).click()
    expect(clinician.get_by_role("heading", level=1)).to_have_text("My caseload")
    clinician.get_by_role("link", name="Invite a patient").click()
    clinician.get_by_label("Patient's e-mail (optional)").fill(PATIENT)
    clinician.get_by_role("button", name="Create invitation").click()
    expect(clinician.locator("#invitation-code")).to_be_visible()

    patient = _new_page(browser, visits)
    patient.goto(base + reverse("accounts:register"))
    patient.get_by_label("I want support with my own ketamine use or recovery").check()
    patient.get_by_label("What should we call you?").fill("Pat")
    patient.get_by_label("E-mail address").fill(PATIENT)
    patient.get_by_label("Password", exact=True).fill(PERSONA_PASSWORD)
    patient.get_by_label("Password again").fill(PERSONA_PASSWORD)
    patient.get_by_role("button", name="Create my account").click()
    expect(patient.get_by_role("heading", level=1)).to_have_text(
        "Let's get you started"
    )
    patient.get_by_label("The day you stopped, or plan to stop, using ketamine").fill(
        "2026-01-01"
    )
    patient.get_by_label("Your time zone").select_option("America/Chicago")
    patient.get_by_role("button", name="Save").click()
    expect(patient.get_by_role("heading", level=1)).to_have_text("My recovery")

    patient.goto(base + _link_in_last_mail(PATIENT))
    # The consent names its recipient before it is signed.
    expect(patient.get_by_role("heading", level=1)).to_have_text(
        "Connect with Harbor Light"
    )
    axe_check(patient)
    _screenshot(patient, "join")
    # Nothing is ticked for the patient: they choose, then read what they sign.
    patient.get_by_role("checkbox", name=re.compile("My sober days")).check()
    patient.get_by_label("My full check-ins (cravings, mood, notes)").check()
    patient.get_by_role("button", name="Continue").click()
    expect(
        patient.get_by_role("region", name="What you are agreeing to")
    ).to_contain_text("The care team at Harbor Light")
    axe_check(patient)
    patient.get_by_label("Type your full name to sign").fill("Pat Example")
    patient.get_by_role("button", name="Sign and connect").click()
    expect(
        patient.get_by_text("You are now connected with Harbor Light.")
    ).to_be_visible()
    # What the administrator entered for patients is on their care page.
    expect(patient.get_by_role("link", name="218-555-0100")).to_have_attribute(
        "href", "tel:218-555-0100"
    )
    patient.goto(base + reverse("recovery:checkin"))
    answer_first_four(patient, "7", "Low")
    patient.get_by_role("button", name="Save check-in").click()
    expect(patient.get_by_text("Check-in saved.")).to_be_visible()

    # The clinician comes back later, on another device: password and a code.
    later = _new_page(browser, visits)
    sign_in(later, base, CLINICIAN)
    expect(later.get_by_role("heading", level=1)).to_have_text("Enter your code")
    later.get_by_label("Code").fill(clinician_codes[0])
    later.get_by_role("button", name="Continue").click()
    expect(later.get_by_role("heading", level=1)).to_have_text("My caseload")
    later.get_by_role("link", name="Pat", exact=True).click()
    expect(later.get_by_role("heading", level=1)).to_have_text("Patient record: Pat")
    checkins = later.get_by_role("table", name="Check-ins")
    expect(checkins.get_by_role("row")).to_have_count(2)  # heading and one day
    # Self-harm thoughts, used, then craving (the answers that matter most first).
    expect(checkins.get_by_role("cell").nth(2)).to_contain_text("7")

    assert visits.admin_pages() == []
