"""The public pages and the staff pages, as a person and the staff meet them:
choosing what is sent, the consent, the status link's secrecy and limit,
input that must give form errors (never a 500), and the program's settings."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command

from clearhead.audit.actions import AuditAction
from clearhead.core import clock
from clearhead.directory.models import ProgramListing
from clearhead.directory.tests.factories import FacilityFactory
from clearhead.referrals import services
from clearhead.referrals.models import Referral, ReferralSettings
from clearhead.referrals.tests.helpers import (
    STATE,
    details,
    program_with_listing,
    send,
    staff_of,
)
from clearhead.testing import assert_audited

pytestmark = pytest.mark.clock


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def listed(db):
    return program_with_listing()


def test_the_results_page_offers_to_send_them(client, db):
    page = client.post("/check/results/", {"state": STATE}).content.decode()
    assert "Send my results to a program" in page
    assert 'action="/referrals/send/"' in page


def test_only_a_listing_linked_to_a_program_offers_a_referral(client, listed):
    _, facility = listed
    other = FacilityFactory()
    linked = client.get(f"/find/{facility.public_id}/").content.decode()
    assert "Send a referral to this program" in linked
    assert f"/referrals/send/?listing={facility.public_id}" in linked
    unlinked = client.get(f"/find/{other.public_id}/").content.decode()
    assert "Send a referral to this program" not in unlinked


def test_nothing_is_ticked_and_nothing_stored_before_sending(client, listed):
    _, facility = listed
    page = client.post("/referrals/send/", {"state": STATE}).content.decode()
    assert "Mood check" in page or "PHQ-9" in page
    assert 'type="checkbox" name="parts"' in page
    assert "checked" not in page
    review = client.post(
        "/referrals/send/", details(facility, parts=["gad7"]) | {"action": "review"}
    ).content.decode()
    assert "exactly what" in review
    for element in (
        "Robin",
        "Lakeside Recovery",
        "revoke",
        "42 CFR Part 2",
        "Withdraw",
    ):
        assert element in review
    assert Referral.objects.count() == 0


def test_without_a_choice_no_results_are_sent(client, listed):
    _, facility = listed
    send(client, facility, parts=[])
    assert Referral.objects.get().parts == []


def test_no_consent_no_referral(client, listed):
    _, facility = listed
    response = client.post(
        "/referrals/send/", details(facility) | {"action": "send", "signature": "R"}
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert Referral.objects.count() == 0


def test_a_way_to_be_reached_is_needed(client, listed):
    _, facility = listed
    response = client.post(
        "/referrals/send/", details(facility, phone="", email="") | {"action": "review"}
    )
    assert response.status_code == 400
    assert "Give a phone number or an e-mail address" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"name": "Ro\x00bin"}, "Null characters are not allowed."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"phone": "12"}, "Enter a phone number we can call"),
        ({"listing": "00000000-0000-0000-0000-000000000000"}, "Select a valid choice"),
        ({"parts": ["not-an-instrument"]}, "Select a valid choice"),
        ({"name": "x" * 500}, "at most 100 characters"),
    ],
)
def test_bad_input_gives_form_errors(client, listed, changes, error):
    _, facility = listed
    response = client.post(
        "/referrals/send/", details(facility, **changes) | {"action": "review"}
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Referral.objects.count() == 0


def test_altered_answers_and_huge_bodies_are_refused_not_crashed(client, listed):
    _, facility = listed
    response = client.post(
        "/referrals/send/",
        details(facility, state='{"phq9": "x"}') | {"action": "review"},
    )
    assert response.status_code == 400
    response = client.post(
        "/referrals/send/",
        details(facility, best_time="x" * (3 * 1024 * 1024)) | {"action": "review"},
    )
    assert response.status_code == 400
    assert Referral.objects.count() == 0


def test_a_wrong_token_is_not_found(client, listed):
    _, facility = listed
    send(client, facility)
    assert client.get("/referrals/status/not-the-token/").status_code == 404
    assert client.post("/referrals/status/not-the-token/withdraw/").status_code == 404
    assert Referral.objects.get().name == "Robin"


def test_the_status_link_is_rate_limited(client, listed):
    _, facility = listed
    status_path = send(client, facility)
    for _ in range(services.STATUS_LIMIT):
        assert client.get("/referrals/status/guess/").status_code == 404
    # Past the limit, even the right link waits: guessing gains nothing.
    assert client.get(status_path).status_code == 429
    cache.clear()
    assert client.get(status_path).status_code == 200


def test_sending_is_rate_limited(client, listed):
    _, facility = listed
    for _ in range(services.SEND_LIMIT):
        send(client, facility)
    response = client.post(
        "/referrals/send/",
        details(facility) | {"action": "send", "consent": "on", "signature": "Robin"},
    )
    assert response.status_code == 429
    assert Referral.objects.count() == services.SEND_LIMIT


def test_the_token_is_long_random_and_kept_only_as_a_hash(client, listed):
    _, facility = listed
    first = send(client, facility).split("/")[-2]
    cache.clear()
    second = send(client, facility).split("/")[-2]
    assert len(first) >= 43
    assert first != second
    stored = set(Referral.objects.values_list("token_hash", flat=True))
    assert stored == {services.token_hash(first), services.token_hash(second)}


def test_another_programs_referral_is_not_found(client, listed, clinician_oscar):
    _, facility = listed
    send(client, facility)
    referral = Referral.objects.get()
    client.force_login(clinician_oscar)
    assert "Robin" not in client.get("/clinic/referrals/").content.decode()
    assert client.get(f"/clinic/referrals/{referral.public_id}/").status_code == 404
    response = client.post(
        f"/clinic/referrals/{referral.public_id}/", {"status": "contacted"}
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == "new"


def test_closing_needs_a_reason(client, listed, clinician_casey):
    program, facility = listed
    send(client, facility)
    referral = Referral.objects.get()
    client.force_login(staff_of(program, clinician_casey))
    url = f"/clinic/referrals/{referral.public_id}/"
    response = client.post(url, {"status": "closed"})
    assert response.status_code == 400
    assert "Choose why the referral is closed." in response.content.decode()
    client.post(url, {"status": "closed", "close_reason": "admitted"})
    referral.refresh_from_db()
    assert (referral.status, referral.close_reason) == ("closed", "admitted")
    assert referral.closed_at is not None
    assert referral.contacted_at is not None


# transaction: the worker's task runner closes the database connection.
@pytest.mark.django_db(transaction=True)
def test_closed_referrals_are_deleted_after_the_programs_retention(client, listed):
    _program, facility = listed
    other_program, other_facility = program_with_listing("Hillside")
    ReferralSettings.objects.create(program=other_program, retention_days=30)
    send(client, facility)
    send(client, other_facility)
    Referral.objects.update(
        status="closed", close_reason="admitted", closed_at=clock.now()
    )
    with time_machine.travel(clock.now() + timedelta(days=31), tick=False):
        call_command("worker", once=True)
    assert list(Referral.objects.values_list("program__name", flat=True)) == [
        "Lakeside Recovery"
    ]
    assert_audited(action=AuditAction.REFERRAL_DELETED)
    with time_machine.travel(clock.now() + timedelta(days=366), tick=False):
        assert services.referrals_delete_expired(clock.now()) == 1
    assert Referral.objects.count() == 0


def test_open_referrals_are_never_deleted(client, listed):
    _, facility = listed
    send(client, facility)
    assert services.referrals_delete_expired(clock.now() + timedelta(days=4000)) == 0


# transaction: the worker's task runner closes the database connection.
@pytest.mark.django_db(transaction=True)
def test_an_open_referral_closes_and_forgets_when_the_consent_ends(
    client, listed, clinician_casey
):
    """The consent names an end date a year after sending: from then the
    program may not use what was sent, so the worker closes it."""
    program, facility = listed
    # Kept two years once closed, so the retention pass leaves the closed one.
    ReferralSettings.objects.create(program=program, retention_days=730)
    send(client, facility)
    send(client, facility, name="Robin Closed")
    closed = Referral.objects.get(name="Robin Closed")
    closed.status, closed.close_reason = "closed", "admitted"
    closed.closed_at = clock.now()
    closed.save()
    with time_machine.travel(clock.now() + timedelta(days=364), tick=False):
        assert services.referrals_close_consent_ended(clock.now()) == 0
    assert Referral.objects.exclude(status="closed").count() == 1
    with time_machine.travel(clock.now() + timedelta(days=366), tick=False):
        call_command("worker", once=True)
    ended = Referral.objects.get(close_reason="consent_ended")
    assert ended.status == "closed"
    assert (ended.name, ended.phone, ended.email, ended.parts) == ("", "", "", [])
    assert ended.consent_text == ""
    # The one the program closed itself keeps its own reason.
    assert Referral.objects.get(pk=closed.pk).close_reason == "admitted"
    assert_audited(action=AuditAction.REFERRAL_CONSENT_ENDED)
    # Staff cannot choose it, nor reopen the referral.
    staff_of(program, clinician_casey)
    client.force_login(clinician_casey)
    page = client.get(f"/clinic/referrals/{ended.public_id}/").content.decode()
    assert "The consent to share ended" in page
    assert 'value="consent_ended"' not in page


def test_an_administrator_links_listings_and_sets_retention(client, admin_ada, db):
    from clearhead.care.models import Program

    program = Program.objects.create(name="Brookside")
    facility = FacilityFactory(name="Brookside Clinic")
    taken_program, taken = program_with_listing("Taken")
    client.force_login(admin_ada)
    url = f"/clinic/programs/{program.public_id}/referrals/"
    response = client.post(
        url,
        {
            "retention_days": "90",
            "add_listing": f"https://clearhead.example.org/find/{facility.public_id}/",
        },
    )
    assert response.status_code == 302
    assert ProgramListing.objects.get(facility=facility).program == program
    assert ReferralSettings.objects.get(program=program).retention_days == 90
    assert_audited(action=AuditAction.REFERRAL_SETTINGS_CHANGED, actor=admin_ada)
    response = client.post(
        url, {"retention_days": "90", "add_listing": str(taken.public_id)}
    )
    assert "Another program already has this listing." in response.content.decode()
    assert ProgramListing.objects.get(facility=taken).program == taken_program
    response = client.post(
        url,
        {"retention_days": "90", "add_listing": "00000000-0000-4000-8000-000000000000"},
    )
    assert "The finder has no listing at this address." in response.content.decode()
    assert "Another program already has" not in response.content.decode()
    response = client.post(url, {"retention_days": "90", "add_listing": "no id here"})
    assert "Paste the address of a program" in response.content.decode()
    response = client.post(url, {"retention_days": "5"})
    assert response.status_code == 200
    assert "greater than or equal to 30" in response.content.decode()
    client.post(url, {"retention_days": "90", "remove": [str(facility.pk)]})
    assert not ProgramListing.objects.filter(facility=facility).exists()


def test_the_page_after_sending_shows_the_link_for_ten_minutes_only(client, listed):
    _, facility = listed
    status_path = send(client, facility)
    assert status_path in client.get("/referrals/sent/").content.decode()
    with time_machine.travel(clock.now() + timedelta(minutes=11), tick=False):
        page = client.get("/referrals/sent/").content.decode()
    assert status_path not in page
    assert "Nothing to show here" in page


def test_quick_exit_forgets_the_status_link_of_a_person_not_signed_in(client, listed):
    """A shared phone: after quick exit, the next person must not find the
    status link on the page after sending (nor the referral behind it)."""
    _, facility = listed
    status_path = send(client, facility)
    assert status_path in client.get("/referrals/sent/").content.decode()
    assert client.get("/exit/").status_code == 200
    page = client.get("/referrals/sent/").content.decode()
    assert status_path not in page
    assert "Nothing to show here" in page
