"""Who may do what with accounts."""

from clearhead.accounts.models import Role


def can_manage_users(actor) -> bool:
    """Administrators invite clinicians and administrators and manage accounts."""
    return bool(actor and actor.is_authenticated and actor.role == Role.ADMIN)
