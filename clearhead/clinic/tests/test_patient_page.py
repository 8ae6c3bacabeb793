"""The patient page shows what the patient shares, in words, and what is left to do.

A check-in's triggers, sleep and note; the weekly routine and the
relapse-prevention plan; intakes scored but not recorded.
"""

import re
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhead.audit.actions import AuditAction
from clearhead.care.models import Program, ProgramMembership
from clearhead.care.time_zones import today_for
from clearhead.clinic import records
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.core import clock
from clearhead.recovery import services as recovery_services
from clearhead.recovery.models import RecoveryProfile, RoutineItem
from clearhead.recovery.routine import weekday_of
from clearhead.testing import assert_audited, make_user

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

# Level-of-care ratings that suggest outpatient care; `CRISIS` adds the answer
# that makes an intake a crisis.
CALM = {"withdrawal": 0, "medical": 0, "mental_health": 0, "readiness": 0}
CRISIS = CALM | {"suicidal_thoughts": True}


@pytest.fixture
def pat(patient_pat):
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat, stop_date=clock.today_in("UTC") - timedelta(days=10)
    )
    return patient_pat


def _page(client, clinician, enrollment) -> str:
    client.force_login(clinician)
    response = client.get(reverse("clinic:patient_detail", args=[enrollment.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def _absent(word: str, page: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", page) is None


def test_a_shared_check_in_shows_its_triggers_sleep_and_note_in_words(
    client, casey_in_program, program, pat
):
    enrollment = enroll(pat, casey_in_program, program)
    checkin(
        pat,
        triggers=["low_mood", "celebration"],
        other_substances=["alcohol"],
        coping=["called_someone"],
        sleep_hours="6.5",
        stress=7,
        note="Argued with my brother\nafter dinner",
    )
    checkin(pat, days_ago=1)  # nothing but the four answers

    page = _page(client, casey_in_program, enrollment)

    assert '<th scope="col">Sleep (hours)</th>' in page
    assert '<td data-label="Sleep (hours)">6.5</td>' in page
    assert "Triggers:</span> Feeling low, Parties or celebrations" in page
    assert "<strong>Also used: Alcohol</strong>" in page
    assert "What helped:</span> Called or texted someone" in page
    assert "Stress:</span> 7 of 10" in page
    assert "Argued with my brother<br>after dinner" in page
    # The codes stay codes inside Clearhead: the page shows only words.
    for code in ("low_mood", "celebration", "called_someone"):
        assert _absent(code, page), code
    # The day with nothing more to say has an empty details cell, and no sleep.
    assert page.count('<td data-label="Sleep (hours)">\u2013</td>') == 1
    assert page.count('class="checkins__more checkins__more--none"') == 1
    assert_audited(
        action=AuditAction.PATIENT_RECORD_VIEWED,
        actor=casey_in_program,
        patient=pat,
    )


def test_a_summary_only_share_shows_no_check_in_words_routine_or_plan(
    client, casey_in_program, program, pat
):
    enrollment = enroll(pat, casey_in_program, program, sharing=["checkin_summary"])
    checkin(pat, triggers=["stress"], note="Private words", sleep_hours="4")
    recovery_services.routine_item_add(
        actor=pat, kind="meeting", title="Tuesday group", weekdays=[2]
    )
    recovery_services.relapse_plan_save(actor=pat, warning_signs="Skipping meals")

    page = _page(client, casey_in_program, enrollment)

    assert "Sober days: <strong>10</strong>" in page  # what is shared still shows
    for private in (
        "Private words",
        "Stress",
        "Sleep (hours)",
        "Tuesday group",
        "Weekly routine",
        "Skipping meals",
        "Relapse-prevention plan",
    ):
        assert private not in page, private


def test_the_routine_and_plan_show_when_the_plan_is_shared(
    client, casey_in_program, program, pat
):
    enrollment = enroll(pat, casey_in_program, program, sharing=["plan"])
    today = today_for(pat)
    group = recovery_services.routine_item_add(
        actor=pat,
        kind="meeting",
        title="SMART Recovery group",
        weekdays=[5, 1, 3],
        time=time(19, 0),
    )
    walk = recovery_services.routine_item_add(
        actor=pat, kind="exercise", title="Morning walk", weekdays=list(range(7))
    )
    recovery_services.routine_item_toggle(actor=pat, item=walk, day=today)
    recovery_services.relapse_plan_save(
        actor=pat,
        warning_signs="Skipping meals\nSeeing old friends",
        after_a_lapse="Call Sam",
    )
    # The last seven days, today included: the walk every day, the group
    # on each of its three days that fell in them.
    due = 7 + sum(
        weekday_of(today - timedelta(days=n)) in group.weekdays for n in range(7)
    )

    page = _page(client, casey_in_program, enrollment)

    assert "<strong>SMART Recovery group</strong>" in page
    assert "(Support meeting)" in page
    assert "Monday, Wednesday, Friday, 7:00 PM" in page
    assert "Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday" in page
    # Worded as the patient's own "My week" words it.
    percent = round(100 / due)
    assert f"1 of {due} routine items done in the last 7 days ({percent}%)." in page
    assert "<dt>Warning signs</dt><dd>Skipping meals<br>Seeing old friends</dd>" in page
    assert "<dt>If they slip</dt><dd>Call Sam</dd>" in page
    assert "<dt>High-risk situations</dt><dd>Not filled in yet.</dd>" in page
    # Check-ins are not shared: no table, even with a check-in stored.
    assert "Check-ins (last" not in page


def test_a_shared_plan_not_yet_written_says_so(client, casey_in_program, program, pat):
    enrollment = enroll(pat, casey_in_program, program, sharing=["plan"])
    page = _page(client, casey_in_program, enrollment)
    assert "Nothing in their weekly routine yet." in page
    assert re.search(
        r'id="plan-title">Relapse-prevention plan</h2>\s*<p>Not written yet', page
    )


def _decide_url(enrollment, intake) -> str:
    return reverse(
        "clinic:intake_decide", args=[enrollment.public_id, intake.public_id]
    )


def test_intakes_scored_but_not_recorded_are_listed_until_a_level_is_recorded(
    client, casey_in_program, clinician_olive, program, pat
):
    enrollment = enroll(pat, casey_in_program, program)
    first = records.intake_record(
        actor=casey_in_program, enrollment=enrollment, answers={"level-of-care": CALM}
    )
    enrollment.care_team.add(clinician_olive)
    second = records.intake_record(
        actor=clinician_olive, enrollment=enrollment, answers={"level-of-care": CRISIS}
    )

    page = _page(client, casey_in_program, enrollment)

    assert "Scored but not recorded" in page
    assert "2 intakes were scored, but no level of care was recorded from them." in page
    assert f'href="{_decide_url(enrollment, first)}"' in page
    assert f'href="{_decide_url(enrollment, second)}"' in page
    # Newest first, each saying who scored it and what it suggests.
    drafts = page[page.index("Scored but not recorded") :]
    assert drafts.index("by Olive") < drafts.index("by Casey")
    assert "Suggested: Outpatient" in drafts
    assert drafts.count("Crisis answers") == 1

    # Recording the level from the newer one spends the older scoring too.
    client.post(_decide_url(enrollment, second), {"level": "inpatient"})
    page = _page(client, casey_in_program, enrollment)
    assert "Scored but not recorded" not in page
    assert _decide_url(enrollment, first) not in page

    third = records.intake_record(
        actor=casey_in_program, enrollment=enrollment, answers={"level-of-care": CALM}
    )
    page = _page(client, casey_in_program, enrollment)
    assert "An intake was scored, but no level of care was recorded from it." in page
    assert f'href="{_decide_url(enrollment, third)}"' in page


def test_another_programs_intakes_are_not_listed(
    client, casey_in_program, clinician_oscar, program, pat
):
    enrollment = enroll(pat, casey_in_program, program)
    other = Program.objects.create(name="Lakeside Clinic")
    ProgramMembership.objects.create(program=other, clinician=clinician_oscar)
    elsewhere = enroll(pat, clinician_oscar, other)
    records.intake_record(
        actor=clinician_oscar, enrollment=elsewhere, answers={"level-of-care": CALM}
    )

    assert "Scored but not recorded" not in _page(client, casey_in_program, enrollment)
    assert "Scored but not recorded" in _page(client, clinician_oscar, elsewhere)
    # And neither team reaches the other's page.
    client.force_login(casey_in_program)
    detail = reverse("clinic:patient_detail", args=[elsewhere.public_id])
    assert client.get(detail).status_code == 404


def test_the_page_reads_in_as_many_queries_for_a_long_record_as_a_short_one(
    client, casey_in_program, program, pat
):
    enrollment = enroll(pat, casey_in_program, program)
    other = make_user("robin@clinic.example.org", "clinician", "Robin")
    ProgramMembership.objects.create(program=program, clinician=other)
    enrollment.care_team.add(other)

    def add_records(n: int, offset: int) -> None:
        for day in range(offset, offset + n):
            checkin(pat, days_ago=day, triggers=["stress"], note=f"Day {day}")
            recovery_services.routine_item_add(
                actor=pat, kind="other", title=f"Item {day}", weekdays=[day % 7]
            )
            for who in (casey_in_program, other):
                records.intake_record(
                    actor=who, enrollment=enrollment, answers={"level-of-care": CALM}
                )

    add_records(1, 0)
    client.force_login(casey_in_program)
    url = reverse("clinic:patient_detail", args=[enrollment.public_id])
    client.get(url)  # the first request after signing in also reads the session
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    add_records(9, 1)
    assert RoutineItem.objects.count() == 10
    with CaptureQueriesContext(connection) as long:
        page = client.get(url).content.decode()
    assert "20 intakes were scored" in page
    assert len(long) == len(short)
