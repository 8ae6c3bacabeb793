"""Every change to accounts, tokens and invitations goes through here.

Each function checks what it must, saves in one transaction, and writes the
audit row in that same transaction.
"""

import secrets
from datetime import timedelta

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhead.accounts import emails, policies, selectors, two_factor
from clearhead.accounts.models import (
    ApiToken,
    Invitation,
    Role,
    User,
    hash_secret,
    is_role_switch,
    is_same_role,
    may_register_itself,
    normalize_email,
)
from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.core import clock

INVITATION_LIFETIME = timedelta(days=7)
FIRST_ADMIN_LINK_LIFETIME = timedelta(hours=24)
TOKEN_USE_RECORD_INTERVAL = timedelta(minutes=5)
API_TOKEN_LIFETIME = timedelta(days=90)


def _check_email_free(email: str) -> None:
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": gettext("An account with this e-mail address already exists.")}
        )


def _new_user(*, email: str, role: str, password: str | None, display_name: str):
    """Validate and save a new user; callers write the audit row."""
    email = normalize_email(email)
    _check_email_free(email)
    user = User(email=email, role=role, display_name=display_name.strip())
    if password is not None:
        password_validation.validate_password(password, user)
    user.set_password(password)
    # Administrators hold every permission of the Django admin site.
    user.is_superuser = user.is_admin
    user.full_clean(exclude=["password"], validate_unique=False)
    user.save()
    return user


@transaction.atomic
def user_register(
    *, email: str, password: str, role: str, display_name: str = ""
) -> User:
    """Create an account for someone signing themselves up.

    Only people in recovery and supporters may register themselves;
    clinicians and administrators are invited. Audited as USER_REGISTERED.
    """
    if not may_register_itself(role):
        raise PermissionDenied(
            "Clinician and administrator accounts are by invitation."
        )
    user = _new_user(
        email=email, role=role, password=password, display_name=display_name
    )
    audit_record(actor=user, action=AuditAction.USER_REGISTERED, subject=user)
    return user


@transaction.atomic
def user_create(
    *, actor: User | None, email: str, role: str, password: str, display_name: str = ""
) -> User:
    """Create an account with a password, for an operator or administrator.

    `actor` is None when an operator runs `clearhead create-user`; otherwise
    it must be an administrator. Audited as USER_CREATED.
    """
    if actor is not None and not policies.can_manage_users(actor):
        raise PermissionDenied
    user = _new_user(
        email=email, role=role, password=password, display_name=display_name
    )
    audit_record(
        actor=actor,
        action=AuditAction.USER_CREATED,
        subject=user,
        extra={"role": role},
    )
    return user


@transaction.atomic
def profile_update(*, actor: User, display_name: str) -> User:
    """Change the signed-in person's own name. Audited as PROFILE_UPDATED."""
    actor.display_name = display_name.strip()
    actor.save(update_fields=["display_name"])
    audit_record(
        actor=actor,
        action=AuditAction.PROFILE_UPDATED,
        subject=actor,
        extra={"fields": ["display_name"]},
    )
    return actor


# Why the account type can no longer change, and what to do instead.
ROLE_LOCKED = _(
    "This account already holds information about someone's recovery (yours, "
    "or what someone shared with you), so it cannot change to another type of "
    "account now. You can create a second account with another e-mail address."
)


@transaction.atomic
def user_role_switch(*, actor: User, role: str) -> User:
    """A patient becomes a supporter, or a supporter a patient, by their own choice.

    Only while the account holds no health data
    (`selectors.user_has_health_data`, which asks every app); otherwise a
    ValidationError says why (ROLE_LOCKED). The account row is locked while
    it is checked and changed. A switch sent twice changes nothing the second
    time. Audited as ROLE_CHANGED, with both roles.
    """
    if not policies.can_change_own_role(actor):
        raise PermissionDenied
    user = User.objects.select_for_update().get(pk=actor.pk)
    if is_same_role(user.role, role):
        return user  # sent twice (a double tap): already done
    if not is_role_switch(user.role, role):
        raise PermissionDenied
    if selectors.user_has_health_data(user):
        raise ValidationError(ROLE_LOCKED)
    before = user.role
    user.role = role
    user.save(update_fields=["role"])
    audit_record(
        actor=user,
        action=AuditAction.ROLE_CHANGED,
        subject=user,
        extra={"from": before, "to": role},
    )
    actor.role = role
    return user


