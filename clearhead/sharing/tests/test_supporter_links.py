"""Supporter codes: they expire, the patient can cancel one, and a dead code says nothing."""

import importlib
import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from clearhead.audit.actions import AuditAction
from clearhead.care.models import SupporterLink
from clearhead.core import clock
from clearhead.sharing import services
from clearhead.testing import assert_audited

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

MINE = reverse("sharing:my_supporters")
SUPPORTER_HOME = reverse("sharing:supporter_home")
REFUSED = "That code does not work. Ask for a new one."


def enter_code(client, supporter, code):
    client.force_login(supporter)
    return client.post(SUPPORTER_HOME, {"code": code}, follow=True).content.decode()


def test_a_code_made_400_days_ago_links_nobody_and_names_nobody(
    client, patient_pat, supporter_sam
):
    with time_machine.travel(clock.now() - timedelta(days=400), tick=False):
        _, code = services.supporter_invite(actor=patient_pat, relation="brother")
    page = enter_code(client, supporter_sam, code)
    assert REFUSED in page
    assert not re.search(r"\bPat\b", page)
    assert SupporterLink.objects.get().supporter is None
    # Exactly what an unknown code gets.
    unknown = enter_code(client, supporter_sam, "ABCD2345")
    assert REFUSED in unknown


def test_a_code_works_for_14_days_by_default(client, patient_pat, supporter_sam):
    _, code = services.supporter_invite(actor=patient_pat)
    made = clock.now()
    with time_machine.travel(made + timedelta(days=14, seconds=1), tick=False):
        assert REFUSED in enter_code(client, supporter_sam, code)
    with time_machine.travel(made + timedelta(days=13, hours=23), tick=False):
        page = enter_code(client, supporter_sam, code)
    assert "You are now linked with Pat" in page
    assert SupporterLink.objects.get().supporter == supporter_sam


def test_the_patient_picks_fewer_days_and_sees_until_when(
    client, patient_pat, supporter_sam
):
    client.force_login(patient_pat)
    invite_page = client.get(MINE).content.decode()
    for label in ("1 day", "3 days", "7 days", "14 days"):
        assert label in invite_page
    with time_machine.travel(clock.now(), tick=False):
        client.post(MINE, {"action": "invite", "relation": "sister", "days": "3"})
    page = client.get(MINE).content.decode()
    code = re.search(r'id="supporter-code">(\w+)<', page).group(1)
    link = SupporterLink.objects.get()
    assert link.expires_at - link.created_at == timedelta(days=3)
    assert "The code works until" in page
    assert "Cancel this code" in page
    with time_machine.travel(link.expires_at + timedelta(seconds=1), tick=False):
        # Expired: no longer listed, and it links nobody.
        client.force_login(patient_pat)
        assert "Invitation not used yet" not in client.get(MINE).content.decode()
        assert REFUSED in enter_code(client, supporter_sam, code)
    assert SupporterLink.objects.get().supporter is None


