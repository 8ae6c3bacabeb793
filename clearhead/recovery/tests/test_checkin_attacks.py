"""Check-ins under attack: what a careless or hostile client may send, and a
second copy of yesterday's late check-in racing the first (issue 14, checked
from outside). Each answer is a 4xx naming the problem, never a 500, and
nothing is stored that the rules forbid."""

import pytest

from clearhead.recovery.models import DailyCheckIn
from clearhead.recovery.tests.test_checkin_offline_rules import (
    body,
    post,
)


@pytest.fixture
def chicagoan(patient_pat):
    patient_pat.time_zone = "America/Chicago"
    patient_pat.save(update_fields=["time_zone"])
    return patient_pat


def test_a_body_over_the_upload_limit_is_a_413_not_a_500(client, patient_pat):
    client.force_login(patient_pat)
    response = post(client, body(note="x" * 3_000_000))
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert not DailyCheckIn.objects.exists()
