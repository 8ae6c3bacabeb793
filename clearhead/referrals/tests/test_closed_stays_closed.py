"""A referral the program closed stays closed: the person's consent ended
with it (consent.py), so staff cannot open it again, nor restart the
retention clock by closing it again."""

import pytest
from django.core.cache import cache

from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.referrals.models import Referral
from clearhead.referrals.tests.helpers import program_with_listing, send, staff_of

pytestmark = pytest.mark.clock


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "change",
    [
        {"status": "new"},
        {"status": "contacted"},
        {"status": "closed", "close_reason": "declined"},
    ],
)
def test_a_closed_referral_cannot_be_reopened_or_closed_again(
    client, db, clinician_casey, change
):
    program, facility = program_with_listing()
    send(client, facility)
    referral = Referral.objects.get()
    client.force_login(staff_of(program, clinician_casey))
    url = f"/clinic/referrals/{referral.public_id}/"
    client.post(url, {"status": "closed", "close_reason": "admitted"})
    referral.refresh_from_db()
    closed_at = referral.closed_at
    assert "Save status" not in client.get(url).content.decode()

    response = client.post(url, change)

    assert response.status_code == 400
    assert "This referral is closed." in response.content.decode()
    referral.refresh_from_db()
    assert (referral.status, referral.close_reason) == ("closed", "admitted")
    assert referral.closed_at == closed_at
    changes = AuditEvent.objects.filter(action=AuditAction.REFERRAL_STATUS_CHANGED)
    assert changes.count() == 1
