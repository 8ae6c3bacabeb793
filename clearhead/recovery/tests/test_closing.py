"""Closing an account: the patient's own entries go, a program's records stay."""

from datetime import timedelta

import pytest
from django.urls import reverse

from clearhead.accounts import services as account_services
from clearhead.accounts.models import ApiToken, Role, User
from clearhead.audit.actions import AuditAction
from clearhead.care import services as care_services
from clearhead.care.models import Consent, Enrollment
from clearhead.care.time_zones import today_for
from clearhead.clinic import records
from clearhead.clinic.models import ProgressNote
from clearhead.clinic.tests.test_clinic import checkin, enroll
from clearhead.core import clock
from clearhead.recovery.models import CheckInWeek, DailyCheckIn, RecoveryProfile
from clearhead.screening.journey import JourneyState
from clearhead.screening.models import ScreeningResult
from clearhead.screening.services import screening_results_save
from clearhead.sharing import services as sharing_services
from clearhead.testing import assert_audited, make_user

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

CLOSE = reverse("recovery:close_account")


@pytest.fixture
def pat_in_care(patient_pat, supporter_sam, casey_in_program, program):
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat,
        stop_date=clock.today_in("UTC") - timedelta(days=9),
    )
    checkin(patient_pat, craving=5)
    screening_results_save(actor=patient_pat, state=JourneyState({"gad7": [1] * 7}))
    enrollment = enroll(patient_pat, casey_in_program, program)
    records.intake_record(
        actor=casey_in_program,
        enrollment=enrollment,
        answers={"phq9": [1] * 9, "level-of-care": {"medical": 1}},
    )
    records.note_write(
        actor=casey_in_program,
        enrollment=enrollment,
        data="Attended.",
        assessment="Engaged.",
        plan="Weekly.",
        sign=True,
    )
    link, code = sharing_services.supporter_invite(
        actor=patient_pat, relation="brother"
    )
    sharing_services.supporter_accept(actor=supporter_sam, code=code)
    link.refresh_from_db()
    care_services.consent_sign(
        actor=patient_pat,
        link=link,
        kinds=["sober_days"],
        purpose="family_support",
        expires_on=today_for(patient_pat) + timedelta(days=30),
        signature="Pat Example",
    )
    account_services.api_token_create(actor=patient_pat, name="phone")
    return patient_pat


def test_the_page_says_what_is_deleted_and_what_the_program_keeps(client, pat_in_care):
    client.force_login(pat_in_care)
    page = client.get(CLOSE).content.decode()
    assert "Your check-ins, notes and charts" in page
    assert "Riverbend Recovery&#x27;s clinical record of your care" in page


def test_a_wrong_password_closes_nothing(client, pat_in_care):
    client.force_login(pat_in_care)
    response = client.post(CLOSE, {"password": "not it", "understood": "on"})
    assert "That is not your password." in response.content.decode()
    assert DailyCheckIn.objects.filter(patient=pat_in_care).exists()
    assert User.objects.get(pk=pat_in_care.pk).is_active


def test_closing_deletes_own_entries_keeps_program_records_and_ends_access(
    client, pat_in_care, persona_password, supporter_sam
):
    checkin(make_user("pia@example.org", Role.PATIENT, "Pia"), craving=2)
    client.force_login(pat_in_care)
    response = client.post(CLOSE, {"password": persona_password, "understood": "on"})
    assert "Your account is closed" in response.content.decode()
    assert "Riverbend Recovery" in response.content.decode()

    # The patient's own entries are gone, with their weekly roll-up.
    assert CheckInWeek.objects.exists()  # another patient's week stays
    assert not DailyCheckIn.objects.filter(patient=pat_in_care).exists()
    assert not CheckInWeek.objects.filter(patient=pat_in_care).exists()
    assert not RecoveryProfile.objects.filter(patient=pat_in_care).exists()
    assert not ScreeningResult.objects.filter(
        patient=pat_in_care, administered_by=None
    ).exists()
    # The program's records stay, detached from the login.
    assert ProgressNote.objects.filter(enrollment__patient=pat_in_care).exists()
    assert ScreeningResult.objects.filter(
        patient=pat_in_care, administered_by__isnull=False
    ).exists()
    enrollment = Enrollment.objects.get(patient=pat_in_care)
    assert enrollment.status == Enrollment.Status.DISCHARGED
    assert enrollment.sharing == []
    closed = User.objects.get(pk=pat_in_care.pk)
    assert not closed.is_active
    assert "pat@example.org" not in closed.email
    assert closed.display_name == "Closed account"
    # Nothing can reach it any more.
    assert not Consent.objects.filter(patient=closed, revoked_at=None).exists()
    assert not ApiToken.objects.filter(user=closed, revoked_at=None).exists()
    assert client.get(reverse("recovery:dashboard")).status_code == 302
    sign_in = client.post(
        reverse("accounts:login"),
        {"username": "pat@example.org", "password": persona_password},
    )
    assert sign_in.status_code == 200  # the form again: no account by that address
    assert "_auth_user_id" not in client.session
    client.force_login(supporter_sam)
    supporter_page = client.get(reverse("sharing:supporter_home")).content.decode()
    assert "Sober days" not in supporter_page
    assert_audited(action=AuditAction.ACCOUNT_CLOSED, actor=closed, patient=closed)
