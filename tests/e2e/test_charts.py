"""Journey: charts drawn for the screen they are on.

A patient on a phone (390x844) opens their 90-day charts: every date and
number drawn is at least 12 CSS px as rendered (measured in the browser,
not assumed from the SVG), no label is cut at the edge, "Show the numbers"
lists the same days, and nothing comes from another host.
"""

import pytest
from playwright.sync_api import expect

from clearhead.accounts.models import Role
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.recovery.tests.test_tools_and_plans import add_checkin
from clearhead.testing import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.test_daily_checkin import sign_in

# Every <text> of every chart shown: its rendered font size (the SVG's
# font size times the scale its viewBox is drawn at), and whether its box
# lies inside the drawing.
MEASURE_TEXT = """() => [...document.querySelectorAll('svg.chart__svg')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .flatMap(svg => {
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map(text => {
      const r = text.getBoundingClientRect();
      return {
        text: text.textContent,
        px: parseFloat(getComputedStyle(text).fontSize) * scale,
        inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5,
      };
    });
  })"""


@pytest.fixture
def viewport():
    return PHONE


def chart_text(page) -> list[dict]:
    labels = page.evaluate(MEASURE_TEXT)
    assert labels, "no chart text shown"
    return labels


def test_a_patient_reads_90_days_of_charts_on_a_phone(
    page, live_server, axe_check, request_log
):
    patient = make_user("charts@example.org", Role.PATIENT, "Robin")
    onboard(patient)
    for days_ago, craving in ((80, 7), (40, 5), (3, 6), (2, 4), (0, 2)):
        add_checkin(patient, days_ago, craving, used=days_ago == 3)
    console = []
    page.on("console", lambda message: console.append(message.text))
    sign_in(page, live_server.url, "charts@example.org")
    page.wait_for_url("**/recovery/")
    page.goto(live_server.url + "/recovery/charts/?days=90")

    craving = page.get_by_role("img", name="Craving")
    expect(craving).to_be_visible()
    assert craving.bounding_box()["width"] <= PHONE["width"]
    for label in chart_text(page):
        assert label["px"] >= 12, label
        assert label["inside"], f"{label['text']!r} is cut at the chart's edge"
    page.get_by_role("img", name="Craving").scroll_into_view_if_needed()

    figure = page.get_by_role("figure", name="Craving")
    figure.get_by_text("Show the numbers").click()
    rows = figure.get_by_role("row")
    expect(rows).to_have_count(1 + 5)  # a header, then one row a day answered
    expect(rows.nth(3)).to_contain_text("6")
    expect(rows.nth(3)).to_contain_text("Yes")  # use reported that day
    axe_check(page)
    assert request_log.foreign() == []
    # Inline SVG with no inline styles: nothing the Content-Security-Policy refused.
    assert not [text for text in console if "Content Security Policy" in text]


def test_a_clinician_sees_craving_mood_use_and_tests_on_one_axis(
    browser, live_server, axe_check
):
    from clearhead.care.models import Program, ProgramMembership
    from clearhead.clinic.tests.test_clinic import checkin, enroll
    from clearhead.clinic.tests.test_patient_charts import drug_test

    program = Program.objects.create(name="Riverbend Recovery")
    casey = make_user("casey@clinic.example.org", Role.CLINICIAN, "Casey")
    ProgramMembership.objects.create(program=program, clinician=casey)
    pat = make_user("pat@example.org", Role.PATIENT, "Pat")
    # Pat lives where the program is: the check-ins' days (Pat's) and the
    # tests' days (the program's) are then the same dates at any hour.
    onboard(pat, time_zone=program.time_zone)
    enrollment = enroll(pat, casey, program)
    for days_ago, craving, mood in ((60, 8, 2), (30, 6, 3), (3, 7, 2), (1, 3, 4)):
        checkin(pat, days_ago=days_ago, craving=craving, mood=mood)
    checkin(pat, days_ago=2, craving=9, mood=1, used_ketamine=True)
    drug_test(casey, enrollment, 2, ketamine="positive")
    drug_test(casey, enrollment, 30, ketamine="negative")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(8_000)

    sign_in(page, live_server.url, "casey@clinic.example.org")
    page.get_by_role("link", name="Pat", exact=True).click()
    chart = page.get_by_role("img", name="Craving, mood, use and drug tests")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert 600 <= box["width"] <= 660  # the wide drawing, at the width drawn for
    labels = chart_text(page)
    assert {"Craving", "Mood", "Tests"} <= {label["text"] for label in labels}
    for label in labels:
        assert label["px"] >= 12, label
        assert label["inside"], label
    chart.scroll_into_view_if_needed()
    expect(page.get_by_text("Tests row: ▲ positive for ketamine")).to_be_visible()
    panel = page.get_by_role("region", name="Craving, mood, use and drug tests")
    panel.get_by_text("Show the numbers").click()
    expect(
        panel.get_by_role("row").filter(has_text="Ketamine positive")
    ).to_contain_text("9")
    axe_check(page)
    # The same page on a phone: the narrow drawing, as readable.
    page.set_viewport_size(PHONE)
    assert chart.bounding_box()["width"] <= PHONE["width"]
    for label in chart_text(page):
        assert label["px"] >= 12, label
        assert label["inside"], label
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    chart.scroll_into_view_if_needed()
    axe_check(page)
    context.close()
