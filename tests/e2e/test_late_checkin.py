"""Journey: a patient logs yesterday's missed check-in, once, on a phone."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from clearhead.care.time_zones import today_for
from clearhead.recovery.models import DailyCheckIn
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import make_user
from tests.e2e.pages.menu import menu_link
from tests.e2e.test_daily_checkin import answer_first_four, sign_in


@pytest.fixture
def viewport():
    return {"width": 390, "height": 844}


def test_yesterdays_missed_checkin_is_logged_once_and_shown_late(
    page, live_server, axe_check
):
    patient = make_user("late@example.org")
    onboard(patient)
    sign_in(page, live_server.url, "late@example.org")
    menu_link(page, "Check in").click()
    page.get_by_role("link", name="I missed yesterday — log it now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yesterday's check-in")
    axe_check(page)
    # The questions ask about that day, by its name.
    yesterday = today_for(patient) - timedelta(days=1)
    day = f"{yesterday:%A}"
    expect(page.get_by_text(f"For {day} ")).to_be_visible()
    answer_first_four(page, "5", "OK", day=day)
    page.get_by_role("button", name="Save check-in").click()

    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    page.get_by_role("link", name="Back to my recovery").click()
    expect(page.get_by_text("(logged late)")).to_be_visible()
    axe_check(page)
    assert DailyCheckIn.objects.get(patient=patient).late is True
    menu_link(page, "Check in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Daily check-in")
    expect(
        page.get_by_role("link", name="I missed yesterday — log it now")
    ).to_have_count(0)
