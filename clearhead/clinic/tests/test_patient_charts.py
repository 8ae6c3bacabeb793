"""The patient page's chart: craving, mood and use with drug tests on one
time axis, from what the patient shares with the care team, nothing more."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearhead.clinic import records
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.clinic.tests.test_records import url
from clearhead.core import clock

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock


def drug_test(casey, enrollment, days_ago, **results):
    records.drug_test_record(
        actor=casey,
        enrollment=enrollment,
        collected_on=clock.today_in(enrollment.program.time_zone)
        - timedelta(days=days_ago),
        specimen="urine",
        method="point_of_care",
        results=results,
    )


def narrow_svg(page: str) -> str:
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg"')
    return page[start : page.index("</svg>", start)]


def chart_of(page: str) -> str:
    start = page.index('aria-labelledby="chart-timeline-title"')
    return page[start : page.index("</section>", start)]


def test_the_care_team_sees_craving_mood_use_and_tests_on_one_axis(
    client, casey_in_program, program, patient_pat
):
    enrollment = enroll(patient_pat, casey_in_program, program)
    checkin(patient_pat, days_ago=3, craving=7, mood=2, used_ketamine=True)
    checkin(patient_pat, days_ago=1, craving=4, mood=3)
    drug_test(casey_in_program, enrollment, 2, ketamine="positive")
    drug_test(casey_in_program, enrollment, 0, ketamine="negative", alcohol="negative")
    client.force_login(casey_in_program)
    chart = chart_of(client.get(url("patient_detail", enrollment)).content.decode())

    svg = narrow_svg(chart)
    assert 'aria-labelledby="chart-timeline-title"' in svg
    assert svg.count('class="values"') == 2  # craving and mood
    assert svg.count('class="use-days"') == 3  # across both panels and the tests
    assert 'class="test-positive"' in svg
    assert 'class="test-negative"' in svg
    assert ">Tests</text>" in svg
    assert "Last 90 days: craving averaged 5.5 out of 10 on 2 days" in chart
    assert "1 positive for ketamine" in chart
    rows = re.findall(r"<tr><td>.*?</tr>", chart)
    assert len(rows) == 4  # two check-ins and two tests, each on its own day
    assert "Urine: Ketamine positive" in rows[1]
    assert "Alcohol negative" in rows[3]


def test_without_shared_check_ins_only_the_tests_are_drawn(
    client, casey_in_program, program, patient_pat
):
    enrollment = enroll(
        patient_pat, casey_in_program, program, sharing=["checkin_summary"]
    )
    checkin(patient_pat, days_ago=1, craving=9, mood=1)
    drug_test(casey_in_program, enrollment, 1, ketamine="inconclusive")
    client.force_login(casey_in_program)
    chart = chart_of(client.get(url("patient_detail", enrollment)).content.decode())
    assert 'class="values"' not in chart
    assert 'class="test-inconclusive"' in chart
    assert "Daily check-ins are not shared with your team." in chart
    assert '<th scope="col">Craving' not in chart


def test_a_clinician_off_the_care_team_gets_no_chart(
    client, casey_in_program, clinician_olive, program, patient_pat
):
    enrollment = enroll(patient_pat, casey_in_program, program)
    checkin(patient_pat, days_ago=1, craving=9)
    client.force_login(clinician_olive)
    response = client.get(url("patient_detail", enrollment))
    assert response.status_code == 404
    assert b"chart-timeline" not in response.content


def test_the_chart_costs_the_same_queries_for_a_week_or_three_months(
    client, casey_in_program, program, patient_pat
):
    enrollment = enroll(patient_pat, casey_in_program, program)
    checkin(patient_pat, days_ago=1)
    drug_test(casey_in_program, enrollment, 1, ketamine="negative")
    client.force_login(casey_in_program)
    client.get(url("patient_detail", enrollment))  # the session's first checks
    with CaptureQueriesContext(connection) as few:
        client.get(url("patient_detail", enrollment))
    for days_ago in range(2, 90, 3):
        checkin(patient_pat, days_ago=days_ago, used_ketamine=days_ago % 9 == 0)
    for days_ago in range(5, 90, 20):
        drug_test(casey_in_program, enrollment, days_ago, ketamine="positive")
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("patient_detail", enrollment)).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert narrow_svg(chart_of(page)).count("<use") >= 2 * 31  # craving and mood
