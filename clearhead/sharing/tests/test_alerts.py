"""Missed-check-in e-mails to supporters: the rule, the claim, the message."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from clearhead.audit.actions import AuditAction
from clearhead.care import services as care_services
from clearhead.care.models import Consent
from clearhead.care.time_zones import today_for
from clearhead.core import clock
from clearhead.flags.definitions import MISSED_CHECKIN_DAYS
from clearhead.flags.rules import CheckInFacts, early_warnings
from clearhead.recovery.models import RecoveryProfile
from clearhead.recovery.tests.test_tools_and_plans import add_checkin
from clearhead.sharing import services
from clearhead.sharing.alerts import (
    missed_checkin_alerts_schedule_due,
    missed_gap_start,
)
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@given(last=st.one_of(st.none(), days), signed=days, today=days)
def test_the_rule_counts_only_whole_missed_days_after_signing(last, signed, today):
    start = missed_gap_start(last_checkin=last, consent_signed=signed, today=today)
    first_missed = max(signed, last + timedelta(days=1)) if last else signed
    # Silence is counted from the last check-in, or from the day before signing.
    if start is None:
        assert (today - first_missed).days < MISSED_CHECKIN_DAYS - 1
    else:
        assert start == first_missed
        assert start >= signed
        assert (today - start).days >= MISSED_CHECKIN_DAYS - 1


@given(last=days, today=days)
def test_the_supporter_is_told_the_day_the_care_team_is_flagged(last, today):
    """Consent signed long before: the e-mail and the clinician's flag agree."""
    signed = date(2023, 1, 1)
    start = missed_gap_start(last_checkin=last, consent_signed=signed, today=today)
    checkin = CheckInFacts("c", last, 0, None, False, False)
    flagged = [
        f for f in early_warnings([checkin], today) if f.code == "missed_checkins"
    ]
    assert (start is not None) is bool(flagged)
    if flagged:
        assert flagged[0].since == start


def _consent(patient, supporter, kinds, signed_days_ago=10):
    link, code = services.supporter_invite(actor=patient, relation="sister")
    services.supporter_accept(actor=supporter, code=code)
    link.refresh_from_db()
    consent = care_services.consent_sign(
        actor=patient,
        link=link,
        kinds=kinds,
        purpose="family_support",
        expires_on=today_for(patient) + timedelta(days=30),
        signature="Pat Example",
    )
    Consent.objects.filter(pk=consent.pk).update(
        signed_at=clock.now() - timedelta(days=signed_days_ago)
    )
    return consent


@pytest.fixture
def pat_quiet_for_four_days(patient_pat):
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat,
        stop_date=clock.today_in("UTC") - timedelta(days=20),
    )
    add_checkin(patient_pat, 4, 3)
    return patient_pat


@pytest.mark.django_db(transaction=True)
def test_a_supporter_is_emailed_once_per_run_of_missed_days(
    client, pat_quiet_for_four_days, supporter_sam
):
    consent = _consent(
        pat_quiet_for_four_days, supporter_sam, ["sober_days", "missed_checkin_alerts"]
    )
    call_command("worker", once=True)
    call_command("worker", once=True)
    [alert] = [m for m in mail.outbox if m.to == ["sam@example.org"]]
    assert "has not checked in for 3 days" in alert.subject
    assert "ketamine" not in alert.body.lower()
    assert "craving" not in alert.body.lower()
    assert "can stop these e-mails" in alert.body
    assert_audited(
        action=AuditAction.SUPPORTER_ALERTED,
        patient=pat_quiet_for_four_days,
        subject=consent,
    )
    # The patient's accounting of disclosures lists it.
    client.force_login(pat_quiet_for_four_days)
    page = client.get(reverse("my_record:who_has_seen")).content.decode()
    assert "supporter e-mailed that check-ins were missed" in page


def test_no_alert_without_the_grant_after_revoking_or_after_a_checkin(
    pat_quiet_for_four_days, supporter_sam, patient_pia
):
    _consent(pat_quiet_for_four_days, supporter_sam, ["sober_days"])
    assert missed_checkin_alerts_schedule_due(clock.now()) == 0

    granted = _consent(
        pat_quiet_for_four_days, supporter_sam, ["missed_checkin_alerts"]
    )
    care_services.consent_revoke(actor=pat_quiet_for_four_days, consent=granted)
    assert missed_checkin_alerts_schedule_due(clock.now()) == 0

    _consent(pat_quiet_for_four_days, supporter_sam, ["missed_checkin_alerts"])
    add_checkin(pat_quiet_for_four_days, 1, 2)
    assert missed_checkin_alerts_schedule_due(clock.now()) == 0


def test_days_before_the_consent_do_not_count(pat_quiet_for_four_days, supporter_sam):
    _consent(
        pat_quiet_for_four_days,
        supporter_sam,
        ["missed_checkin_alerts"],
        signed_days_ago=1,
    )
    assert missed_checkin_alerts_schedule_due(clock.now()) == 0


SUPPORTER_HOME = reverse("sharing:supporter_home")


def _supporter_page(client, supporter) -> str:
    client.force_login(supporter)
    return client.get(SUPPORTER_HOME).content.decode()


def test_the_page_and_the_email_tell_the_supporter_the_same_thing_the_same_day(
    client, pat_quiet_for_four_days, supporter_sam
):
    """Both read the stored missed_checkins flag, in its supporter wording."""
    _consent(pat_quiet_for_four_days, supporter_sam, ["missed_checkin_alerts"])
    wording = "A short, kind message"
    page = _supporter_page(client, supporter_sam)
    assert "has not checked in for 4 days." in page
    assert wording in page
    assert "Missed check-ins" not in page  # the clinician's label
    assert missed_checkin_alerts_schedule_due(clock.now()) == 1

    # A check-in clears the flag: the page no longer says it, no e-mail is due.
    add_checkin(pat_quiet_for_four_days, 0, 3)
    page = _supporter_page(client, supporter_sam)
    assert "has not checked in" not in page
    assert "if Pat goes 3 days in a row without a check-in." in page


def test_days_before_the_consent_are_not_on_the_page_either(
    client, pat_quiet_for_four_days, supporter_sam
):
    _consent(
        pat_quiet_for_four_days,
        supporter_sam,
        ["missed_checkin_alerts"],
        signed_days_ago=1,
    )
    assert missed_checkin_alerts_schedule_due(clock.now()) == 0
    assert "has not checked in" not in _supporter_page(client, supporter_sam)


def test_without_the_grant_the_page_says_nothing_of_check_ins(
    client, pat_quiet_for_four_days, supporter_sam
):
    _consent(pat_quiet_for_four_days, supporter_sam, ["sober_days"])
    page = _supporter_page(client, supporter_sam)
    assert "Sober days" in page
    assert "checking in" not in page
    assert "checked in" not in page


def test_the_email_carries_the_supporter_wording(
    pat_quiet_for_four_days, supporter_sam
):
    from clearhead.flags.definitions import FlagCode, flag_kind
    from clearhead.sharing.alerts import send_missed_checkin_alert

    consent = _consent(
        pat_quiet_for_four_days, supporter_sam, ["missed_checkin_alerts"]
    )
    send_missed_checkin_alert.call(consent.pk)
    [alert] = mail.outbox
    wording = flag_kind(FlagCode.MISSED_CHECKINS).supporter_wording
    assert str(wording) in " ".join(alert.body.split())
