"""Reminder notifications through Web Push: the keys, the message, sending.

A patient who chose a notification for their daily check-in reminder
(`RecoveryProfile.reminder_channel`) turns notifications on in each browser
they want them in; the browser's push service gives it an address
(`PushSubscription.endpoint`) and keys. The worker sends the reminder there,
encrypted to those keys (RFC 8291, aes128gcm) and signed with the
deployment's VAPID key (RFC 8292), through pywebpush.

The operator makes the VAPID key once with `clearhead vapid-keys` and sets
CLEARHEAD_VAPID_PRIVATE_KEY (README, "Reminder notifications"). Without it,
reminders go by e-mail only and no page offers notifications. Browsers get
the public half (`vapid_public_key`) from the reminder settings page.

Public to the recovery app's views, API, services and worker only.
"""

import base64
import functools
import json
import logging
from enum import StrEnum
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

logger = logging.getLogger(__name__)

# A notification shows on a locked screen, where anyone near the phone can
# read it: the one text of a reminder names no drug, no health matter and
# nothing the patient answered. (recovery/tests/test_push.py holds it to that.)
REMINDER_TITLE = "Clearhead"
REMINDER_BODY = gettext_lazy("Time for your daily check-in. It takes a minute.")
# A newer reminder replaces an older one still showing (the notification's
# tag) or still waiting at the push service (the Topic header).
REMINDER_TAG = "clearhead-reminder"
REMINDER_TOPIC = "checkin-reminder"
# A reminder the phone could not get within 4 hours (switched off, no
# signal) is dropped by the push service: by then the evening has moved on.
REMINDER_TTL_SECONDS = 4 * 60 * 60
SEND_TIMEOUT_SECONDS = 10


class Delivery(StrEnum):
    """What became of one notification."""

    SENT = "sent"  # the push service took it
    GONE = "gone"  # the browser unsubscribed (404, 410): forget the address
    FAILED = "failed"  # refused or unreachable this time: try again tomorrow


def reminder_message() -> dict:
    """The reminder notification's payload, as the service worker reads it:
    {"title", "body", "url" (a path of ours), "tag"}."""
    return {
        "title": REMINDER_TITLE,
        "body": str(REMINDER_BODY),
        "url": reverse("recovery:checkin"),
        "tag": REMINDER_TAG,
    }


def notifications_available() -> bool:
    """Whether this deployment can send notifications (a VAPID key is set)."""
    return bool(settings.CLEARHEAD_VAPID_PRIVATE_KEY)


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def vapid_keys_generate() -> tuple[str, str]:
    """A new VAPID key pair as (private key, public key), base64url: the
    private key is the raw 32-byte P-256 scalar CLEARHEAD_VAPID_PRIVATE_KEY
    takes, the public key the uncompressed point browsers are given."""
    vapid = Vapid()
    vapid.generate_keys()
    scalar = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    return _b64url(scalar), _public_key_of(vapid)


def _public_key_of(vapid: Vapid) -> str:
    return _b64url(
        vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )


@functools.lru_cache(maxsize=4)
def _vapid(private_key: str) -> Vapid:
    return Vapid.from_raw(private_key.encode("ascii"))


def vapid_public_key() -> str:
    """The application server key browsers subscribe with (base64url), or ""
    when notifications are not set up."""
    if not notifications_available():
        return ""
    return _public_key_of(_vapid(settings.CLEARHEAD_VAPID_PRIVATE_KEY))


def push_service_allowed(endpoint: str) -> bool:
    """Whether `endpoint` is at a push service we send to.

    The worker posts to whatever address a browser handed over, so only the
    browsers' own push services are accepted (CLEARHEAD_PUSH_SERVICES): an
    entry "host" means https://host, ".domain" any https host under it, and
    "scheme://host:port" exactly that origin (a test's local push service).
    """
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        https = parts.scheme == "https" and parts.port in (None, 443)
    except ValueError:  # "https://[x", "https://host:99999"
        return False
    if not host or not endpoint.isprintable() or " " in endpoint:
        return False
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    for entry in (entry.lower() for entry in settings.CLEARHEAD_PUSH_SERVICES):
        if "://" in entry:
            allowed = origin == entry.rstrip("/")
        else:
            allowed = https and (
                host == entry or (entry.startswith(".") and host.endswith(entry))
            )
        if allowed:
            return True
    return False


def subscription_check(*, endpoint: str, p256dh: str, auth: str) -> None:
    """Refuse what no browser would hand over, before it is stored.

    Raises ValidationError naming the field: an endpoint at a push service
    we do not send to, a p256dh that is not a P-256 public key, an auth
    secret that is not 16 bytes.
    """
    if not push_service_allowed(endpoint):
        raise ValidationError(
            {
                "endpoint": gettext(
                    "This browser's notification service is not one we can use."
                )
            }
        )
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), _b64url_decode(p256dh)
        )
    except (ValueError, TypeError):
        raise ValidationError(
            {"p256dh": gettext("This is not a browser's public key.")}
        ) from None
    try:
        secret = _b64url_decode(auth)
    except ValueError:
        secret = b""
    if len(secret) != 16:
        raise ValidationError({"auth": gettext("This is not a browser's secret.")})


def push_send(subscription, message: dict) -> Delivery:
    """Encrypt `message` (JSON) to one `PushSubscription` and send it.

    Never raises for the push service's answer or the network: a refusal or
    a timeout is FAILED (logged with the push service's host and the status,
    never the address, which identifies the browser), 404 and 410 are GONE.
    """
    host = urlsplit(subscription.endpoint).hostname or "?"
    if not notifications_available() or not push_service_allowed(subscription.endpoint):
        return Delivery.FAILED
    try:
        webpush(
            subscription.as_webpush(),
            data=json.dumps(message),
            vapid_private_key=_vapid(settings.CLEARHEAD_VAPID_PRIVATE_KEY),
            # pywebpush adds "aud" and "exp" to the dict it is given: a new one.
            vapid_claims={"sub": settings.CLEARHEAD_VAPID_SUBJECT},
            ttl=REMINDER_TTL_SECONDS,
            timeout=SEND_TIMEOUT_SECONDS,
            headers={"Topic": REMINDER_TOPIC, "Urgency": "normal"},
        )
    except WebPushException as error:
        if error.status_code in (404, 410):
            return Delivery.GONE
        logger.warning(
            "Push service %s refused a notification (%s)", host, error.status_code
        )
        return Delivery.FAILED
    except requests.RequestException as error:
        logger.warning("Push service %s unreachable (%s)", host, type(error).__name__)
        return Delivery.FAILED
    return Delivery.SENT