def test_days_outside_the_offer_are_refused(client, patient_pat):
    client.force_login(patient_pat)
    response = client.post(MINE, {"action": "invite", "relation": "x", "days": "30"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not SupporterLink.objects.exists()
    with pytest.raises(ValidationError, match="how many days"):
        services.supporter_invite(actor=patient_pat, days=30)


def test_the_patient_cancels_a_pending_code_and_it_then_says_nothing(
    client, patient_pat, supporter_sam
):
    link, code = services.supporter_invite(actor=patient_pat, relation="brother")
    client.force_login(patient_pat)
    response = client.post(MINE, {"action": "cancel", "link": str(link.public_id)})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ended_at is not None
    assert_audited(
        action=AuditAction.SUPPORTER_INVITE_CANCELLED,
        actor=patient_pat,
        patient=patient_pat,
        subject=link,
    )
    assert "Invitation not used yet" not in client.get(MINE).content.decode()
    page = enter_code(client, supporter_sam, code)
    assert REFUSED in page
    assert not re.search(r"\bPat\b", page)
    assert SupporterLink.objects.get().supporter is None


def test_nobody_else_cancels_a_code_and_a_used_one_is_not_cancelled(
    client, patient_pat, patient_pia, supporter_sam
):
    pending, _ = services.supporter_invite(actor=patient_pat)
    used, code = services.supporter_invite(actor=patient_pat)
    services.supporter_accept(actor=supporter_sam, code=code)
    client.force_login(patient_pia)
    assert (
        client.post(
            MINE, {"action": "cancel", "link": str(pending.public_id)}
        ).status_code
        == 404
    )
    client.force_login(patient_pat)
    for link_id in (str(used.public_id), "not-a-uuid"):
        assert (
            client.post(MINE, {"action": "cancel", "link": link_id}).status_code == 404
        )
    pending.refresh_from_db()
    used.refresh_from_db()
    assert pending.ended_at is None
    assert (used.ended_at, used.supporter) == (None, supporter_sam)


def test_a_used_link_outlives_its_code(client, patient_pat, supporter_sam):
    _, code = services.supporter_invite(actor=patient_pat, relation="brother", days=1)
    services.supporter_accept(actor=supporter_sam, code=code)
    with time_machine.travel(clock.now() + timedelta(days=400), tick=False):
        client.force_login(supporter_sam)
        assert "Pat" in client.get(SUPPORTER_HOME).content.decode()
        client.force_login(patient_pat)
        page = client.get(MINE).content.decode()
        assert "Sam (brother)" in page
        assert "Cancel this code" not in page


def test_the_migration_gives_existing_codes_14_days_from_when_they_were_made(
    patient_pat, supporter_sam
):
    migration = importlib.import_module(
        "clearhead.sharing.migrations.0003_supporterlink_expires_at"
    )
    with time_machine.travel(clock.now() - timedelta(days=400), tick=False):
        old, old_code = services.supporter_invite(actor=patient_pat)
    recent, recent_code = services.supporter_invite(actor=patient_pat)
    # As if made before codes expired: the migration sets every row's expiry.
    SupporterLink.objects.update(expires_at=clock.now() + timedelta(days=1000))
    # The models as they were when the migration ran (SupporterLink was
    # sharing's then; it is care's now, in the same table).
    state = MigrationLoader(connection).project_state(
        ("sharing", "0003_supporterlink_expires_at")
    )
    migration.expire_existing_codes(state.apps, None)
    for link in (old, recent):
        link.refresh_from_db()
        assert link.expires_at == link.created_at + timedelta(days=14)
    with pytest.raises(ValidationError, match="does not work"):
        services.supporter_accept(actor=supporter_sam, code=old_code)
    services.supporter_accept(actor=supporter_sam, code=recent_code)


def test_a_refused_code_is_a_400_with_the_reason_under_the_field(client, supporter_sam):
    client.force_login(supporter_sam)
    response = client.post(SUPPORTER_HOME, {"code": "ABCD2345"})
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert_audited(action=AuditAction.SUPPORTER_CODE_REFUSED, actor=supporter_sam)


def test_guessing_codes_stops_after_ten_wrong_ones_in_an_hour(
    client, patient_pat, supporter_sam
):
    """A code is 8 characters: typed guesses must not be unlimited, or a
    supporter account could try codes until one links it to someone."""
    _, code = services.supporter_invite(actor=patient_pat, relation="brother")
    client.force_login(supporter_sam)
    for n in range(10):
        assert client.post(SUPPORTER_HOME, {"code": f"WRNG{n:04d}"}).status_code == 400
    response = client.post(SUPPORTER_HOME, {"code": code})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Too many codes that did not work" in page
    # As a word: a random CSRF token may hold the letters "Pat" (seen once).
    assert not re.search(r"\bPat\b", page)
    assert not SupporterLink.objects.filter(supporter=supporter_sam).exists()
    # An hour later the right code works.
    with time_machine.travel(clock.now() + timedelta(hours=1, minutes=1), tick=False):
        response = client.post(SUPPORTER_HOME, {"code": code}, follow=True)
    assert "You are now linked with" in response.content.decode()
