"""Reminder notifications: the text, the keys, the push services we send to,
turning them on and off (API, sign-out, quick exit), the settings page and
`clearhead vapid-keys`."""

import base64
import io
import json
import re
import stat
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from clearhead.audit.actions import AuditAction
from clearhead.config.settings import _vapid_private_key, _vapid_subject
from clearhead.recovery import closing, push, services
from clearhead.recovery.models import PushSubscription, RecoveryProfile
from clearhead.recovery.tests.conftest import VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY
from clearhead.recovery.tests.push_helpers import BrowserKeys
from clearhead.testing import assert_audited

URL = "/api/v1/me/push-subscription"
FCM = "https://fcm.googleapis.com/fcm/send/abc123"
# Words a notification on a lock screen must never show.
HEALTH_WORDS = (
    "ketamine",
    "drug",
    "drugs",
    "health",
    "recovery",
    "sober",
    "craving",
    "addiction",
    "treatment",
    "relapse",
    "clinic",
    "therapy",
    "mood",
    "use",
    "using",
)


def decoded(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# The message and the keys ---------------------------------------------------


def test_the_reminder_names_no_drug_and_no_health_matter():
    """What the phone shows, on a locked screen too: the title and the text."""
    message = push.reminder_message()
    shown = f"{message['title']} {message['body']}"
    assert shown == "Clearhead Time for your daily check-in. It takes a minute."
    assert set(re.findall(r"[a-z]+", shown.lower())).isdisjoint(HEALTH_WORDS)
    # A tap opens the check-in (the address is not shown).
    assert message["url"] == reverse("recovery:checkin")


def test_generated_keys_are_a_p256_pair_browsers_accept(settings):
    private_key, public_key = push.vapid_keys_generate()
    assert len(decoded(private_key)) == 32
    point = decoded(public_key)
    assert len(point) == 65  # an uncompressed P-256 point
    assert point[0] == 4
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = private_key
    assert push.vapid_public_key() == public_key  # derived, never set twice


def test_without_a_key_notifications_are_not_offered(settings):
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = ""
    assert not push.notifications_available()
    assert push.vapid_public_key() == ""


@pytest.mark.parametrize(
    ("endpoint", "allowed"),
    [
        ("https://fcm.googleapis.com/fcm/send/abc", True),
        ("https://updates.push.services.mozilla.com/wpush/v2/abc", True),
        ("https://web.push.apple.com/QGx", True),
        ("https://wns2-par02p.notify.windows.com/w/?token=abc", True),
        ("http://fcm.googleapis.com/fcm/send/abc", False),  # not encrypted
        ("https://fcm.googleapis.com:8443/fcm/send/abc", False),
        ("https://fcm.googleapis.com.evil.example/abc", False),
        ("https://push.apple.com.evil.example/abc", False),
        ("https://evilpush.apple.com/abc", False),
        ("https://169.254.169.254/latest/meta-data", False),
        ("http://127.0.0.1:8000/admin/", False),
        ("not a url", False),
        ("https://[fcm.googleapis.com/abc", False),
        ("https://fcm.googleapis.com:99999/abc", False),
        ("https://fcm.googleapis.com/a\x00b", False),
        ("", False),
    ],
)
def test_only_the_browsers_push_services_are_sent_to(endpoint, allowed):
    assert push.push_service_allowed(endpoint) is allowed


def test_a_local_push_service_is_allowed_only_by_its_exact_origin(settings):
    settings.CLEARHEAD_PUSH_SERVICES = ["http://127.0.0.1:8123"]
    assert push.push_service_allowed("http://127.0.0.1:8123/push/a")
    assert not push.push_service_allowed("http://127.0.0.1:8124/push/a")
    assert not push.push_service_allowed("https://fcm.googleapis.com/fcm/send/a")


def test_keys_that_are_not_a_browsers_are_refused():
    browser = BrowserKeys()
    good = {"endpoint": FCM, "p256dh": browser.p256dh, "auth": browser.auth}
    push.subscription_check(**good)
    for field, value in [
        ("p256dh", browser.auth),  # 16 bytes, not a point
        ("p256dh", "A" * 87),  # 65 bytes, not on the curve
        ("p256dh", "not base64!"),
        ("auth", browser.p256dh),
        ("auth", ""),
    ]:
        with pytest.raises(ValidationError) as refused:
            push.subscription_check(**good | {field: value})
        assert field in refused.value.message_dict


@pytest.mark.parametrize(
    "raw",
    [
        "short",
        VAPID_PRIVATE_KEY + "AAAA",
        "!" * 43,
        VAPID_PUBLIC_KEY,
        "A" * 43,
        "_" * 43,
    ],
    ids=["short", "too long", "not base64", "the public key", "zero", "too big"],
)
def test_a_wrong_private_key_stops_start_up_without_showing_it(raw):
    with pytest.raises(ImproperlyConfigured) as stopped:
        _vapid_private_key(raw)
    assert raw not in str(stopped.value)


def test_the_subject_must_be_an_address_push_services_can_reach():
    assert _vapid_subject("") == "mailto:no-reply@localhost"  # DEFAULT_FROM_EMAIL
    assert _vapid_subject("https://clearhead.example.org") == (
        "https://clearhead.example.org"
    )
    with pytest.raises(ImproperlyConfigured):
        _vapid_subject("ops@example.org")


# clearhead vapid-keys -----------------------------------------------------


def test_vapid_keys_prints_the_settings_to_set(settings):
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = ""
    out, err = io.StringIO(), io.StringIO()
    call_command("vapid-keys", stdout=out, stderr=err)
    printed = out.getvalue()
    key = re.search(r"^CLEARHEAD_VAPID_PRIVATE_KEY=(\S+)$", printed, re.M).group(1)
    assert _vapid_private_key(key) == key  # what settings accept
    assert "CLEARHEAD_VAPID_SUBJECT=mailto:no-reply@localhost" in printed
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = key
    assert push.vapid_public_key() in printed
    assert err.getvalue() == ""


def test_vapid_keys_writes_a_private_file_and_never_replaces_one(tmp_path, settings):
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = VAPID_PRIVATE_KEY
    path = tmp_path / "vapid_key"
    out, err = io.StringIO(), io.StringIO()
    call_command("vapid-keys", key_file=path, stdout=out, stderr=err)
    key = path.read_text().strip()
    assert _vapid_private_key(key) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"CLEARHEAD_VAPID_PRIVATE_KEY_FILE={path}" in out.getvalue()
    assert key not in out.getvalue()
    assert "notifications stop on every phone" in err.getvalue()  # one was set
    with pytest.raises(CommandError, match="exists already"):
        call_command("vapid-keys", key_file=path, stdout=io.StringIO())
    assert path.read_text().strip() == key


# Turning notifications on and off -----------------------------------------


@pytest.fixture
def fcm_on(settings):
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = VAPID_PRIVATE_KEY
    return settings


def put(client, body):
    return client.put(URL, json.dumps(body), content_type="application/json")


def delete(client, endpoint):
    return client.delete(
        URL, json.dumps({"endpoint": endpoint}), content_type="application/json"
    )


def test_a_patient_turns_notifications_on_and_off_for_a_browser(
    client, patient_pat, fcm_on
):
    client.force_login(patient_pat)
    browser = BrowserKeys()
    response = put(client, browser.subscription(FCM))
    assert response.status_code == 200
    assert response.json() == {"notifications_on": True}
    saved = PushSubscription.objects.get(patient=patient_pat)
    assert (saved.endpoint, saved.p256dh, saved.auth) == (
        FCM,
        browser.p256dh,
        browser.auth,
    )
    event = assert_audited(
        action=AuditAction.NOTIFICATIONS_TURNED_ON,
        actor=patient_pat,
        patient=patient_pat,
    )
    assert event.extra == {"push_service": "fcm.googleapis.com"}  # no address
    # The page sends it again on every visit: still one.
    assert put(client, browser.subscription(FCM)).status_code == 200
    assert PushSubscription.objects.count() == 1

    response = delete(client, FCM)
    assert response.json() == {"notifications_on": False}
    assert not PushSubscription.objects.exists()
    assert_audited(action=AuditAction.NOTIFICATIONS_TURNED_OFF, actor=patient_pat)
    assert delete(client, FCM).status_code == 200  # again: nothing to do


def test_the_csrf_token_is_needed_with_a_session(patient_pat, fcm_on):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient_pat)
    assert put(client, BrowserKeys().subscription(FCM)).status_code == 403
    assert not PushSubscription.objects.exists()


