from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhead.accounts.models import STAFF_ROLES, ApiToken, Invitation, User


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    """Return the user's own tokens, newest first, revoked ones included."""
    return ApiToken.objects.filter(user=user)


def api_token_get_for_user(*, user: User, public_id) -> ApiToken | None:
    """Return one of the user's own tokens; another person's token is None."""
    return ApiToken.objects.filter(user=user, public_id=public_id).first()


def invitation_list_pending() -> QuerySet[Invitation]:
    """Return invitations that have been neither accepted nor revoked."""
    return (
        Invitation.objects.filter(accepted_at=None, revoked_at=None)
        .exclude(email="")
        .select_related("invited_by")
    )


def staff_list() -> QuerySet[User]:
    """Clinicians and administrators, each with `two_factor_on`, by e-mail."""
    return (
        User.objects.filter(role__in=STAFF_ROLES, is_active=True)
        .annotate(
            two_factor_on=Exists(
                TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
            )
        )
        .order_by("email")
    )


def staff_get(*, public_id) -> User | None:
    """One active clinician or administrator, or None."""
    return User.objects.filter(
        role__in=STAFF_ROLES, is_active=True, public_id=public_id
    ).first()
