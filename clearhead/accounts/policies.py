"""Who may do what with accounts."""


def can_manage_users(actor) -> bool:
    """Administrators invite clinicians and administrators and manage accounts."""
    return bool(actor and actor.is_authenticated and actor.is_admin)
