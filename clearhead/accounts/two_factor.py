"""Two-factor sign-in with an authenticator app (TOTP) and recovery codes."""

import base64
import secrets

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhead.accounts.models import Role
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record

RECOVERY_CODES = 10
STAFF_ROLES = {Role.CLINICIAN, Role.ADMIN}


def requires_two_factor(user) -> bool:
    """Staff always (when the deployment requires it); others once they turn it on."""
    if not user.is_authenticated:
        return False
    if user.role in STAFF_ROLES and settings.CLEARHEAD_REQUIRE_STAFF_2FA:
        return True
    return user_has_device(user)


def totp_device_start(*, actor) -> TOTPDevice:
    """A new, unconfirmed authenticator for the actor, replacing any unconfirmed one."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
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
    """Confirm the device with a first code; return new recovery codes, or None."""
    if device.user_id != actor.pk or not device.verify_token(
        token.strip().replace(" ", "")
    ):
        return None
    TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=actor).delete()
    recovery = StaticDevice.objects.create(user=actor, name="Recovery codes")
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=recovery, token=code) for code in codes
    )
    audit_record(actor=actor, action=AuditAction.TWO_FACTOR_ENABLED, subject=actor)
    return codes


def verify_token(*, user, token: str):
    """The device that accepts this code (an app code or a recovery code), or None."""
    token = token.strip().replace(" ", "")
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None
