"""Consents for supporters: signed, scoped, revocable at once, ended by expiry."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from clearhead.accounts.models import Role, User
from clearhead.audit.actions import AuditAction
from clearhead.care import services as care_services
from clearhead.care.models import Consent
from clearhead.care.time_zones import today_for
from clearhead.core import clock
from clearhead.recovery.models import RecoveryProfile
from clearhead.recovery.tests.test_tools_and_plans import add_checkin
from clearhead.sharing import selectors, services
from clearhead.testing import assert_audited, make_user

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

MINE = reverse("sharing:my_supporters")
SUPPORTER_HOME = reverse("sharing:supporter_home")


@pytest.fixture
def linked(patient_pat, supporter_sam):
    patient_pat.time_zone = "UTC"  # the account's own zone
    patient_pat.save(update_fields=["time_zone"])
    RecoveryProfile.objects.create(
        patient=patient_pat,
        stop_date=clock.today_in("UTC") - timedelta(days=9),
    )
    add_checkin(patient_pat, 0, 6)
    link, code = services.supporter_invite(actor=patient_pat, relation="brother")
    services.supporter_accept(actor=supporter_sam, code=code)
    link.refresh_from_db()
    return link


def sign(client, link, **overrides):
    # The patient's today: consent end dates are read where they live.
    today = today_for(link.patient)
    data = {
        "action": "sign",
        "link": str(link.public_id),
        "kinds": ["sober_days", "checkin_adherence"],
        "purpose": "family_support",
        "expires_on": (today + timedelta(days=30)).isoformat(),
        "signature": "Pat Example",
    }
    if overrides.get("expires_on") == "today":
        overrides["expires_on"] = today.isoformat()
    return client.post(MINE, data | overrides)


def test_the_invitation_code_links_a_supporter_who_sees_nothing_yet(
    client, patient_pat, supporter_sam
):
    client.force_login(patient_pat)
    client.post(MINE, {"action": "invite", "relation": "brother"})
    code = re.search(
        r'id="supporter-code">(\w+)<', client.get(MINE).content.decode()
    ).group(1)
    client.force_login(supporter_sam)
    client.post(SUPPORTER_HOME, {"code": code})
    page = client.get(SUPPORTER_HOME).content.decode()
    assert "They have not shared anything with you right now" in page
    assert "Sober days" not in page


def test_a_signed_consent_shows_only_what_it_names_with_the_notice(
    client, patient_pat, supporter_sam, linked
):
    client.force_login(patient_pat)
    sign(client, linked, kinds=["sober_days"])
    consent = Consent.objects.get()
    assert (consent.signature, consent.purpose, consent.kinds) == (
        "Pat Example",
        "family_support",
        ["sober_days"],
    )
    assert "revoke" in consent.revocation_statement
    assert_audited(
        action=AuditAction.CONSENT_SIGNED, actor=patient_pat, patient=patient_pat
    )
    client.force_login(supporter_sam)
    page = client.get(SUPPORTER_HOME).content.decode()
    assert "Sober days: <strong>9</strong>" in page
    assert "Check-ins in the last 14 days" not in page
    assert "Check-ins since" not in page
    assert "42 CFR part 2 prohibits unauthorized use or disclosure" in page
    assert_audited(
        action=AuditAction.SUPPORTER_VIEWED, actor=supporter_sam, patient=patient_pat
    )


def test_revoking_ends_access_at_once_and_the_patient_sees_who_looked(
    client, patient_pat, supporter_sam, linked
):
    client.force_login(patient_pat)
    sign(client, linked)
    client.force_login(supporter_sam)
    assert "Sober days" in client.get(SUPPORTER_HOME).content.decode()
    client.force_login(patient_pat)
    client.post(
        MINE, {"action": "revoke", "consent": str(Consent.objects.get().public_id)}
    )
    client.force_login(supporter_sam)
    assert "Sober days" not in client.get(SUPPORTER_HOME).content.decode()
    client.force_login(patient_pat)
    seen = client.get(reverse("my_record:who_has_seen")).content.decode()
    assert "Sam" in seen
    assert "Shared information viewed by a supporter" in seen


@pytest.mark.parametrize(
    ("zone", "last_moment", "day_after"),
    [
        # Midnight where the patient lives, not midnight UTC: London in
        # summer is an hour ahead, Chicago in winter six hours behind.
        (
            "Europe/London",
            datetime(2030, 6, 10, 22, 59, tzinfo=UTC),
            datetime(2030, 6, 10, 23, 30, tzinfo=UTC),
        ),
        (
            "America/Chicago",
            datetime(2030, 1, 11, 5, 59, tzinfo=UTC),
            datetime(2030, 1, 11, 6, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_consent_ends_after_its_last_day_where_the_patient_lives(
    client, patient_pat, supporter_sam, linked, zone, last_moment, day_after
):
    User.objects.filter(pk=patient_pat.pk).update(time_zone=zone)
    patient_pat.refresh_from_db()
    consent = care_services.consent_sign(
        actor=patient_pat,
        link=linked,
        kinds=["sober_days"],
        purpose="patient_request",
        expires_on=last_moment.astimezone(ZoneInfo(zone)).date(),
        signature="Pat",
    )
    with time_machine.travel(last_moment):
        assert selectors.granted_kinds(
            supporter=supporter_sam, patient=patient_pat
        ) == {"sober_days"}
        assert Consent.objects.get(pk=consent.pk).is_active
        client.force_login(supporter_sam)
        assert "Sober days" in client.get(SUPPORTER_HOME).content.decode()
    with time_machine.travel(day_after):
        assert (
            selectors.granted_kinds(supporter=supporter_sam, patient=patient_pat)
            == set()
        )
        assert not Consent.objects.get(pk=consent.pk).is_active
        client.force_login(supporter_sam)
        assert "Sober days" not in client.get(SUPPORTER_HOME).content.decode()
        client.force_login(patient_pat)
        assert "Ended." in client.get(MINE).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kinds": []}, "Choose what this person may see."),
        ({"signature": ""}, "This field is required."),
        ({"signature": "P"}, "Type your name to sign."),
        ({"expires_on": "today"}, "Choose an end date in the future."),
    ],
)
def test_an_incomplete_consent_is_refused_with_the_reason(
    client, patient_pat, linked, overrides, message
):
    client.force_login(patient_pat)
    response = sign(client, linked, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Consent.objects.exists()


def test_others_cannot_see_or_revoke(
    client, patient_pat, patient_pia, supporter_sam, linked
):
    client.force_login(patient_pat)
    sign(client, linked)
    stranger = make_user("stranger@example.org", Role.SUPPORTER, "Stranger")
    client.force_login(stranger)
    assert not re.search(r"\bPat\b", client.get(SUPPORTER_HOME).content.decode())
    client.force_login(patient_pia)
    assert (
        client.post(
            MINE, {"action": "revoke", "consent": str(Consent.objects.get().public_id)}
        ).status_code
        == 404
    )
    assert Consent.objects.get().revoked_at is None
    for wrong_role in (patient_pat,):
        client.force_login(wrong_role)
        assert client.get(SUPPORTER_HOME).status_code == 403
    client.force_login(supporter_sam)
    assert client.get(MINE).status_code == 403


def test_a_used_code_does_not_link_again(client, patient_pat, supporter_sam):
    _, code = services.supporter_invite(actor=patient_pat)
    services.supporter_accept(actor=supporter_sam, code=code)
    other = make_user("other.supporter@example.org", Role.SUPPORTER)
    client.force_login(other)
    response = client.post(SUPPORTER_HOME, {"code": code})
    assert "That code does not work" in response.content.decode()
