from clearhead.care import policy


def can_save_own_results(actor) -> bool:
    """Only people in recovery keep self-assessment results in their account."""
    return policy.is_patient(actor)
