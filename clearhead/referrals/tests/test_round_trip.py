"""The round trip: a person sends a referral, the program's queue shows it,
the staff move it on, the person's status link shows it, the person
withdraws. On SQLite and on PostgreSQL (TEST_DATABASE_URL), with its audit
rows and its overdue flag."""

from datetime import timedelta

import pytest
import time_machine

from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.referrals.models import Referral
from clearhead.referrals.tests.helpers import (
    MONDAY_10AM,
    program_with_listing,
    send,
    staff_of,
)
from clearhead.testing import assert_audited


def actions():
    return list(
        AuditEvent.objects.filter(action__gte=760, action__lt=780)
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db(transaction=False)
def test_referral_round_trip(client, clinician_casey):
    program, facility = program_with_listing()
    casey = staff_of(program, clinician_casey)
    person = client.__class__()

    with time_machine.travel(MONDAY_10AM, tick=False):
        status_path = send(person, facility)
    referral = Referral.objects.get()
    assert referral.parts[0]["instrument"] == "phq9"
    assert [part["instrument"] for part in referral.parts] == ["phq9"]  # not gad7
    assert referral.token_hash not in status_path  # only the hash is kept
    assert_audited(action=AuditAction.REFERRAL_SENT, subject=referral)

    # Tuesday: in the queue, not overdue yet.
    with time_machine.travel(MONDAY_10AM + timedelta(days=1), tick=False):
        client.force_login(casey)
        page = client.get("/clinic/referrals/").content.decode()
    assert "Robin" in page
    assert "data-overdue" not in page
    assert_audited(
        action=AuditAction.REFERRAL_QUEUE_VIEWED, actor=casey, subject=referral
    )

    # Wednesday 10:00 in Chicago: 2 working days without contact.
    with time_machine.travel(MONDAY_10AM + timedelta(days=2), tick=False):
        client.force_login(casey)  # a new sign-in: staff sessions time out
        page = client.get("/clinic/referrals/").content.decode()
        assert "Overdue: not contacted within 2 working days" in page
        detail = client.get(f"/clinic/referrals/{referral.public_id}/")
        assert "(312) 555-0142" not in detail.content.decode()  # stored as E.164
        assert "+13125550142" in detail.content.decode()
        assert "data-overdue" in detail.content.decode()
        assert_audited(
            action=AuditAction.REFERRAL_VIEWED, actor=casey, subject=referral
        )
        response = client.post(
            f"/clinic/referrals/{referral.public_id}/", {"status": "contacted"}
        )
        assert response.status_code == 302
        page = client.get("/clinic/referrals/").content.decode()
        assert "data-overdue" not in page
    event = assert_audited(
        action=AuditAction.REFERRAL_STATUS_CHANGED, actor=casey, subject=referral
    )
    assert event.extra == {"from": "new", "to": "contacted", "reason": ""}

    # The person sees it on their link.
    page = person.get(status_path).content.decode()
    assert "Status: Contacted" in page
    assert_audited(action=AuditAction.REFERRAL_STATUS_VIEWED, subject=referral)

    # And withdraws: what they sent is deleted.
    response = person.post(status_path + "withdraw/")
    assert response.status_code == 302
    assert response["Location"] == "/referrals/withdrawn/"
    referral.refresh_from_db()
    assert (referral.parts, referral.name, referral.phone, referral.email) == (
        [],
        "",
        "",
        "",
    )
    assert referral.consent_text == referral.signature == referral.best_time == ""
    assert referral.status == "closed"
    assert referral.close_reason == "withdrawn"
    assert_audited(action=AuditAction.REFERRAL_WITHDRAWN, subject=referral)
    assert "You withdrew this referral" in person.get(status_path).content.decode()
    client.force_login(casey)
    page = client.get(f"/clinic/referrals/{referral.public_id}/").content.decode()
    assert "Robin" not in page
    assert "+13125550142" not in page
    assert "The person withdrew this referral" in page

    assert actions() == [
        AuditAction.REFERRAL_SENT,
        AuditAction.REFERRAL_QUEUE_VIEWED,
        AuditAction.REFERRAL_QUEUE_VIEWED,
        AuditAction.REFERRAL_VIEWED,
        AuditAction.REFERRAL_STATUS_CHANGED,
        AuditAction.REFERRAL_QUEUE_VIEWED,
        AuditAction.REFERRAL_STATUS_VIEWED,
        AuditAction.REFERRAL_WITHDRAWN,
        AuditAction.REFERRAL_STATUS_VIEWED,
        AuditAction.REFERRAL_VIEWED,
    ]
    # Nothing a person wrote is in the audit log.
    for extra in AuditEvent.objects.values_list("extra", flat=True):
        assert "Robin" not in str(extra)
        assert "0142" not in str(extra)