def _new_invitation(*, actor, email: str, role: str, lifetime: timedelta):
    raw_code = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=normalize_email(email),
        role=role,
        token_hash=hash_secret(raw_code),
        invited_by=actor,
        expires_at=clock.now() + lifetime,
    )
    audit_record(
        actor=actor,
        action=AuditAction.INVITATION_CREATED,
        subject=invitation,
        extra={"role": role},
    )
    return invitation, raw_code


@transaction.atomic
def invitation_create(*, actor: User | None, email: str, role: str) -> Invitation:
    """Invite someone to create an account with `role`, and e-mail them the link.

    `actor` is None for the operator's command line; otherwise only
    administrators may invite. Audited as INVITATION_CREATED.
    """
    if actor is not None and not policies.can_manage_users(actor):
        raise PermissionDenied
    email = normalize_email(email)
    _check_email_free(email)
    invitation, raw_code = _new_invitation(
        actor=actor, email=email, role=role, lifetime=INVITATION_LIFETIME
    )
    transaction.on_commit(
        lambda: emails.send_invitation(invitation=invitation, raw_code=raw_code)
    )
    return invitation


@transaction.atomic
def first_admin_link_create() -> str | None:
    """Return a one-time code to create the first administrator, or None.

    None once any administrator exists. Each call revokes the codes printed
    before, so only the newest link printed to the operator works.
    """
    if User.objects.filter(role=Role.ADMIN).exists():
        return None
    Invitation.objects.filter(
        role=Role.ADMIN, email="", invited_by=None, accepted_at=None, revoked_at=None
    ).update(revoked_at=clock.now())
    _invitation, raw_code = _new_invitation(
        actor=None, email="", role=Role.ADMIN, lifetime=FIRST_ADMIN_LINK_LIFETIME
    )
    return raw_code


