from django.db.models import QuerySet

from clearhead.accounts.models import ApiToken, Invitation, User


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
