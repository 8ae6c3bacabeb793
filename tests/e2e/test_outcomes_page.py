"""Journey: a clinician reads the program outcomes on a phone and a desktop:
every measure in words with what it means, no codes, no bare dashes."""

from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.care.models import Program, ProgramMembership
from clearhead.testing import make_user
from tests.e2e.test_daily_checkin import sign_in


def test_the_outcomes_page_explains_each_measure(
    page, live_server, axe_check, request_log
):
    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    sign_in(page, live_server.url, "casey@clinic.example.org")
    page.goto(live_server.url + "/clinic/outcomes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Program outcomes")
    expect(page.locator("#measure-retention_30")).to_contain_text(
        "Not enough patients yet"
    )
    expect(page.locator("#measure-adherence")).to_contain_text(
        "A patient's own figure counts only their last"
    )
    expect(page.get_by_text("No changes in level of care.")).to_be_visible()
    axe_check(page)
    assert request_log.foreign() == []