def invitation_get_usable(raw_code: str) -> Invitation | None:
    """Return the invitation behind a code if it can still be accepted."""
    invitation = Invitation.objects.filter(token_hash=hash_secret(raw_code)).first()
    if invitation is None or not invitation.is_usable():
        return None
    return invitation


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, email: str, password: str, display_name: str = ""
) -> User:
    """Create the invited account and use up the invitation.

    The e-mail address is the one invited, except for the first-administrator
    link, which names none. Audited as INVITATION_ACCEPTED.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        raise ValidationError(
            gettext("This invitation has already been used or has expired.")
        )
    user = _new_user(
        email=invitation.email or email,
        role=invitation.role,
        password=password,
        display_name=display_name,
    )
    invitation.accepted_at = clock.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        action=AuditAction.INVITATION_ACCEPTED,
        subject=invitation,
        extra={"role": invitation.role},
    )
    return user


def api_token_allowed(user: User) -> bool:
    """Staff tokens need two-step sign-in on: a token skips the second factor."""
    return not user.has_staff_role or two_factor.has_confirmed_device(user)


@transaction.atomic
def api_token_create(
    *, actor: User, name: str, lifetime: timedelta | None = None
) -> tuple[ApiToken, str]:
    """Create a personal API token; return it with the raw token, shown once.

    It expires after `lifetime` (90 days, the most allowed, unless shorter).
    A clinician's or administrator's token needs two-step sign-in on.
    Audited as API_TOKEN_CREATED.
    """
    lifetime = API_TOKEN_LIFETIME if lifetime is None else lifetime
    if not timedelta(days=1) <= lifetime <= API_TOKEN_LIFETIME:
        raise ValidationError(
            {"lifetime": gettext("A token lasts between 1 and 90 days.")},
            code="lifetime",
        )
    if not api_token_allowed(actor):
        raise ValidationError(
            gettext("Turn on two-step sign-in before making an API token."),
            code="two_factor_required",
        )
    raw_token = "ch_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name.strip() or gettext("API token"),
        prefix=raw_token[:10],
        token_hash=hash_secret(raw_token),
        expires_at=clock.now() + lifetime,
    )
    audit_record(
        actor=actor,
        action=AuditAction.API_TOKEN_CREATED,
        subject=token,
        extra={"days": lifetime.days},
    )
    return token, raw_token


def _api_tokens_revoke_all(*, actor: User | None, user: User, reason: str) -> int:
    """Revoke every live token of `user`; one audit row each. Callers are atomic."""
    tokens = list(ApiToken.objects.filter(user=user, revoked_at=None))
    now = clock.now()
    ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(revoked_at=now)
    for token in tokens:
        audit_record(
            actor=actor,
            action=AuditAction.API_TOKEN_REVOKED,
            subject=token,
            extra={"reason": reason},
        )
    return len(tokens)


def signed_out(*, user: User) -> None:
    """Record that the person signed out (before their session ends)."""
    audit_record(actor=user, action=AuditAction.LOGGED_OUT)


def password_reset_requested() -> None:
    """Record that someone asked for a reset link (not who: the address may
    not be anyone's, and an unknown person made the request)."""
    audit_record(actor=None, action=AuditAction.PASSWORD_RESET_REQUESTED)


def two_factor_verified(*, user: User) -> None:
    """Record that the person passed the second step of signing in."""
    audit_record(actor=user, action=AuditAction.TWO_FACTOR_VERIFIED)


@transaction.atomic
def password_changed(*, user: User, action: AuditAction) -> int:
    """After a password change or reset: audit it and revoke the API tokens.

    `action` is PASSWORD_CHANGED or PASSWORD_RESET_COMPLETED. Returns how
    many tokens stopped working, for the page to say so.
    """
    audit_record(actor=user, action=action)
    return _api_tokens_revoke_all(actor=user, user=user, reason=action.name.lower())


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens at once. Audited as API_TOKEN_REVOKED."""
    if token.user_id != actor.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.API_TOKEN_REVOKED, subject=token)
    return token


def api_token_authenticate(raw_token: str, *, with_user=()) -> User | None:
    """Return the active user a bearer token belongs to, or None.

    `with_user` names relations of the user to load in the same query.
    `last_used_at` is refreshed at most every few minutes, so that a busy
    client does not turn every read into a write.
    """
    token = (
        ApiToken.objects.select_related("user", *(f"user__{r}" for r in with_user))
        .annotate(
            two_factor_on=Exists(
                TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)
            )
        )
        .filter(
            token_hash=hash_secret(raw_token),
            revoked_at=None,
            expires_at__gt=clock.now(),
        )
        .order_by()
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.user.has_staff_role and not token.two_factor_on:
        return None  # staff token without two-step sign-in (turned off or reset)
    now = clock.now()
    if (
        token.last_used_at is None
        or now - token.last_used_at > TOKEN_USE_RECORD_INTERVAL
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def sessions_end_others(*, actor: User) -> int:
    """End every session of the actor's but the one that asked, and revoke
    their API tokens. Audited; returns how many tokens were revoked."""
    User.objects.filter(pk=actor.pk).update(session_epoch=models.F("session_epoch") + 1)
    actor.refresh_from_db(fields=["session_epoch"])
    audit_record(actor=actor, action=AuditAction.SESSIONS_ENDED, subject=actor)
    return _api_tokens_revoke_all(actor=actor, user=actor, reason="sessions_ended")


@transaction.atomic
def two_factor_reset(*, actor: User | None, user: User) -> None:
    """Remove someone's authenticator and recovery codes, for when both are lost.

    `actor` is an administrator in a verified session resetting another
    clinician or administrator, or None for the server's operator
    (`clearhead reset-two-factor`, e.g. for the last administrator). The
    person's sessions end and their API tokens are revoked; they set
    two-step sign-in up again at their next sign-in. Audited as
    TWO_FACTOR_RESET and e-mailed to the person.
    """
    from django_otp.plugins.otp_static.models import StaticDevice

    if actor is not None:
        if not policies.can_manage_users(actor):
            raise PermissionDenied
        if not two_factor.session_is_verified(actor):
            raise PermissionDenied("Confirm your own two-step sign-in first.")
        if not user.has_staff_role:
            raise PermissionDenied
        if user.pk == actor.pk:
            raise ValidationError(
                gettext("To replace your own authenticator, use your account settings.")
            )
    user = User.objects.select_for_update().get(pk=user.pk)
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    if not removed:
        raise ValidationError(
            gettext("%(email)s has no two-step sign-in to reset.")
            % {"email": user.email}
        )
    User.objects.filter(pk=user.pk).update(session_epoch=models.F("session_epoch") + 1)
    revoked = _api_tokens_revoke_all(actor=actor, user=user, reason="two_factor_reset")
    audit_record(
        actor=actor,
        action=AuditAction.TWO_FACTOR_RESET,
        subject=user,
        extra={"tokens_revoked": revoked},
    )
    transaction.on_commit(
        lambda: emails.send_two_factor_changed(user=user, change="reset")
    )
