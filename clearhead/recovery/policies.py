from clearhead.accounts.models import Role


def is_patient(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.role == Role.PATIENT)


def can_view_checkins(actor, patient) -> bool:
    """Patients see their own check-ins; care teams arrive with the clinic app."""
    return is_patient(actor) and actor.pk == patient.pk
