"""Two-factor sign-in with an authenticator app (TOTP) and recovery codes."""

import base64
import secrets

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhead.accounts import emails
from clearhead.accounts.models import User
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record

RECOVERY_CODES = 10


def requires_two_factor(user) -> bool:
    """Staff always (when the deployment requires it); others once they turn it on."""
    if not user.is_authenticated:
        return False
    if user.has_staff_role and settings.CLEARHEAD_REQUIRE_STAFF_2FA:
        return True
    return user_has_device(user)


def has_confirmed_device(user) -> bool:
    """Whether two-step sign-in is on: an authenticator has been confirmed."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_is_verified(user) -> bool:
    """Whether this request's user passed a second factor (set by django-otp)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def may_enrol(user) -> bool:
    """A new authenticator needs a verified session once one is confirmed.

    Otherwise the password alone would be enough to swap the owner's
    authenticator for the attacker's (issue 13, finding 1).
    """
    return session_is_verified(user) or not has_confirmed_device(user)


@transaction.atomic
def totp_device_start(*, actor) -> TOTPDevice:
    """The actor's pending (unconfirmed) authenticator, made if there is none.

    Visiting set-up again shows the same secret rather than piling up
    devices. Refused to a session that has passed only the password when an
    authenticator is already confirmed: that session may only verify.
    """
    if not may_enrol(actor):
        raise PermissionDenied("Enter a code from your authenticator first.")
    pending = list(
        TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk")
    )
    if pending:
        TOTPDevice.objects.filter(pk__in=[d.pk for d in pending[1:]]).delete()
        return pending[0]
    return TOTPDevice.objects.create(
        user=actor, name="Authenticator app", confirmed=False
    )


def setup_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// link as an SVG data URI (drawn here; nothing fetched)."""
    return segno.make(device.config_url, error="m").svg_data_uri(
        scale=4, dark="#1b1f23"
    )


def setup_secret(device: TOTPDevice) -> str:
    """The secret in base32, for typing into an app by hand."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def totp_device_confirm(*, actor, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code; return new recovery codes, or None.

    Replacing a confirmed authenticator (only from a verified session) is
    audited as TWO_FACTOR_REPLACED and e-mailed to the owner; a first one is
    TWO_FACTOR_ENABLED. Either way every other session of the owner's ends
    (`session_epoch`): one let in on the password alone while two-step
    sign-in was off must not stay in once it is on. The caller keeps its own
    session with `update_session_auth_hash`.
    """
    if not may_enrol(actor):
        raise PermissionDenied("Enter a code from your authenticator first.")
    if (
        device.user_id != actor.pk
        or device.confirmed
        or not device.verify_token(token.strip().replace(" ", ""))
    ):
        return None
    replaced = TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(
        pk=device.pk
    )
    replacing = replaced.exists()
    replaced.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    User.objects.filter(pk=actor.pk).update(session_epoch=F("session_epoch") + 1)
    actor.refresh_from_db(fields=["session_epoch"])
    codes = _new_recovery_codes(actor)
    if replacing:
        audit_record(actor=actor, action=AuditAction.TWO_FACTOR_REPLACED, subject=actor)
        transaction.on_commit(
            lambda: emails.send_two_factor_changed(user=actor, change="replaced")
        )
    else:
        audit_record(actor=actor, action=AuditAction.TWO_FACTOR_ENABLED, subject=actor)
    return codes


def _new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working); return the new."""
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=recovery, token=code) for code in codes
    )
    return codes


def confirmed_app(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def may_renew_codes(user) -> bool:
    """New recovery codes need two-step sign-in on and a session that passed it."""
    return has_confirmed_device(user) and session_is_verified(user)


@transaction.atomic
def recovery_codes_renew(*, actor, token: str) -> list[str] | None:
    """New recovery codes, after a fresh code from the authenticator app; or None.

    The person proves again that they hold the authenticator (a recovery
    code is not enough: it is one of what is being replaced), in a session
    that has passed two-step sign-in. Every old code stops working. Audited
    as RECOVERY_CODES_RENEWED and e-mailed to the owner. A session let in by
    a recovery code loses its device here: the caller marks it verified by
    the app just checked (`django_otp.login(request, confirmed_app(actor))`).
    """
    if not may_renew_codes(actor):
        raise PermissionDenied("Two-step sign-in must be on, and entered.")
    token = token.strip().replace(" ", "")
    app = confirmed_app(actor)
    if app is None or not app.verify_token(token):
        return None
    codes = _new_recovery_codes(actor)
    audit_record(actor=actor, action=AuditAction.RECOVERY_CODES_RENEWED, subject=actor)
    transaction.on_commit(
        lambda: emails.send_two_factor_changed(user=actor, change="codes")
    )
    return codes


def verify_token(*, user, token: str):
    """The device that accepts this code (an app code or a recovery code), or None."""
    token = token.strip().replace(" ", "")
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None
