"""Journey: a clinician on a phone finds the flagged patient at the top of the
caseload, opens them, marks the crisis reviewed, and sees it marked."""

import re

from playwright.sync_api import expect

from clearhead.accounts.models import Role, User
from clearhead.care.models import Program, ProgramMembership
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.test_daily_checkin import sign_in


def test_a_clinician_marks_a_crisis_reviewed(browser, live_server, axe_check):
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    for email, name in (("abby@example.org", "Abby"), ("pat@example.org", "Pat")):
        patient = make_user(email, Role.PATIENT, name)
        onboard(patient)
        enroll(patient, casey, program)
    # Abby's cravings are high (a flag); Pat, later by name, reported thoughts
    # of self-harm (a crisis, more urgent): Pat comes first.
    checkin(User.objects.get(display_name="Abby"), days_ago=1, craving=8)
    checkin(User.objects.get(display_name="Abby"), craving=9)
    # Pat checked in three times today; only the second mentioned self-harm.
    pat = User.objects.get(display_name="Pat")
    checkin(pat, craving=1)
    worrying = checkin(pat, self_harm_thoughts=True)
    checkin(pat, craving=3)
    page = browser.new_context(viewport=PHONE).new_page()
    page.set_default_timeout(8_000)

    sign_in(page, live_server.url, "casey@clinic.example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Pat")
    expect(rows.nth(1)).to_contain_text("Crisis")
    expect(
        page.get_by_role("link", name=re.compile(r"^Crisis ?: 1 awaiting review$"))
    ).to_be_visible()
    expect(page.get_by_text("awaiting review come first")).to_be_visible()
    # On a phone every column is on the screen, the caption too.
    for shown in (
        page.locator("caption"),
        rows.nth(1).get_by_role("cell", name="Level of care: Outpatient"),
        rows.nth(1).get_by_role("cell", name="Next appointment:"),
    ):
        box = shown.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
    axe_check(page)

    page.get_by_role("link", name="Pat", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Patient record: Pat")
    warnings = page.get_by_role("region", name="Early warnings")
    expect(warnings).to_contain_text("Self-harm thoughts: yes")
    axe_check(page)
    # The evidence leads to that check-in's own row, marked, its answers on
    # the screen of a phone (no sideways scrolling).
    warnings.get_by_role("link", name="Check-in,").click()
    row = page.locator(f"#checkin-{worrying.public_id}")
    expect(row).to_be_in_viewport()
    expect(row.get_by_role("cell", name="Self-harm thoughts: Yes")).to_be_visible()
    assert page.evaluate("document.querySelector(':target').id") == row.get_attribute(
        "id"
    )
    answer = row.get_by_text("Yes", exact=True).bounding_box()
    assert answer["x"] + answer["width"] <= PHONE["width"]
    highlighted = row.evaluate("r => getComputedStyle(r).backgroundColor")
    assert highlighted not in ("rgba(0, 0, 0, 0)", "transparent")
    axe_check(page)
    warnings.get_by_label("Note on “Crisis”").fill("Phoned Pat; safe at home.")
    warnings.get_by_role("button", name="Mark reviewed").click()

    expect(page.get_by_text("“Crisis” marked reviewed.")).to_be_visible()
    warnings = page.get_by_role("region", name="Early warnings")
    expect(warnings).to_contain_text("Reviewed by Casey on")
    expect(warnings).to_contain_text("Phoned Pat; safe at home.")
    expect(warnings.get_by_role("button", name="Mark reviewed")).to_have_count(0)
    axe_check(page)

    page.get_by_role("main").get_by_role("link", name="Caseload").click()
    # Reviewed now: it says so, below Abby's flag still awaiting review.
    expect(rows.nth(1)).to_contain_text("Abby")
    expect(rows.nth(1)).not_to_contain_text("reviewed")
    expect(rows.nth(2)).to_contain_text("Pat")
    expect(rows.nth(2)).to_contain_text("Crisis reviewed")
    expect(
        page.get_by_role("link", name=re.compile(r"^Crisis ?: 1 reviewed$"))
    ).to_be_visible()
