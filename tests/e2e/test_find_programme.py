"""Journey: someone finds a program near them, and a meeting for this week."""

import re
from pathlib import Path

from playwright.sync_api import expect

from clearhead.directory.tests.factories import FacilityFactory, MeetingFactory


def make_directory():
    FacilityFactory(
        name="Riverbend Recovery Services",
        latitude=39.78,
        longitude=-89.66,
        levels=["intensive_outpatient"],
        services=["detox", "cbt", "mental_health"],
        payments=["medicaid"],
        phone="217-555-0142",
    )
    FacilityFactory(
        name="Lakeview Residential Center",
        latitude=39.68,
        longitude=-89.70,
        levels=["residential"],
        services=["detox"],
        payments=["private_insurance"],
    )
    FacilityFactory(name="Far Away Clinic", latitude=41.88, longitude=-87.63)
    MeetingFactory(
        name="Clear Mind Tuesday",
        days=[2],
        types=["O", "D", "X"],
        attendance="hybrid",  # joinable from anywhere: shown in the viewer's time
        conference_url="https://meet.example.org/clear-mind",
    )


def test_search_by_zip_filter_and_open_a_program(
    page, live_server, request_log, axe_check
):
    make_directory()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Find help").click()
    axe_check(page)
    page.get_by_label("ZIP code or city and state").fill("62704")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^2 programs within 50 miles"))
    ).to_be_visible()
    expect(page.get_by_text("Far Away Clinic")).to_have_count(0)
    axe_check(page)

    page.get_by_text("Filters").click()
    page.get_by_label("Medicaid", exact=True).check()
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^1 program within"))
    ).to_be_visible()
    page.get_by_role("link", name="Riverbend Recovery Services").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Riverbend Recovery Services"
    )
    expect(page.get_by_role("link", name="Call 217-555-0142")).to_have_attribute(
        "href", "tel:217-555-0142"
    )
    expect(page.get_by_text("Supervised detox", exact=True)).to_be_visible()
    axe_check(page)
    assert request_log.foreign() == []


def test_the_self_assessment_link_lands_on_pre_filtered_results(
    page, live_server, axe_check
):
    make_directory()
    page.goto(
        live_server.url
        + "/find/?level=intensive_outpatient&detox=1&service=mental_health&near=62704"
    )
    expect(page.get_by_role("link", name="Riverbend Recovery Services")).to_be_visible()
    expect(page.get_by_role("link", name="Lakeview Residential Center")).to_have_count(
        0
    )
    expect(page.get_by_label("Intensive outpatient")).to_be_checked()
    expect(page.get_by_label("Offers supervised detox")).to_be_checked()
    axe_check(page)


def test_find_a_meeting_and_download_its_calendar_file(page, live_server, axe_check):
    make_directory()
    page.goto(live_server.url + "/meetings/?near=62704")
    axe_check(page)
    page.get_by_role("link", name="Clear Mind Tuesday").click()
    expect(page.get_by_text("Tuesdays at 7:00 PM")).to_be_visible()
    expect(page.get_by_text("where you are")).to_be_visible()  # the viewer's own time
    axe_check(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    download = download_info.value
    content = Path(download.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in content
    assert "SUMMARY:Clear Mind Tuesday" in content
    assert "RRULE:FREQ=WEEKLY;BYDAY=TU" in content


def test_an_online_meetings_time_where_you_are_reads_like_its_own_time(
    browser, live_server
):
    # The page said "(Eastern time) That is Wednesday, December 2 at 5:30 PM
    # MST where you are.": two date orders and a zone code in one line.
    meeting = MeetingFactory(
        name="Wednesday As Bill Sees It",
        days=[3],
        start_time="19:30",
        time_zone="America/New_York",
        attendance="online",
        conference_url="https://zoom.example.org/j/1",
    )
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="America/Denver"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/meetings/{meeting.public_id}/")
    line = page.locator("p", has_text="Next meeting:")
    expect(line).to_have_text(
        re.compile(
            r"^Next meeting: Wednesday (\d{1,2}) (\w+), 7:30 PM \(Eastern time\)\. "
            r"That is Wednesday \1 \2, 5:30 PM \(Mountain time\) where you are\.$"
        )
    )
    context.close()
