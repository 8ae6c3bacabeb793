"""The clinical record: intake, plan, notes, tests, appointments, outcomes."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.care.models import Enrollment
from clearhead.care.time_zones import today_for
from clearhead.clinic import records
from clearhead.clinic.models import (
    DrugTest,
    IntakeAssessment,
    LevelChange,
    PlanPhase,
    ProgressNote,
)
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.core import clock
from clearhead.core.local_times import wall_time_of
from clearhead.recovery.models import RecoveryProfile
from clearhead.screening.models import ScreeningResult
from clearhead.testing import assert_audited, make_user

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock


def _wall(instant, enrollment) -> dict:
    """An appointment's wall time in its program's zone, at `instant`."""
    starts_on, start_time = wall_time_of(instant, enrollment.program.time_zone)
    return {"starts_on": starts_on, "start_time": start_time}


@pytest.fixture
def pat_enrolled(casey_in_program, program, patient_pat):
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat,
        stop_date=clock.today_in("UTC") - timedelta(days=30),
    )
    return enroll(patient_pat, casey_in_program, program)


def url(name, enrollment, *extra):
    return reverse(f"clinic:{name}", args=[enrollment.public_id, *extra])


CARE = {
    f"care-{name}": value
    for name, value in {
        "withdrawal": "1",
        "medical": "3",
        "mental_health": "1",
        "readiness": "1",
        "relapse_risk": "2",
        "environment": "1",
    }.items()
}
PHQ9 = {f"phq9-phq9_{n}": "1" for n in range(1, 10)}


def test_intake_scores_with_the_shared_instruments_and_records_a_different_level_with_a_reason(
    client, casey_in_program, pat_enrolled
):
    client.force_login(casey_in_program)
    response = client.post(url("intake", pat_enrolled), CARE | PHQ9)
    intake = IntakeAssessment.objects.get()
    assert response["Location"] == url("intake_decide", pat_enrolled, intake.public_id)
    assert intake.guidance["level"] == "residential"
    assert intake.guidance["reasons"] == ["medical"]
    phq9 = ScreeningResult.objects.get(instrument_id="phq9")
    assert (phq9.result["total"], phq9.administered_by) == (9, casey_in_program)
    assert not ScreeningResult.objects.filter(
        instrument_id="gad7"
    ).exists()  # left blank
    page = client.get(response["Location"]).content.decode()
    assert "Suggested: Residential care" in page
    assert "Needs medical care." in page  # about the patient, not as them
    assert "Your body" not in page

    no_reason = client.post(response["Location"], {"level": "intensive_outpatient"})
    assert "Say why the level differs from the guidance." in no_reason.content.decode()
    client.post(
        response["Location"],
        {
            "level": "intensive_outpatient",
            "reason": "Medical care arranged with her GP",
        },
    )
    pat_enrolled.refresh_from_db()
    assert pat_enrolled.level_of_care == "intensive_outpatient"
    assert LevelChange.objects.get().to_level == "intensive_outpatient"
    assert_audited(
        action=AuditAction.LEVEL_DECIDED,
        actor=casey_in_program,
        patient=pat_enrolled.patient,
    )


def test_a_partly_answered_instrument_is_a_form_error(
    client, casey_in_program, pat_enrolled
):
    client.force_login(casey_in_program)
    response = client.post(url("intake", pat_enrolled), CARE | {"phq9-phq9_1": "2"})
    assert response.status_code == 200
    assert "Choose an answer." in response.content.decode()
    assert not IntakeAssessment.objects.exists()


def test_reassessment_is_prompted_after_four_weeks(
    client, casey_in_program, pat_enrolled
):
    old = records.intake_record(
        actor=casey_in_program,
        enrollment=pat_enrolled,
        answers={"phq9": [1] * 9, "level-of-care": {}},
    )
    ScreeningResult.objects.update(created_at=clock.now() - timedelta(days=29))
    client.force_login(casey_in_program)
    page = client.get(url("patient_detail", pat_enrolled)).content.decode()
    assert "PHQ-9: last" in page
    assert "due now" in page
    assert "PHQ-9 over time" in page  # charted
    assert old.pk


def test_the_plan_has_phases_goals_and_a_review_after_a_lapse(
    client, casey_in_program, pat_enrolled, patient_pat
):
    client.force_login(casey_in_program)
    client.post(
        url("plan", pat_enrolled),
        {
            "action": "phase",
            "kind": "therapy",
            "therapy-kind": "therapy",
            "therapy-status": "active",
            "therapy-responsible": casey_in_program.pk,
            "therapy-interventions": ["cbt", "contingency_management"],
        },
    )
    phase = PlanPhase.objects.get(kind="therapy")
    assert phase.interventions == ["cbt", "contingency_management"]
    client.post(
        url("plan", pat_enrolled),
        {
            "action": "goal",
            "phase": "therapy",
            "description": "Stay stopped",
            "objective": "30 days of check-ins without use",
        },
    )
    assert phase.goals.get().objective == "30 days of check-ins without use"

    checkin(patient_pat, used_ketamine=True)
    page = client.get(url("plan", pat_enrolled)).content.decode()
    assert "Consider reviewing the plan and a step up in care" in page
    client.post(
        url("plan", pat_enrolled),
        {
            "action": "review",
            "decision": "Step up for four weeks",
            "new_level": "intensive_outpatient",
        },
    )
    pat_enrolled.refresh_from_db()
    assert pat_enrolled.level_of_care == "intensive_outpatient"
    assert_audited(action=AuditAction.PLAN_REVIEWED, actor=casey_in_program)


def test_a_signed_note_is_locked_and_corrected_by_addenda(
    client, casey_in_program, pat_enrolled
):
    client.force_login(casey_in_program)
    client.post(
        url("notes", pat_enrolled),
        {
            "data": "Reports cravings at night",
            "assessment": "Early recovery",
            "plan": "CBT weekly",
            "action": "sign",
        },
    )
    note = ProgressNote.objects.get()
    assert not note.is_signed  # saved as a draft; signing asks first
    client.post(
        url("note_detail", pat_enrolled, note.public_id),
        {"action": "sign", "confirm": "yes"},
    )
    note.refresh_from_db()
    assert note.is_signed
    edit = client.post(
        url("note_detail", pat_enrolled, note.public_id),
        {"action": "edit", "data": "changed", "assessment": "x", "plan": "y"},
    )
    assert edit.status_code == 403
    note.refresh_from_db()
    assert note.data == "Reports cravings at night"
    client.post(
        url("note_detail", pat_enrolled, note.public_id),
        {"action": "addendum", "text": "Also reports poor sleep"},
    )
    assert note.addenda.get().text == "Also reports poor sleep"
    assert_audited(action=AuditAction.NOTE_SIGNED, actor=casey_in_program)
    assert_audited(action=AuditAction.NOTE_ADDENDUM, actor=casey_in_program)


def test_a_draft_note_can_be_edited_then_signed(client, casey_in_program, pat_enrolled):
    client.force_login(casey_in_program)
    client.post(
        url("notes", pat_enrolled),
        {"data": "d", "assessment": "a", "plan": "p", "action": "draft"},
    )
    note = ProgressNote.objects.get()
    client.post(
        url("note_detail", pat_enrolled, note.public_id),
        {"action": "edit", "data": "d2", "assessment": "a", "plan": "p"},
    )
    client.post(
        url("note_detail", pat_enrolled, note.public_id),
        {"action": "sign", "confirm": "yes"},
    )
    note.refresh_from_db()
    assert (note.data, note.is_signed) == ("d2", True)


def test_signing_a_note_asks_first(client, casey_in_program, pat_enrolled):
    client.force_login(casey_in_program)
    made = client.post(
        url("notes", pat_enrolled),
        {"data": "Sleeps badly", "assessment": "a", "plan": "p", "action": "sign"},
        follow=True,
    )
    note = ProgressNote.objects.get()
    assert not note.is_signed
    page = made.content.decode()
    assert "Sign and lock" in page
    assert "Keep editing" in page
    assert "Sleeps badly" in page
    asked = client.post(
        url("note_detail", pat_enrolled, note.public_id), {"action": "sign"}
    )
    assert asked.status_code == 200
    assert "Sign and lock" in asked.content.decode()
    note.refresh_from_db()
    assert not note.is_signed
    signed = client.post(
        url("note_detail", pat_enrolled, note.public_id),
        {"action": "sign", "confirm": "yes"},
        follow=True,
    )
    note.refresh_from_db()
    assert note.is_signed
    assert "Note signed." in signed.content.decode()
    assert_audited(action=AuditAction.NOTE_SIGNED, actor=casey_in_program)
    # A signed note is not offered for signing again.
    again = client.get(url("note_detail", pat_enrolled, note.public_id) + "?step=sign")
    assert "Sign and lock" not in again.content.decode()


def test_every_plan_and_note_change_says_saved(client, casey_in_program, pat_enrolled):
    client.force_login(casey_in_program)
    goal = client.post(
        url("plan", pat_enrolled),
        {
            "action": "goal",
            "phase": "therapy",
            "description": "Stay stopped",
            "objective": "30 days of check-ins",
        },
        follow=True,
    )
    assert "Goal added." in goal.content.decode()
    phase = client.post(
        url("plan", pat_enrolled),
        {
            "action": "phase",
            "kind": "therapy",
            "therapy-kind": "therapy",
            "therapy-status": "active",
        },
        follow=True,
    )
    assert "Phase saved." in phase.content.decode()
    assert 'role="status"' in goal.content.decode()
    client.post(
        url("notes", pat_enrolled),
        {"data": "d", "assessment": "a", "plan": "p", "action": "draft"},
    )
    note = ProgressNote.objects.get()
    edited = client.post(
        url("note_detail", pat_enrolled, note.public_id),
        {"action": "edit", "data": "d2", "assessment": "a", "plan": "p"},
        follow=True,
    )
    assert "Changes saved." in edited.content.decode()


def test_drug_tests_sit_beside_self_reported_use(
    client, casey_in_program, pat_enrolled, patient_pat
):
    checkin(patient_pat, days_ago=2, used_ketamine=True)
    client.force_login(casey_in_program)
    client.post(
        url("drug_tests", pat_enrolled),
        {
            "collected_on": (
                clock.today_in(pat_enrolled.program.time_zone) - timedelta(days=2)
            ).isoformat(),
            "specimen": "urine",
            "method": "point_of_care",
            "result_ketamine": "positive",
            "result_norketamine": "positive",
        },
    )
    test = DrugTest.objects.get()
    assert test.ketamine_positive
    page = client.get(url("drug_tests", pat_enrolled)).content.decode()
    assert "ketamine positive" in page
    assert "Reported use" in page
    empty = client.post(
        url("drug_tests", pat_enrolled),
        {
            "collected_on": clock.today_in(pat_enrolled.program.time_zone).isoformat(),
            "specimen": "urine",
            "method": "laboratory",
        },
    )
    assert "Record a result for at least one substance." in empty.content.decode()
    future = client.post(
        url("drug_tests", pat_enrolled),
        {
            "collected_on": (
                clock.today_in(pat_enrolled.program.time_zone) + timedelta(days=3)
            ).isoformat(),
            "specimen": "urine",
            "method": "laboratory",
            "result_ketamine": "negative",
        },
    )
    assert "cannot be in the future" in future.content.decode()
    assert DrugTest.objects.count() == 1


def test_appointments_attendance_and_calendars(
    client, casey_in_program, pat_enrolled, patient_pat
):
    client.force_login(casey_in_program)
    starts = (clock.now() + timedelta(days=2)).replace(microsecond=0)
    client.post(
        url("appointments", pat_enrolled),
        {
            "kind": "group",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "minutes": "60",
            "place": "Room 2",
        },
    )
    appointment = pat_enrolled.appointments.get()
    client.post(
        url("appointment_attendance", pat_enrolled, appointment.public_id),
        {"attended": "yes"},
    )
    appointment.refresh_from_db()
    assert appointment.attended is True
    ics = client.get(reverse("clinic:clinician_appointments_ics"))
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    # The file goes into calendars outside Clearhead: no patient's name in it,
    # a link back to the appointment page (which needs signing in) instead.
    assert str(event["SUMMARY"]) == "Clearhead: group session"
    assert b"Pat" not in ics.content
    page = url("appointments", pat_enrolled)
    assert str(event["DESCRIPTION"]).endswith(page)
    assert client.get(page).status_code == 200
    assert_audited(
        action=AuditAction.APPOINTMENTS_DOWNLOADED,
        actor=casey_in_program,
        patient=patient_pat,
    )
    assert "Next appointment" in client.get(reverse("clinic:caseload")).content.decode()
    client.force_login(patient_pat)
    mine = Calendar.from_ical(
        client.get(reverse("clinic:my_appointments_ics")).content
    ).walk("VEVENT")[0]
    assert (
        str(mine["SUMMARY"]) == "Appointment"
    )  # nothing clinical on a phone's calendar
    assert str(mine["LOCATION"]) == "Room 2"


@pytest.mark.parametrize(
    "typed", ["0001-01-01T00:00", "9999-12-31T23:59", "far ahead", "far back"]
)
def test_an_appointment_years_away_is_a_form_error_and_the_feeds_still_open(
    client, casey_in_program, pat_enrolled, patient_pat, typed
):
    today = clock.today_in(pat_enrolled.program.time_zone)
    if typed.startswith("far"):
        far = today + timedelta(days=6 * 365 * (1 if typed == "far ahead" else -1))
        typed = f"{far.isoformat()}T10:00"
    client.force_login(casey_in_program)
    response = client.post(
        url("appointments", pat_enrolled),
        {"kind": "group", "starts_at": typed, "minutes": "480", "place": "Room 2"},
    )
    assert response.status_code == 200
    assert "Choose a date within 5 years of today." in response.content.decode()
    assert not pat_enrolled.appointments.exists()
    assert client.get(reverse("clinic:clinician_appointments_ics")).status_code == 200
    client.force_login(patient_pat)
    assert client.get(reverse("clinic:my_appointments_ics")).status_code == 200


def test_outcomes_are_aggregated_and_exported_as_csv(
    client, casey_in_program, program, pat_enrolled, patient_pat
):
    # Five patients who share their check-ins: no cell is below the
    # small-cell threshold (test_outcomes covers the ones that are).
    others = []
    for n in range(4):
        other = make_user(f"peer{n}@example.org", Role.PATIENT, f"Peer {n}")
        other.time_zone = "UTC"  # the account's own zone
        other.save(update_fields=["time_zone"])
        RecoveryProfile.objects.create(patient=other, stop_date=pat_enrolled.started_on)
        enroll(other, casey_in_program, program)
        others.append(other)
    Enrollment.objects.filter(program=program).update(
        started_on=clock.today_in("UTC") - timedelta(days=30)
    )
    # The last complete week where the program is: reports are whole weeks.
    program_today = clock.today_in(program.time_zone)
    sunday = program_today - timedelta(days=program_today.weekday() + 1)
    for patient in [patient_pat, *others]:
        back = (today_for(patient) - sunday).days
        for days_ago, used in ((0, False), (1, False), (2, True), (3, False)):
            checkin(patient, days_ago=back + days_ago, used_ketamine=used, craving=4)
    records.drug_test_record(
        actor=casey_in_program,
        enrollment=pat_enrolled,
        collected_on=sunday,
        specimen="urine",
        method="laboratory",
        results={"ketamine": "negative"},
    )
    client.force_login(casey_in_program)
    params = {
        "program": program.pk,
        "start": (sunday - timedelta(days=6)).isoformat(),
        "end": sunday.isoformat(),
    }
    page = client.get(reverse("clinic:outcomes"), params).content.decode()

    def shown(label: str) -> str:
        found = re.search(
            rf"<dt>{re.escape(label)}</dt>\s*<dd><strong>(.*?)</strong>", page
        )
        return found.group(1) if found else ""

    assert shown("Days abstinent (self-report)") == "75.0%"
    # One patient's test: a small cell.
    assert shown("Ketamine tests negative").startswith("fewer than 5")
    assert shown("Check-in adherence") == "57.1%"  # four days of seven
    assert "Mean craving by week" in page
    assert "<svg" in page
    csv = client.get(reverse("clinic:outcomes"), params | {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "abstinent_days_self_report,75.0" in csv.content.decode()
    assert_audited(action=AuditAction.OUTCOMES_VIEWED, actor=casey_in_program)


@pytest.mark.parametrize(
    "page", ["intake", "plan", "notes", "drug_tests", "appointments"]
)
def test_every_record_page_is_404_outside_the_care_team(
    client, clinician_olive, clinician_oscar, pat_enrolled, page
):
    for outsider in (clinician_olive, clinician_oscar):
        client.force_login(outsider)
        assert client.get(url(page, pat_enrolled)).status_code == 404
        assert client.post(url(page, pat_enrolled), {}).status_code == 404


@pytest.mark.parametrize(
    "page", ["intake", "plan", "notes", "drug_tests", "appointments"]
)
def test_every_record_page_is_audited_for_the_care_team(
    client, casey_in_program, pat_enrolled, page
):
    client.force_login(casey_in_program)
    assert client.get(url(page, pat_enrolled)).status_code == 200
    action = (
        AuditAction.TREATMENT_PLAN_VIEWED
        if page == "plan"
        else AuditAction.PATIENT_RECORD_VIEWED
    )
    assert_audited(actor=casey_in_program, patient=pat_enrolled.patient, action=action)


def test_the_patient_sees_their_treatment_plan_in_the_companion(
    client, casey_in_program, pat_enrolled, patient_pat, patient_pia
):
    records.plan_phase_save(
        actor=casey_in_program,
        enrollment=pat_enrolled,
        kind="aftercare",
        status="planned",
        interventions=["support_groups"],
    )
    records.plan_goal_add(
        actor=casey_in_program,
        enrollment=pat_enrolled,
        kind="aftercare",
        description="Weekly meetings",
        objective="Four meetings a month",
    )
    client.force_login(patient_pat)
    page = client.get(reverse("clinic:my_treatment_plan")).content.decode()
    assert "Weekly meetings" in page
    assert "Support-group attendance" in page
    assert_audited(
        action=AuditAction.TREATMENT_PLAN_VIEWED, actor=patient_pat, patient=patient_pat
    )
    client.force_login(patient_pia)
    assert (
        "Weekly meetings"
        not in client.get(reverse("clinic:my_treatment_plan")).content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_an_appointment_reminder_goes_out_once_a_day_ahead(
    casey_in_program, pat_enrolled, settings
):
    from django.core import mail
    from django.core.management import call_command

    from clearhead.clinic.reminders import appointment_reminders_schedule_due

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    records.appointment_save(
        actor=casey_in_program,
        enrollment=pat_enrolled,
        kind="individual",
        **_wall(clock.now() + timedelta(hours=20), pat_enrolled),
        place="Room 4",
    )
    records.appointment_save(
        actor=casey_in_program,
        enrollment=pat_enrolled,
        kind="group",
        **_wall(clock.now() + timedelta(days=3), pat_enrolled),
    )
    assert appointment_reminders_schedule_due(clock.now()) == 1
    assert appointment_reminders_schedule_due(clock.now()) == 0
    call_command("worker", once=True)
    call_command("worker", once=True)
    sent = [m for m in mail.outbox if "appointment" in m.subject]
    assert len(sent) == 1
    assert "Room 4" in sent[0].body
    assert "ketamine" not in sent[0].body.lower()


def test_an_empty_intake_marks_only_what_is_required(
    client, casey_in_program, pat_enrolled
):
    client.force_login(casey_in_program)
    response = client.post(url("intake", pat_enrolled), {})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "There is a problem" in page
    # The optional checks stay folded and unmarked; only the ratings are asked for.
    assert '<details class="panel disclosure" open' not in page
    summary = page.split('role="alert"')[1].split("</div>")[0]
    assert 'href="#id_care-' in summary
    assert "phq9" not in summary
    assert not IntakeAssessment.objects.exists()
