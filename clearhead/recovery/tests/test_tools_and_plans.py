"""Charts, the plans and the coping tools: the patient's own, audited."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse

from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.care.time_zones import today_for
from clearhead.recovery import services
from clearhead.recovery.charts import build_chart
from clearhead.recovery.models import RoutineCheck, RoutineItem, ThoughtRecord
from clearhead.recovery.routine import adherence, weekday_of
from clearhead.recovery.tests.test_recovery_pages import onboard
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock


def add_checkin(patient, days_ago, craving, used=False, mood=3):
    services.checkin_create(
        actor=patient,
        client_id=uuid.uuid4(),
        data={
            "day": today_for(patient) - timedelta(days=days_ago),
            "craving": craving,
            "mood": mood,
            "used_ketamine": used,
            "self_harm_thoughts": False,
        },
    )


def test_a_chart_has_points_use_marks_and_a_plain_summary(patient_pat):
    add_checkin(patient_pat, 2, 8, used=True)
    add_checkin(patient_pat, 1, 4)
    add_checkin(patient_pat, 0, 2)
    checkins = list(patient_pat.checkins.all())
    chart = build_chart(checkins, "craving", today_for(patient_pat), 7)
    assert [p.value for p in chart.plotted] == [8.0, 4.0, 2.0]
    assert len(chart.use_days) == 1
    assert chart.summary.startswith(
        "Craving over the last 7 days: average 4.7 out of 10, lowest 2, highest 8"
    )
    assert "Use was reported on 1 day." in chart.summary
    empty = build_chart(checkins, "sleep_hours", today_for(patient_pat), 7)
    assert empty.summary == "No sleep answers in the last 7 days."


def test_the_charts_page_has_svg_summaries_and_tables(client, patient_pat):
    onboard(patient_pat)
    add_checkin(patient_pat, 0, 5)
    client.force_login(patient_pat)
    page = client.get(reverse("recovery:charts"), {"days": "7"}).content.decode()
    assert page.count("<svg") == 4  # craving and mood charted, each drawn twice
    assert 'role="img"' in page
    assert "Show the numbers" in page
    assert_audited(
        action=AuditAction.CHECKINS_VIEWED, actor=patient_pat, patient=patient_pat
    )


def test_the_plan_is_written_printed_and_one_tap_away(client, patient_pat):
    onboard(patient_pat)
    client.force_login(patient_pat)
    client.post(
        reverse("recovery:plan_edit"),
        {"warning_signs": "Skipping meals", "after_a_lapse": "Call Sam"},
    )
    page = client.get(reverse("recovery:plan")).content.decode()
    assert "Skipping meals" in page
    assert 'href="tel:555-0100"' in page
    assert "data-print" in page
    assert_audited(
        action=AuditAction.PLAN_SAVED, actor=patient_pat, patient=patient_pat
    )
    assert_audited(
        action=AuditAction.PLAN_VIEWED, actor=patient_pat, patient=patient_pat
    )
    for url in (
        "recovery:dashboard",
        "recovery:checkin",
        "recovery:charts",
        "recovery:tools",
        "recovery:week",
    ):
        assert 'href="/recovery/plan/"' in client.get(reverse(url)).content.decode(), (
            url
        )


def test_routine_items_are_ticked_off_and_counted(client, patient_pat):
    onboard(patient_pat)
    client.force_login(patient_pat)
    today_number = weekday_of(today_for(patient_pat))
    client.post(
        reverse("recovery:week"),
        {"kind": "exercise", "title": "Walk", "weekdays": [today_number]},
    )
    item = RoutineItem.objects.get()
    client.post(reverse("recovery:week_toggle", args=[item.public_id]))
    assert RoutineCheck.objects.filter(item=item, day=today_for(patient_pat)).exists()
    page = client.get(reverse("recovery:week")).content.decode()
    assert "1 of 1 routine item done in the last 7 days (100%)" in page
    client.post(reverse("recovery:week_toggle", args=[item.public_id]))  # untick
    assert not RoutineCheck.objects.exists()


def test_adherence_counts_only_due_days():
    class Item:
        def __init__(self, pk, weekdays):
            self.pk, self.weekdays = pk, weekdays

    today = date(2026, 11, 22)  # a Sunday
    items = [Item(1, [0]), Item(2, [0, 1, 2, 3, 4, 5, 6])]
    done = {(1, today), (2, today), (2, today - timedelta(days=1))}
    assert adherence(items, done, today) == (3, 8)


def test_a_meeting_from_the_finder_goes_into_the_week(client, patient_pat):
    from clearhead.directory.tests.factories import MeetingFactory

    meeting = MeetingFactory(name="Clear Mind Tuesday", days=[2])
    onboard(patient_pat)
    client.force_login(patient_pat)
    page = client.get(
        reverse("directory:meeting_detail", args=[meeting.public_id])
    ).content.decode()
    assert "Add to my week" in page
    client.post(reverse("recovery:week_add_meeting", args=[meeting.public_id]))
    item = RoutineItem.objects.get()
    assert (item.kind, item.title, item.weekdays, item.meeting) == (
        "meeting",
        "Clear Mind Tuesday",
        [2],
        meeting,
    )


def test_another_patients_routine_item_is_not_found(client, patient_pat, patient_pia):
    item = services.routine_item_add(
        actor=patient_pat, kind="exercise", title="Run", weekdays=[1]
    )
    client.force_login(patient_pia)
    assert (
        client.post(reverse("recovery:week_toggle", args=[item.public_id])).status_code
        == 404
    )
    assert (
        client.post(reverse("recovery:week_remove", args=[item.public_id])).status_code
        == 404
    )
    assert RoutineItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    "tool",
    ["urge-surfing", "breathing", "play-the-tape-forward", "delay-distract-decide"],
)
def test_each_coping_tool_page_opens(client, patient_pat, tool):
    onboard(patient_pat)
    client.force_login(patient_pat)
    assert client.get(reverse("recovery:tool", args=[tool])).status_code == 200


def test_an_unknown_tool_is_404(client, patient_pat):
    client.force_login(patient_pat)
    assert client.get(reverse("recovery:tool", args=["magic"])).status_code == 404


def test_the_thought_log_and_the_pros_and_cons_are_kept(client, patient_pat):
    onboard(patient_pat)
    client.force_login(patient_pat)
    client.post(
        reverse("recovery:thought_log"),
        {
            "situation": "Old friend called",
            "craving": "7",
            "what_i_did": "Went for a walk",
        },
    )
    assert ThoughtRecord.objects.get().craving == 7
    assert (
        "Old friend called"
        in client.get(reverse("recovery:thought_log")).content.decode()
    )
    client.post(reverse("recovery:balance"), {"costs_of_using": "My bladder"})
    assert "My bladder" in client.get(reverse("recovery:balance")).content.decode()
    assert_audited(
        action=AuditAction.THOUGHT_RECORD_SAVED, actor=patient_pat, patient=patient_pat
    )


@pytest.mark.parametrize(
    "name",
    [
        "recovery:tools",
        "recovery:plan",
        "recovery:week",
        "recovery:charts",
        "recovery:thought_log",
    ],
)
def test_the_companion_is_for_patients_only(client, clinician_casey, name):
    client.force_login(clinician_casey)
    assert client.get(reverse(name)).status_code == 403


def test_my_data_downloads_everything_the_patient_entered(
    client, patient_pat, patient_pia
):
    import json

    onboard(patient_pat)
    add_checkin(patient_pat, 0, 5)
    services.relapse_plan_save(actor=patient_pat, warning_signs="Skipping meals")
    services.thought_record_create(actor=patient_pat, situation="Party invite")
    onboard(patient_pia)
    add_checkin(patient_pia, 0, 9)
    client.force_login(patient_pat)
    response = client.get(reverse("recovery:my_data"), {"format": "json"})
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "pat@example.org"
    assert [c["craving"] for c in data["checkins"]] == [5]
    assert data["relapse_prevention_plan"]["warning_signs"] == "Skipping meals"
    assert data["thought_log"][0]["situation"] == "Party invite"
    assert data["profile"]["contacts"][0]["name"] == "Sam"
    assert_audited(
        action=AuditAction.DATA_EXPORTED, actor=patient_pat, patient=patient_pat
    )
    page = client.get(reverse("recovery:my_data")).content.decode()
    assert "Check-ins (1)" in page


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("recovery:checkin", AuditAction.RECOVERY_PROFILE_VIEWED),
        ("recovery:tools", AuditAction.RECOVERY_PROFILE_VIEWED),
        ("recovery:thought_log", AuditAction.COPING_RECORDS_VIEWED),
        ("recovery:balance", AuditAction.COPING_RECORDS_VIEWED),
    ],
)
def test_each_page_records_what_it_shows_not_check_ins(
    client, patient_pat, page, shown
):
    """Before, these pages all recorded "check-ins viewed", which they do not show."""
    onboard(patient_pat)
    client.force_login(patient_pat)
    before = AuditEvent.objects.count()
    assert client.get(reverse(page)).status_code == 200
    recorded = list(
        AuditEvent.objects.order_by("id")[before:].values_list("action", flat=True)
    )
    assert recorded == [shown]


def test_saving_the_pros_and_cons_records_a_decisional_balance(client, patient_pat):
    onboard(patient_pat)
    client.force_login(patient_pat)
    client.post(reverse("recovery:balance"), {"costs_of_using": "My bladder"})
    assert_audited(action=AuditAction.DECISIONAL_BALANCE_SAVED, actor=patient_pat)
    assert not AuditEvent.objects.filter(
        action=AuditAction.THOUGHT_RECORD_SAVED
    ).exists()
