"""Journey: a counsellor reads what a patient shares, then finishes an intake.

At a 1366x900 desk and on a 390x844 phone: the check-ins with their
triggers, sleep and note in words, the weekly routine, the relapse-
prevention plan, and an intake scored but not recorded, with a link that
finishes it.
"""

from datetime import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic import records
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.recovery import services as recovery_services
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.test_clinic_forms_phone import fits_the_screen
from tests.e2e.test_daily_checkin import sign_in

SHOTS = Path("/tmp/shots-patientpage")  # noqa: S108
NAME = "Patricia Quill"
DESK = {"width": 1366, "height": 900}


@pytest.fixture(params=[PHONE, DESK], ids=["phone", "desktop"])
def viewport(request):
    return request.param


def _patient_who_shares_everything():
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    patient = make_user("pq@example.org", Role.PATIENT, NAME)
    onboard(patient)
    enrollment = enroll(patient, casey, program)
    checkin(
        patient,
        craving=7,
        mood=2,
        triggers=["low_mood", "celebration"],
        other_substances=["alcohol"],
        coping=["called_someone"],
        sleep_hours="6.5",
        note="Argued with my brother after dinner. Went for a walk instead.",
    )
    for days_ago in (1, 2, 3):
        checkin(patient, days_ago=days_ago, sleep_hours="8")
    recovery_services.routine_item_add(
        actor=patient,
        kind="meeting",
        title="SMART Recovery group",
        weekdays=[1, 3, 5],
        time=time(19, 0),
    )
    recovery_services.routine_item_add(
        actor=patient, kind="exercise", title="Morning walk", weekdays=list(range(7))
    )
    recovery_services.relapse_plan_save(
        actor=patient,
        warning_signs="Skipping meals. Seeing old friends.",
        high_risk_situations="Friday nights; payday.",
        coping_strategies="Call Sam. Go to the gym.",
        after_a_lapse="Tell Casey the next morning.",
    )
    records.intake_record(
        actor=casey,
        enrollment=enrollment,
        answers={"level-of-care": {"withdrawal": 1, "medical": 1, "readiness": 2}},
    )
    return enrollment


def test_the_patient_page_shows_what_is_shared_and_what_is_left_to_do(
    page, live_server, viewport, axe_check, request_log
):
    _patient_who_shares_everything()
    size = "phone" if viewport == PHONE else "desktop"
    SHOTS.mkdir(exist_ok=True)
    sign_in(page, live_server.url, "casey@clinic.example.org")
    page.get_by_role("link", name=NAME).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Patient record: {NAME}")

    drafts = page.get_by_role("region", name="Scored but not recorded")
    expect(drafts).to_contain_text("An intake was scored, but no level of care")
    expect(drafts).to_contain_text("by Casey")
    expect(drafts).to_contain_text("Suggested: Intensive outpatient")

    checkins = page.get_by_role("region", name="Check-ins (last 90 days)")
    newest = checkins.get_by_role("row").nth(1)
    expect(newest).to_contain_text("Triggers: Feeling low, Parties or celebrations")
    expect(newest).to_contain_text("Also used: Alcohol")
    expect(newest).to_contain_text("What helped: Called or texted someone")
    expect(newest).to_contain_text("Argued with my brother after dinner.")
    expect(newest).to_contain_text("6.5")  # hours of sleep

    routine = page.get_by_role("region", name="Weekly routine")
    expect(routine).to_contain_text("SMART Recovery group (Support meeting)")
    expect(routine).to_contain_text("Monday, Wednesday, Friday, 7:00 PM")
    expect(routine).to_contain_text("Morning walk (Exercise)")
    expect(routine).to_contain_text("0 of 10 routine items done in the last 7 days")
    plan = page.get_by_role("region", name="Relapse-prevention plan")
    expect(plan).to_contain_text("If they slip")
    expect(plan).to_contain_text("Tell Casey the next morning.")

    if size == "phone":
        fits_the_screen(page)
    axe_check(page)
    page.screenshot(path=SHOTS / f"patient-page-{size}.png", full_page=True)
    checkins.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"patient-page-checkins-{size}.png")

    drafts.get_by_role("link", name="Record the level of care").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Level-of-care guidance: {NAME}"
    )
    axe_check(page)
    page.get_by_role("button", name="Record the level of care").click()
    expect(page.get_by_role("status")).to_contain_text("Level of care recorded.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Patient record: {NAME}")
    expect(page.get_by_role("region", name="Scored but not recorded")).to_have_count(0)
    expect(page.get_by_text("Intensive outpatient ·")).to_be_visible()
    axe_check(page)
    assert request_log.foreign() == []
