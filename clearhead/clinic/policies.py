"""Who in a program may see and do what. Reads are scoped here, in one place."""

from django.db.models import QuerySet

from clearhead.accounts.models import Role
from clearhead.clinic.models import Enrollment, Program, ProgramMembership


def is_clinician(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.role == Role.CLINICIAN)


def programs_of(actor) -> QuerySet[Program]:
    if not is_clinician(actor):
        return Program.objects.none()
    return Program.objects.filter(memberships__clinician=actor)


def can_invite_to(actor, program: Program) -> bool:
    return ProgramMembership.objects.filter(program=program, clinician=actor).exists()


def enrollments_visible_to(actor) -> QuerySet[Enrollment]:
    """Active enrollments of the patients on this clinician's care teams."""
    if not is_clinician(actor):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(status=Enrollment.Status.ACTIVE, care_team=actor)
