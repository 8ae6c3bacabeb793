from clearhead.accounts.models import Role


def can_save_own_results(actor) -> bool:
    """Only people in recovery keep self-assessment results in their account."""
    return bool(actor and actor.is_authenticated and actor.role == Role.PATIENT)