def test_only_patients_turn_notifications_on(
    client, clinician_casey, supporter_sam, fcm_on
):
    subscription = BrowserKeys().subscription(FCM)
    assert put(client, subscription).status_code == 401
    for person in (clinician_casey, supporter_sam):
        client.force_login(person)
        assert put(client, subscription).status_code == 403
    assert not PushSubscription.objects.exists()


def test_a_browser_signed_in_by_someone_else_moves_to_them(
    client, patient_pat, patient_pia, fcm_on
):
    client.force_login(patient_pat)
    put(client, BrowserKeys().subscription(FCM))
    client.force_login(patient_pia)
    put(client, BrowserKeys().subscription(FCM))
    assert PushSubscription.objects.get().patient == patient_pia


def test_no_one_turns_off_another_patients_notifications(
    client, patient_pat, patient_pia, fcm_on
):
    client.force_login(patient_pat)
    put(client, BrowserKeys().subscription(FCM))
    client.force_login(patient_pia)
    assert delete(client, FCM).status_code == 200
    assert PushSubscription.objects.get().patient == patient_pat


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"endpoint": "https://169.254.169.254/latest"}, "endpoint"),
        ({"endpoint": "http://fcm.googleapis.com/fcm/send/a"}, "endpoint"),
        ({"keys": {"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "p256dh"),
        ({"keys": {"p256dh": "AAAA"}}, "keys.auth"),
        ({"endpoint": "https://fcm.googleapis.com/" + "a" * 2000}, "endpoint"),
        ({"endpoint": "https://fcm.googleapis.com/a\x00b"}, "endpoint"),
        ({"endpoint": "https://[fcm.googleapis.com/a"}, "endpoint"),
        ({"extra": 1}, "extra"),
    ],
)
def test_a_bad_subscription_is_a_clear_422(client, patient_pat, fcm_on, change, field):
    client.force_login(patient_pat)
    response = put(client, BrowserKeys().subscription(FCM) | change)
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not PushSubscription.objects.exists()


def test_no_subscription_is_taken_where_notifications_are_not_set_up(
    client, patient_pat, settings
):
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = ""
    client.force_login(patient_pat)
    response = put(client, BrowserKeys().subscription(FCM))
    assert response.status_code == 422
    assert "not set up" in response.json()["errors"][0]["message"]


def test_sign_out_forgets_the_browser_this_session_turned_on(
    client, patient_pat, fcm_on
):
    client.force_login(patient_pat)
    put(client, BrowserKeys().subscription(FCM))
    put(client, BrowserKeys().subscription(FCM + "-tablet"))  # later, elsewhere?
    client.post(reverse("accounts:logout"))
    # This session's latest browser is forgotten; the other stays until its
    # own sign-out (or its push service says it is gone).
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [FCM]


def test_sign_out_forgets_the_browser_the_form_names(client, patient_pat, fcm_on):
    services.push_subscription_save(
        actor=patient_pat, endpoint=FCM, **BrowserKeys().subscription(FCM)["keys"]
    )  # turned on in an earlier session
    client.force_login(patient_pat)
    client.post(reverse("accounts:logout"), {"push_endpoint": FCM})
    assert not PushSubscription.objects.exists()
    assert_audited(action=AuditAction.NOTIFICATIONS_TURNED_OFF, actor=patient_pat)


def test_sign_out_never_forgets_another_accounts_browser(
    client, patient_pat, patient_pia, fcm_on
):
    services.push_subscription_save(
        actor=patient_pia, endpoint=FCM, **BrowserKeys().subscription(FCM)["keys"]
    )
    client.force_login(patient_pat)
    client.post(reverse("accounts:logout"), {"push_endpoint": FCM})
    assert PushSubscription.objects.get().patient == patient_pia


def test_quick_exit_forgets_the_browser_this_session_turned_on(
    client, patient_pat, fcm_on
):
    client.force_login(patient_pat)
    put(client, BrowserKeys().subscription(FCM))
    client.get(reverse("core:quick_exit"))
    assert not PushSubscription.objects.exists()


@pytest.mark.clock  # closing reads the clock
def test_closing_the_account_forgets_every_browser(client, patient_pat, fcm_on):
    services.push_subscription_save(
        actor=patient_pat, endpoint=FCM, **BrowserKeys().subscription(FCM)["keys"]
    )
    patient_pat.set_password("a long enough password")
    patient_pat.save()
    closing.account_close(actor=patient_pat, password="a long enough password")
    assert not PushSubscription.objects.exists()


# The settings page ------------------------------------------------------------


def profile_form(**changes) -> dict:
    return {
        "stop_date": "2026-11-01",
        "time_zone": "Europe/London",
        "reminder_time": "20:30",
        "reminder_channel": "notification",
    } | changes


def test_the_page_offers_notifications_only_where_they_are_set_up(
    client, patient_pat, settings
):
    client.force_login(patient_pat)
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = ""
    page = client.get(reverse("recovery:profile")).content.decode()
    assert "How should we remind you?" not in page
    assert "data-push-key" not in page
    assert "push-settings.js" not in page

    settings.CLEARHEAD_VAPID_PRIVATE_KEY = VAPID_PRIVATE_KEY
    page = client.get(reverse("recovery:profile")).content.decode()
    assert "How should we remind you?" in page
    assert f'data-push-key="{VAPID_PUBLIC_KEY}"' in page
    assert "Turn on notifications on this phone" in page
    assert "push-settings.js" in page


def test_the_patient_chooses_how_to_be_reminded(client, patient_pat, fcm_on):
    client.force_login(patient_pat)
    response = client.post(reverse("recovery:profile"), profile_form())
    assert response.status_code == 302, response.context["form"].errors
    profile = RecoveryProfile.objects.get(patient=patient_pat)
    assert profile.reminder_channel == RecoveryProfile.ReminderChannel.NOTIFICATION
    page = client.get(reverse("recovery:profile")).content.decode()
    assert re.search(r'value="notification"[^>]*checked', page)


def test_a_new_profile_is_reminded_by_email_unless_it_chooses(
    client, patient_pat, fcm_on
):
    client.force_login(patient_pat)
    page = client.get(reverse("recovery:profile")).content.decode()
    assert re.search(r'value="email"[^>]*checked', page)


def test_a_made_up_choice_is_a_form_error(client, patient_pat, fcm_on):
    client.force_login(patient_pat)
    response = client.post(
        reverse("recovery:profile"), profile_form(reminder_channel="pigeon")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not RecoveryProfile.objects.exists()


def test_saving_where_notifications_are_not_offered_keeps_the_choice(
    client, patient_pat, settings
):
    services.recovery_profile_save(
        actor=patient_pat,
        stop_date=date(2026, 11, 1),
        time_zone="UTC",
        reminder_channel=RecoveryProfile.ReminderChannel.BOTH,
    )
    settings.CLEARHEAD_VAPID_PRIVATE_KEY = ""  # turned off by the operator since
    client.force_login(patient_pat)
    client.post(reverse("recovery:profile"), profile_form(reminder_channel=""))
    profile = RecoveryProfile.objects.get(patient=patient_pat)
    assert profile.reminder_channel == RecoveryProfile.ReminderChannel.BOTH
