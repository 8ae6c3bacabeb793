"""Journey: a clinician invites a patient, sees their warning, runs intake,
writes the plan, signs a note, records a test and exports FHIR."""

import json
import re
from pathlib import Path

from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import answer_first_four, sign_in


def test_from_invitation_to_fhir_export(browser, live_server, axe_check):
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    pat = make_user("pat@example.org", Role.PATIENT, "Pat")
    onboard(pat)
    clinician = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    patient = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    for page in (clinician, patient):
        page.set_default_timeout(8_000)

    sign_in(clinician, live_server.url, "casey@clinic.example.org")
    expect(clinician.get_by_role("heading", level=1)).to_have_text("My caseload")
    axe_check(clinician)
    clinician.get_by_role("link", name="Invite a patient").click()
    clinician.get_by_role("button", name="Create invitation").click()
    code = clinician.locator("#invitation-code").inner_text()

    sign_in(patient, live_server.url, "pat@example.org")
    patient.goto(live_server.url + "/clinic/join/")
    patient.get_by_label("Invitation code").fill(code)
    patient.get_by_role("button", name="Continue").click()
    # The consent names who will see what the patient ticks.
    expect(patient.get_by_role("heading", level=1)).to_have_text(
        "Connect with Riverbend Recovery"
    )
    axe_check(patient)
    # Nothing is ticked for the patient; the consent is read before it is signed.
    expect(patient.get_by_role("checkbox", checked=True)).to_have_count(0)
    patient.get_by_role("checkbox", name=re.compile("My sober days")).check()
    patient.get_by_label("My full check-ins (cravings, mood, notes)").check()
    patient.get_by_role("button", name="Continue").click()
    expect(patient.get_by_role("heading", level=1)).to_contain_text("Check and sign")
    summary = patient.get_by_role("region", name="What you are agreeing to")
    expect(summary).to_contain_text("The care team at Riverbend Recovery")
    expect(summary).to_contain_text("For my treatment")
    expect(summary).to_contain_text("My full check-ins (cravings, mood, notes)")
    expect(summary).to_contain_text("Your treatment at Riverbend Recovery ends")
    axe_check(patient)
    patient.get_by_role("button", name="Sign and connect").click()
    expect(patient.get_by_text("Type your name to sign.")).to_be_visible()
    patient.get_by_label("Type your full name to sign").fill("Pat Example")
    patient.get_by_role("button", name="Sign and connect").click()
    expect(
        patient.get_by_text("You are now connected with Riverbend Recovery.")
    ).to_be_visible()
    axe_check(patient)
    for craving in ("8", "9"):
        patient.goto(live_server.url + "/recovery/check-in/")
        answer_first_four(patient, craving, "Low")
        patient.get_by_role("button", name="Save check-in").click()

    clinician.goto(live_server.url + "/clinic/")
    first_row = clinician.get_by_role("row").nth(1)
    expect(first_row).to_contain_text("Pat")
    expect(first_row).to_contain_text("High craving")
    axe_check(clinician)

    first_row.get_by_role("link", name="Pat").click()
    expect(clinician.get_by_role("heading", level=1)).to_have_text(
        "Patient record: Pat"
    )
    axe_check(clinician)
    clinician.get_by_role("navigation", name="Patient record").get_by_role(
        "link", name="Intake"
    ).click()
    for group in (
        clinician.get_by_role("group").filter(has_text="withdrawal risk").all()[:1]
    ):
        group.get_by_label("1 low").check()
    for dimension, rating in (
        ("Intoxication and withdrawal risk", "1 low"),
        ("Physical health and complications", "2 moderate"),
        ("Emotional, behavioral or cognitive conditions", "1 low"),
        ("Readiness to change (4 = not ready at all)", "1 low"),
        ("Relapse or continued-use risk", "3 high"),
        ("Recovery environment (4 = works hard against recovery)", "1 low"),
    ):
        clinician.get_by_role("group", name=dimension).get_by_label(rating).check()
    axe_check(clinician)
    clinician.get_by_role("button", name="Score and see guidance").click()
    expect(
        clinician.get_by_role(
            "heading", name=re.compile("Suggested: Intensive outpatient care")
        )
    ).to_be_visible()
    axe_check(clinician)
    clinician.get_by_role("button", name="Record the level of care").click()
    expect(clinician.get_by_text("Level of care recorded.")).to_be_visible()

    clinician.get_by_role("navigation", name="Patient record").get_by_role(
        "link", name="Treatment plan"
    ).click()
    clinician.get_by_label("Phase").select_option("therapy")
    clinician.get_by_role("textbox", name="Goal").fill("Stay stopped")
    clinician.get_by_label("Measurable objective").fill(
        "30 days of check-ins without use"
    )
    clinician.get_by_role("button", name="Add goal").click()
    expect(clinician.get_by_text("30 days of check-ins without use")).to_be_visible()
    axe_check(clinician)

    clinician.get_by_role("navigation", name="Patient record").get_by_role(
        "link", name="Notes"
    ).click()
    clinician.get_by_label("Data").fill("Two days of strong cravings.")
    clinician.get_by_label("Assessment").fill("High relapse risk this week.")
    clinician.get_by_label("Plan").fill("Urge surfing practice; review Friday.")
    clinician.get_by_role("button", name="Save and sign").click()
    # Signing locks the note, so the page asks first and shows the note.
    expect(clinician.get_by_text("Two days of strong cravings.")).to_be_visible()
    axe_check(clinician)
    clinician.get_by_role("button", name="Sign and lock").click()
    expect(clinician.get_by_text("Locked.")).to_be_visible()
    expect(clinician.get_by_role("button", name="Save changes")).to_have_count(0)
    axe_check(clinician)

    clinician.get_by_role("navigation", name="Patient record").get_by_role(
        "link", name="Drug tests"
    ).click()
    clinician.get_by_label("Collected on").fill("2026-11-20")
    clinician.get_by_label("Ketamine", exact=True).select_option("negative")
    clinician.get_by_role("button", name="Record test").click()
    expect(clinician.get_by_text("Test recorded.")).to_be_visible()
    axe_check(clinician)

    clinician.get_by_role("navigation", name="Patient record").get_by_role(
        "link", name="Summary"
    ).click()
    with clinician.expect_download() as download_info:
        clinician.get_by_role("link", name="Export as FHIR R4 (JSON)").click()
    bundle = json.loads(Path(download_info.value.path()).read_text())
    assert bundle["resourceType"] == "Bundle"
    types = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {
        "Patient",
        "Observation",
        "QuestionnaireResponse",
        "CarePlan",
        "Goal",
    } <= types
