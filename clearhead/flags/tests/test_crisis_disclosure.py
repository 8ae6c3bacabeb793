"""The crisis box tells the patient whether their care team will hear, and
offers "Tell my care team now" (a consent to that one disclosure)."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from clearhead.audit.actions import AuditAction
from clearhead.care import policy
from clearhead.care import services as care_services
from clearhead.care.models import SHARE_KINDS, Consent, ProgramMembership
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.flags import services as flag_services
from clearhead.flags.models import Flag
from clearhead.recovery.tests.test_recovery_pages import CHECKIN, checkin_form, onboard
from clearhead.testing import assert_audited

pytestmark = pytest.mark.clock

NOT_TOLD = "Your care team has not been told"
TOLD = "Your care team will be told"
NO_TEAM = "No care team has been told"
BUTTON = "Tell my care team now"


def self_harm_checkin(client, patient) -> str:
    onboard(patient)
    client.force_login(patient)
    return client.post(
        CHECKIN, checkin_form(self_harm_thoughts="yes"), follow=True
    ).content.decode()


def tell_url(flag) -> str:
    return reverse("flags:crisis_tell_care_team", args=[flag.public_id])


def test_without_consent_the_patient_is_told_plainly_and_offered_one_tap(
    client, patient_pat, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    page = self_harm_checkin(client, patient_pat)
    assert NOT_TOLD in page
    assert BUTTON in page
    # Beside the help lines, in the same box.
    assert page.index('href="tel:988"') < page.index(NOT_TOLD) < page.index("<h1>")
    assert "42 CFR Part 2" in page


def test_one_tap_tells_the_care_team_of_that_flag_only(
    client, patient_pat, casey_in_program, program
):
    enrollment = enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    self_harm_checkin(client, patient_pat)
    flag = Flag.objects.get(patient=patient_pat, kind="crisis")
    response = client.post(tell_url(flag), follow=True)
    page = response.content.decode()
    assert "Your care team will get an e-mail" in page
    assert TOLD in page
    assert BUTTON not in page
    consent = Consent.objects.get(record_id=flag.public_id)
    assert consent.enrollment == enrollment
    assert consent.kinds == ["crisis_disclosure"]
    assert_audited(
        action=AuditAction.CONSENT_SIGNED, actor=patient_pat, subject=consent
    )
    # Casey sees the flag, but nothing more of the check-ins than before.
    assert "checkin_summary" not in policy.visible_kinds(casey_in_program, patient_pat)
    assert str(flag.public_id) in policy.disclosed_records(
        casey_in_program, patient_pat
    )
    client.force_login(casey_in_program)
    record = client.get(
        reverse("clinic:patient_detail", args=[enrollment.public_id])
    ).content.decode()
    assert "The patient asked us to tell you" in record
    # A second tap signs nothing more.
    client.force_login(patient_pat)
    client.post(tell_url(flag))
    assert Consent.objects.filter(record_id=flag.public_id).count() == 1


@pytest.mark.django_db(transaction=True)
def test_after_the_tap_the_next_worker_pass_emails_the_care_team(
    client, patient_pat, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=[])
    self_harm_checkin(client, patient_pat)
    call_command("worker", once=True)
    assert [m for m in mail.outbox if m.to == [casey_in_program.email]] == []
    flag = Flag.objects.get(patient=patient_pat, kind="crisis")
    client.post(tell_url(flag))
    call_command("worker", once=True)
    assert len([m for m in mail.outbox if m.to == [casey_in_program.email]]) == 1


def test_changing_what_is_shared_leaves_the_one_disclosure_in_force(
    client, patient_pat, casey_in_program, program
):
    enrollment = enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    self_harm_checkin(client, patient_pat)
    flag = Flag.objects.get(patient=patient_pat, kind="crisis")
    client.post(tell_url(flag))
    care_services.enrollment_sharing_update(
        actor=patient_pat,
        enrollment=enrollment,
        sharing=["screenings"],
        signature="Pat",
    )
    assert Consent.objects.get(record_id=flag.public_id).revoked_at is None


def test_with_consent_the_patient_is_told_their_care_team_will_be_told(
    client, patient_pat, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["checkin_summary"])
    page = self_harm_checkin(client, patient_pat)
    assert TOLD in page
    assert BUTTON not in page


def test_with_no_care_team_only_the_help_lines_are_shown(client, patient_pat):
    page = self_harm_checkin(client, patient_pat)
    assert NO_TEAM in page
    assert BUTTON not in page
    assert 'href="tel:988"' in page


def test_another_patients_flag_is_404_and_a_get_is_refused(
    client, patient_pat, patient_pia, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    self_harm_checkin(client, patient_pat)
    flag = Flag.objects.get(patient=patient_pat, kind="crisis")
    client.force_login(patient_pia)
    assert client.post(tell_url(flag)).status_code == 404
    client.force_login(patient_pat)
    assert client.get(tell_url(flag)).status_code == 405
    assert not Consent.objects.filter(record_id=flag.public_id).exists()


def test_the_consent_page_says_crisis_alerts_are_part_of_checkin_summaries():
    assert "crisis" in SHARE_KINDS["checkin_summary"]


@pytest.mark.django_db(transaction=True)
def test_the_one_disclosure_ends_when_the_care_team_has_reviewed_the_alert(
    client, patient_pat, casey_in_program, program
):
    """The consent says it lasts until the care team has reviewed this alert.
    A later self-harm answer re-opens the same flag: the team is not e-mailed
    nor shown it on the old consent, and the patient is offered the tap again."""
    enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    onboard(patient_pat)
    checkin(patient_pat, days_ago=1, self_harm_thoughts=True)
    flag = Flag.objects.get(patient=patient_pat, kind="crisis")
    client.force_login(patient_pat)
    client.post(tell_url(flag))
    call_command("worker", once=True)
    assert len([m for m in mail.outbox if m.to == [casey_in_program.email]]) == 1
    flag_services.flag_review(actor=casey_in_program, flag=flag, note="Called Pat")
    consent = Consent.objects.get(record_id=flag.public_id)
    assert consent.revoked_at is not None
    assert_audited(action=AuditAction.CONSENT_REVOKED, subject=consent)

    checkin(patient_pat, self_harm_thoughts=True)  # re-opens the same flag
    call_command("worker", once=True)
    assert len([m for m in mail.outbox if m.to == [casey_in_program.email]]) == 1
    assert policy.disclosed_records(casey_in_program, patient_pat) == frozenset()
    page = client.get(reverse("recovery:dashboard"), follow=True).content.decode()
    assert NOT_TOLD in page
    assert BUTTON in page


def test_a_consent_with_a_program_that_has_no_one_left_tells_no_one(
    client, patient_pat, casey_in_program, program, clinician_oscar
):
    """Pat shares check-ins with Elsewhere, whose only clinician has left,
    and not with Casey's team: nobody can be e-mailed, so Pat is not told
    "will be told", and is offered the tap for Casey's team."""
    enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    elsewhere = ProgramMembership.objects.get(clinician=clinician_oscar)
    enroll(patient_pat, clinician_oscar, elsewhere.program, sharing=["checkin_summary"])
    elsewhere.ended_at = elsewhere.joined_at
    elsewhere.save(update_fields=["ended_at"])
    page = self_harm_checkin(client, patient_pat)
    assert TOLD not in page
    assert NOT_TOLD in page
    assert BUTTON in page


