from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhead.accounts import policies
from clearhead.accounts.models import STAFF_ROLES, ApiToken, Invitation, User

# Tables that point at a person but hold only their account's machinery,
# never health information: sign-in tokens and invitations, two-step sign-in
# devices, the audit log (which records pages opened and codes refused, not
# what anyone entered), and the Django admin's own log. EVERY OTHER table
# with a key to the user, in any app (now or added later), is health data to
# `user_has_health_data`: a new table counts until someone decides here, with
# a reason, that it does not. `tests/test_role_change.py` fails on a name
# here that no longer exists.
ACCOUNT_ONLY_TABLES = frozenset(
    {
        "accounts.ApiToken",
        "accounts.Invitation",
        "admin.LogEntry",
        "audit.AuditEvent",
        "otp_static.StaticDevice",
        "otp_totp.TOTPDevice",
    }
)


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


def health_data_relations() -> list[tuple[type[Model], str]]:
    """Every (model, field) of every installed app that points at a user and
    is not in ACCOUNT_ONLY_TABLES: where a person's health data can be.

    Found by asking Django's app registry, not by a list kept by hand: a
    foreign key, one-to-one or many-to-many field to the user model, in any
    app (check-ins, plans, screenings, consents, supporter links, care-team
    enrollments, flags, emergency access...). Rows that hang off one of these
    (a plan's goals, a profile's contacts) exist only under a row found here.
    """
    found = []
    for model in apps.get_models():
        if model._meta.label in ACCOUNT_ONLY_TABLES:
            continue
        for field in model._meta.get_fields():
            if (
                field.is_relation
                and not field.auto_created
                and field.related_model is User
            ):
                found.append((model, field.name))
    return found


def user_has_health_data(user: User) -> bool:
    """Whether any app holds a row about or by `user` outside their account's
    machinery: the one answer to "has this account any health data?".

    One query: an EXISTS per relation of `health_data_relations`, each
    through the model's base manager, so rows a default manager hides
    (retired, closed) count too.
    """
    relations = health_data_relations()
    if not relations:
        return False
    any_row = reduce(
        or_,
        (
            Q(Exists(model._base_manager.filter(**{name: OuterRef("pk")})))
            for model, name in relations
        ),
    )
    return User._base_manager.filter(pk=user.pk).filter(any_row).exists()


def role_change_allowed(user: User) -> bool:
    """Whether `user` may switch between patient and supporter now: they may
    choose those roles themselves (`policies.can_change_own_role`) and their
    account holds no health data yet."""
    return policies.can_change_own_role(user) and not user_has_health_data(user)
