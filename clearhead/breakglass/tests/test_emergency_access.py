"""Emergency access: reasoned, time-limited, audited and shown to the patient."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent
from clearhead.breakglass.models import EmergencyAccess
from clearhead.care import policy
from clearhead.care.time_zones import today_for
from clearhead.core import clock
from clearhead.recovery import services as recovery_services
from clearhead.testing import assert_audited, make_user

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

START = reverse("breakglass:start")
REASON = "Patient's brother called: no answer for two days, care team unreachable."


@pytest.fixture
def pat_with_checkin(patient_pat):
    recovery_services.checkin_create(
        actor=patient_pat,
        client_id=uuid.uuid4(),
        data={
            "day": today_for(patient_pat),
            "craving": 7,
            "mood": 2,
            "used_ketamine": False,
            "self_harm_thoughts": False,
            "note": "Rough day at work",
        },
    )
    return patient_pat


def open_access(client, admin, **overrides):
    client.force_login(admin)
    data = {"patient_email": "pat@example.org", "reason": REASON, "minutes": "15"}
    return client.post(START, data | overrides)


def test_an_administrator_sees_no_health_information_without_emergency_access(
    client, admin_ada, pat_with_checkin
):
    client.force_login(admin_ada)
    for url in (reverse("recovery:my_data"), reverse("clinic:caseload")):
        assert client.get(url).status_code == 403


def test_emergency_access_shows_the_record_and_tells_the_patient(
    client, admin_ada, pat_with_checkin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = open_access(client, admin_ada)
    access = EmergencyAccess.objects.get()
    assert response["Location"] == reverse("emergency:record", args=[access.public_id])
    assert access.ends_at - access.started_at == timedelta(minutes=15)
    assert_audited(
        action=AuditAction.EMERGENCY_ACCESS_STARTED,
        actor=admin_ada,
        patient=pat_with_checkin,
    )
    # The patient is told at once, without anything clinical in the e-mail.
    [notice] = mail.outbox
    assert notice.to == ["pat@example.org"]
    assert "/my-record/who-has-seen/" in notice.body
    assert "Rough day" not in notice.body
    assert "ketamine" not in notice.body.lower()

    page = client.get(response["Location"]).content.decode()
    assert "Rough day at work" in page
    assert "Emergency access." in page
    assert_audited(
        action=AuditAction.EMERGENCY_RECORD_VIEWED,
        actor=admin_ada,
        patient=pat_with_checkin,
    )

    client.force_login(pat_with_checkin)
    seen = client.get(reverse("my_record:who_has_seen")).content.decode()
    assert "Emergency access to your record" in seen
    assert "care team unreachable" in seen
    assert "record viewed under emergency access" in seen.lower()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reason": "checking"}, "in at least 20 characters"),
        ({"patient_email": "nobody@example.org"}, "No patient has that e-mail"),
        ({"minutes": "600"}, "Select a valid choice"),
    ],
)
def test_a_request_without_a_reason_or_patient_is_refused_with_why(
    client, admin_ada, pat_with_checkin, overrides, message
):
    response = open_access(client, admin_ada, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EmergencyAccess.objects.exists()


def test_access_ends_on_time(client, admin_ada, pat_with_checkin):
    open_access(client, admin_ada)
    access = EmergencyAccess.objects.get()
    url = reverse("emergency:record", args=[access.public_id])
    EmergencyAccess.objects.filter(pk=access.pk).update(
        ends_at=clock.now() + timedelta(seconds=5)
    )
    assert client.get(url).status_code == 200
    EmergencyAccess.objects.filter(pk=access.pk).update(ends_at=clock.now())
    viewed = AuditEvent.objects.filter(
        action=AuditAction.EMERGENCY_RECORD_VIEWED
    ).count()
    ended = client.get(url)
    assert ended.status_code == 403
    assert "This emergency access has ended" in ended.content.decode()
    assert "Rough day" not in ended.content.decode()
    assert (
        AuditEvent.objects.filter(action=AuditAction.EMERGENCY_RECORD_VIEWED).count()
        == viewed
    )


def test_the_policy_and_the_record_page_agree_at_the_expiry_instant(
    client, admin_ada, pat_with_checkin
):
    open_access(client, admin_ada)
    access = EmergencyAccess.objects.get()
    url = reverse("emergency:record", args=[access.public_id])
    for instant, is_open in (
        (access.ends_at - timedelta(microseconds=1), True),
        (access.ends_at, False),
    ):
        with time_machine.travel(instant, tick=False):
            assert policy.may_view(admin_ada, pat_with_checkin, "checkins") is is_open
            record = client.get(url)
            assert record.status_code == (200 if is_open else 403)
            assert ("Rough day" in record.content.decode()) is is_open
            mine = client.get(START).content.decode()
            assert (url in mine) is is_open
            assert ("(ended)" in mine) is not is_open


def test_an_access_is_not_open_before_it_starts(client, admin_ada, pat_with_checkin):
    open_access(client, admin_ada)
    access = EmergencyAccess.objects.get()
    with time_machine.travel(access.started_at - timedelta(microseconds=1), tick=False):
        assert not policy.may_view(admin_ada, pat_with_checkin, "checkins")
        assert (
            client.get(reverse("emergency:record", args=[access.public_id])).status_code
            == 403
        )
    with time_machine.travel(access.started_at, tick=False):
        assert policy.may_view(admin_ada, pat_with_checkin, "checkins")


def test_only_the_administrator_who_opened_it_can_use_it(
    client, admin_ada, pat_with_checkin, clinician_casey
):
    open_access(client, admin_ada)
    url = reverse("emergency:record", args=[EmergencyAccess.objects.get().public_id])
    client.force_login(make_user("abe@clinic.example.org", Role.ADMIN, "Abe"))
    assert client.get(url).status_code == 404
    for someone in (clinician_casey, pat_with_checkin):
        client.force_login(someone)
        assert client.get(url).status_code == 403
        assert client.post(START, {"reason": REASON}).status_code == 403
