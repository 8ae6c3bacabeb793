"""The worker's reminder as a notification: delivered encrypted to the
browser's push service, only to patients who chose it."""

import json
from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from py_vapid import Vapid02

from clearhead.recovery import push, services
from clearhead.recovery.models import PushSubscription, RecoveryProfile
from clearhead.recovery.tests.conftest import VAPID_PUBLIC_KEY
from clearhead.recovery.tests.push_helpers import BrowserKeys

# Reads the clock: `make test` runs it again under frozen instants.
pytestmark = pytest.mark.clock

NOON_UTC = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
Channel = RecoveryProfile.ReminderChannel


def reminder_at_nine(patient, channel):
    services.recovery_profile_save(
        actor=patient,
        stop_date=date(2026, 11, 1),
        time_zone="UTC",
        reminder_time=time(9, 0),
        reminder_channel=channel,
    )


def turn_on_notifications(patient, service, name="phone") -> BrowserKeys:
    """What push-settings.js does on a phone: subscribe, then save it."""
    browser = BrowserKeys()
    subscription = browser.subscription(service.endpoint(name))
    services.push_subscription_save(
        actor=patient, endpoint=subscription["endpoint"], **subscription["keys"]
    )
    return browser


def run_worker_at_noon():
    with time_machine.travel(NOON_UTC):
        call_command("worker", once=True)


def emails_to(patient):
    return [message for message in mail.outbox if message.to == [patient.email]]


@pytest.mark.django_db(transaction=True)
def test_a_reminder_reaches_the_phone_encrypted_and_names_no_health_matter(
    patient_pat, notifications_on
):
    reminder_at_nine(patient_pat, Channel.NOTIFICATION)
    phone = turn_on_notifications(patient_pat, notifications_on)

    run_worker_at_noon()

    [request] = notifications_on.received
    assert request.path == "/push/phone"
    assert request.headers["content-encoding"] == "aes128gcm"
    # Only the phone can read it: the body is not the text in the clear...
    assert b"check-in" not in request.body
    message = json.loads(phone.decrypt(request.body))
    # ...and the phone reads exactly the one reminder text.
    assert message == {
        "title": "Clearhead",
        "body": "Time for your daily check-in. It takes a minute.",
        "url": "/recovery/check-in/",
        "tag": "clearhead-reminder",
    }
    # Signed with the deployment's key, which browsers subscribed with.
    assert Vapid02.verify(request.headers["authorization"])
    assert f"k={VAPID_PUBLIC_KEY}" in request.headers["authorization"]
    assert request.headers["ttl"] == str(push.REMINDER_TTL_SECONDS)
    assert request.headers["topic"] == "checkin-reminder"
    assert emails_to(patient_pat) == []  # she chose the notification only


@pytest.mark.django_db(transaction=True)
def test_a_patient_who_chose_email_gets_no_push(patient_pat, notifications_on):
    # Notifications were turned on in a browser once, but she chose e-mail.
    reminder_at_nine(patient_pat, Channel.EMAIL)
    turn_on_notifications(patient_pat, notifications_on)

    run_worker_at_noon()

    assert notifications_on.received == []
    [email] = emails_to(patient_pat)
    assert "/recovery/check-in/" in email.body


@pytest.mark.django_db(transaction=True)
def test_both_sends_the_email_and_a_notification_to_every_phone(
    patient_pat, patient_pia, notifications_on
):
    reminder_at_nine(patient_pat, Channel.BOTH)
    turn_on_notifications(patient_pat, notifications_on, "phone")
    turn_on_notifications(patient_pat, notifications_on, "tablet")
    reminder_at_nine(patient_pia, Channel.EMAIL)
    turn_on_notifications(patient_pia, notifications_on, "pias-phone")

    run_worker_at_noon()

    assert sorted(r.path for r in notifications_on.received) == [
        "/push/phone",
        "/push/tablet",
    ]
    assert len(emails_to(patient_pat)) == 1
    assert len(emails_to(patient_pia)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_phone_that_unsubscribed_is_forgotten_and_email_takes_over(
    patient_pat, notifications_on
):
    reminder_at_nine(patient_pat, Channel.NOTIFICATION)
    turn_on_notifications(patient_pat, notifications_on, "old-phone")
    notifications_on.answers["/push/old-phone"] = 410  # Gone

    run_worker_at_noon()

    assert not PushSubscription.objects.filter(patient=patient_pat).exists()
    assert len(emails_to(patient_pat)) == 1  # the reminder still came


@pytest.mark.django_db(transaction=True)
def test_a_push_service_in_trouble_keeps_the_phone_and_email_takes_over(
    patient_pat, notifications_on
):
    reminder_at_nine(patient_pat, Channel.NOTIFICATION)
    turn_on_notifications(patient_pat, notifications_on)
    notifications_on.answers["/push/phone"] = 503

    run_worker_at_noon()

    assert PushSubscription.objects.filter(patient=patient_pat).count() == 1
    assert len(emails_to(patient_pat)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_notification_with_no_phone_turned_on_comes_by_email(
    patient_pat, notifications_on
):
    reminder_at_nine(patient_pat, Channel.NOTIFICATION)

    run_worker_at_noon()

    assert notifications_on.received == []
    assert len(emails_to(patient_pat)) == 1


@pytest.mark.django_db(transaction=True)
def test_without_a_vapid_key_reminders_go_by_email(
    patient_pat, notifications_on, settings
):
    reminder_at_nine(patient_pat, Channel.BOTH)
    turn_on_notifications(patient_pat, notifications_on)
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = ""  # the operator removed it

    run_worker_at_noon()

    assert notifications_on.received == []
    assert len(emails_to(patient_pat)) == 1
