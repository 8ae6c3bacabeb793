"""Who may do what with accounts."""

from clearhead.accounts.models import may_register_itself


def can_manage_users(actor) -> bool:
    """Administrators invite clinicians and administrators and manage accounts."""
    return bool(actor and actor.is_authenticated and actor.is_admin)


def can_change_own_role(actor) -> bool:
    """Whether `actor` may switch between the two roles people choose themselves.

    Only a patient or a supporter (the roles of `SELF_REGISTRATION_ROLES`)
    may, and only while their account holds no health data
    (`selectors.role_change_allowed` adds that part).
    """
    return bool(
        actor
        and actor.is_authenticated
        and actor.is_active
        and may_register_itself(actor.role)
    )