# Offline, the check-in page says beforehand what will happen once it is sent
# (walk 14, major 2): the crisis box is hidden until a self-harm answer.


def offline_box(client, patient) -> str:
    onboard(patient)
    client.force_login(patient)
    page = client.get(CHECKIN).content.decode()
    return page[page.index("data-offline-crisis") :]


def test_offline_with_checkin_summaries_shared_the_team_is_told_once_back_online(
    client, patient_pat, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["checkin_summary"])
    box = offline_box(client, patient_pat)
    assert "When you are back online, your check-in is sent" in box
    assert "Clearhead will e-mail your care team" in box
    assert BUTTON not in box  # no flag yet to tell them of


def test_offline_without_checkin_summaries_the_patient_can_tell_them_once_online(
    client, patient_pat, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    box = offline_box(client, patient_pat)
    assert NOT_TOLD in box
    assert "Once you are back online, you can ask us to tell them" in box
    assert "will e-mail" not in box


def test_offline_with_no_care_team_no_one_will_be_told(client, patient_pat):
    box = offline_box(client, patient_pat)
    assert "No care team will be told." in box
    assert 'href="tel:988"' in box


# After a clinician reviews it (walk 14, minor 3).


def test_after_review_the_patient_reads_that_their_care_team_has_seen_it(
    client, patient_pat, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["checkin_summary"])
    with time_machine.travel(datetime(2026, 12, 1, 3, 29, tzinfo=UTC), tick=False):
        onboard(patient_pat, time_zone="America/Chicago")
        client.force_login(patient_pat)
        client.post(CHECKIN, checkin_form(self_harm_thoughts="yes"))
        flag = Flag.objects.get(patient=patient_pat, kind="crisis")
        flag_services.flag_review(actor=casey_in_program, flag=flag, note="Called")
        home = client.get(reverse("recovery:dashboard")).content.decode()
    assert "Your care team has seen this." in home
    # When, in the patient's own zone (Chicago: still 30 November).
    assert "Monday 30 November, 9:29 PM" in home
    assert "will e-mail them" not in home


# Revoking "tell my care team now" (walk 14, minor 4).


def test_the_one_alert_consent_is_listed_on_my_care_and_can_be_revoked(
    client, patient_pat, patient_pia, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    page = self_harm_checkin(client, patient_pat)
    # Beside the button, it says where to revoke it.
    assert "You can revoke this at any time on your" in page
    assert f'href="{reverse("clinic:my_care")}#alerts-told"' in page
    flag = Flag.objects.get(patient=patient_pat, kind="crisis")
    client.post(tell_url(flag))
    consent = Consent.objects.get(record_id=flag.public_id)

    my_care = client.get(reverse("clinic:my_care")).content.decode()
    assert "Alerts you asked us to tell your care team" in my_care
    assert f"A crisis alert, told to {program}" in my_care
    revoke = reverse("flags:crisis_disclosure_revoke", args=[consent.public_id])
    assert revoke in my_care

    client.force_login(patient_pia)
    assert client.post(revoke).status_code == 404
    client.force_login(patient_pat)
    page = client.post(revoke, follow=True).content.decode()
    assert "Revoked. Your care team no longer sees that alert" in page
    assert "Alerts you asked us to tell your care team" not in page
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert_audited(
        action=AuditAction.CONSENT_REVOKED, actor=patient_pat, subject=consent
    )
    # Casey no longer sees it; the patient may tell them again.
    assert policy.disclosed_records(casey_in_program, patient_pat) == frozenset()
    assert BUTTON in client.get(reverse("recovery:dashboard")).content.decode()


def test_one_tap_from_the_page_after_a_check_in_comes_back_to_it(
    client, patient_pat, casey_in_program, program
):
    enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    onboard(patient_pat)
    client.force_login(patient_pat)
    response = client.post(
        CHECKIN, checkin_form(self_harm_thoughts="yes", client_id=str(uuid4()))
    )
    result = response["Location"]
    page = client.get(result).content.decode()
    assert f'name="next" value="{result}"' in page
    flag = Flag.objects.get(patient=patient_pat, kind="crisis")
    back = client.post(tell_url(flag), {"next": result})
    assert back["Location"] == result
    assert TOLD in client.get(result).content.decode()


def test_a_next_off_the_site_is_ignored(client, patient_pat, casey_in_program, program):
    enroll(patient_pat, casey_in_program, program, sharing=["plan"])
    self_harm_checkin(client, patient_pat)
    flag = Flag.objects.get(patient=patient_pat, kind="crisis")
    back = client.post(tell_url(flag), {"next": "https://evil.example/"})
    assert back["Location"] == reverse("recovery:dashboard")
