"""The crisis e-mail: the care team is told within one pass, once, and again
after CRISIS_RESEND_AFTER unreviewed; it names nothing clinical."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.care import services as care_services
from clearhead.care.models import ProgramMembership
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.core import clock
from clearhead.flags import services as flag_services
from clearhead.flags.definitions import CRISIS_RESEND_AFTER
from clearhead.flags.models import Flag
from clearhead.testing import assert_audited, make_user

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = [pytest.mark.clock, pytest.mark.django_db(transaction=True)]

# Words that would tell a reader of the e-mail something clinical.
CLINICAL_WORDS = [
    "crisis",
    "self-harm",
    "harm",
    "suicid",
    "ketamine",
    "drug",
    "substance",
    "craving",
    "lapse",
    "relapse",
    "mood",
    "check-in",
    "recovery",
    "depress",
    "addict",
    "treatment",
    "danger",
    "risk",
]


def crisis_emails(to: str) -> list:
    return [m for m in mail.outbox if m.to == [to]]


def worker_pass() -> None:
    call_command("worker", once=True)


@pytest.fixture
def crisis(patient_pat, casey_in_program, program):
    """Pat shares check-in summaries with Casey's team and reports self-harm."""
    enroll(patient_pat, casey_in_program, program, sharing=["checkin_summary"])
    checkin(patient_pat, self_harm_thoughts=True)
    return Flag.objects.get(patient=patient_pat, kind="crisis", cleared_at=None)


def test_the_care_team_is_emailed_once_across_several_passes(
    crisis, clinician_casey, clinician_olive
):
    worker_pass()
    worker_pass()
    worker_pass()
    [alert] = crisis_emails(clinician_casey.email)
    # Olive is in the program but not on Pat's care team: she is not told.
    assert crisis_emails(clinician_olive.email) == []
    assert "sign in" in alert.body.lower()
    assert f"/clinic/patients/{crisis.patient.enrollments.get().public_id}/" in (
        alert.body
    )
    crisis.refresh_from_db()
    assert crisis.notifications == 1
    assert crisis.notified_at is not None
    assert_audited(
        action=AuditAction.CRISIS_ALERT_SENT, patient=crisis.patient, subject=crisis
    )


def test_the_email_names_no_patient_and_nothing_clinical(crisis, clinician_casey):
    worker_pass()
    [alert] = crisis_emails(clinician_casey.email)
    text = f"{alert.subject}\n{alert.body}".lower()
    for word in CLINICAL_WORDS:
        assert word.lower() not in text, word
    # Not named either: not by name, nor by e-mail address.
    assert not re.search(r"\bpat\b", text)
    assert crisis.patient.email not in text


def test_unreviewed_after_twelve_hours_it_is_sent_again_to_every_member(
    crisis, clinician_casey, program
):
    # A second clinician joins the care team before the re-send.
    cleo = make_user("cleo@clinic.example.org", Role.CLINICIAN, "Cleo")
    ProgramMembership.objects.create(program=program, clinician=cleo)
    worker_pass()
    crisis.patient.enrollments.get().care_team.add(cleo)
    start = clock.now()
    with time_machine.travel(start + CRISIS_RESEND_AFTER - timedelta(minutes=5)):
        worker_pass()
    assert len(crisis_emails(clinician_casey.email)) == 1
    with time_machine.travel(start + CRISIS_RESEND_AFTER + timedelta(minutes=1)):
        worker_pass()
        worker_pass()
    assert len(crisis_emails(clinician_casey.email)) == 2
    assert len(crisis_emails(cleo.email)) == 1
    crisis.refresh_from_db()
    assert crisis.notifications == 2


def test_once_reviewed_it_is_not_sent_again(crisis, clinician_casey):
    worker_pass()
    flag_services.flag_review(actor=clinician_casey, flag=crisis, note="")
    with time_machine.travel(clock.now() + 3 * CRISIS_RESEND_AFTER):
        worker_pass()
    assert len(crisis_emails(clinician_casey.email)) == 1


def test_a_clinician_removed_from_the_program_gets_nothing(
    crisis, clinician_casey, program
):
    ProgramMembership.objects.filter(clinician=clinician_casey).update(
        ended_at=clock.now()
    )
    worker_pass()
    assert crisis_emails(clinician_casey.email) == []
    # Nobody could be told: the flag is not marked sent.
    crisis.refresh_from_db()
    assert crisis.notified_at is None


def test_nothing_is_sent_without_a_consent_that_covers_it(
    patient_pat, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    checkin(patient_pat, self_harm_thoughts=True)
    worker_pass()
    worker_pass()
    assert crisis_emails(casey_in_program.email) == []
    assert not AuditEvent.objects.filter(action=AuditAction.CRISIS_ALERT_SENT).exists()


def test_a_consent_revoked_after_the_claim_stops_the_queued_email(
    crisis, clinician_casey
):
    """The e-mail is queued, then Pat withdraws the check-in summary before a
    worker sends it: it is not sent (the team may no longer see the flag)."""
    from clearhead.flags.alerts import crisis_alerts_schedule_due

    assert crisis_alerts_schedule_due(clock.now()) == 1
    care_services.enrollment_sharing_update(
        actor=crisis.patient,
        enrollment=crisis.patient.enrollments.get(),
        sharing=["plan"],
        signature="Pat",
    )
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False)
    assert crisis_emails(clinician_casey.email) == []
