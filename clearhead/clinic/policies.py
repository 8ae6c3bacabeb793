"""Who in a program may see and do what. Reads are scoped here, in one place.

A clinician sees a patient only while both hold: they are on the care team
of the patient's active enrollment, and they are a current member of that
enrollment's program. Every path to a patient (caseload, patient pages,
records, calendar, FHIR export) goes through `enrollments_visible_to`, so
ending a membership stops access everywhere at once.
"""

from django.db.models import Exists, OuterRef, QuerySet

from clearhead.accounts.models import Role, User
from clearhead.care.models import Enrollment, Program, ProgramMembership


def is_clinician(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.role == Role.CLINICIAN)


def is_admin(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.role == Role.ADMIN)


def can_manage_programs(actor) -> bool:
    """Administrators create programs and add and remove their clinicians."""
    return is_admin(actor)


def current_memberships(actor) -> QuerySet[ProgramMembership]:
    """The clinician's memberships that have not ended."""
    if not is_clinician(actor):
        return ProgramMembership.objects.none()
    return ProgramMembership.objects.filter(clinician=actor, ended_at=None)


def programs_of(actor) -> QuerySet[Program]:
    """The programs the clinician is a current member of."""
    return Program.objects.filter(
        pk__in=current_memberships(actor).values("program_id")
    )


def can_invite_to(actor, program: Program) -> bool:
    return current_memberships(actor).filter(program=program).exists()


def enrollments_visible_to(actor) -> QuerySet[Enrollment]:
    """Active enrollments on the clinician's care teams, in their current programs."""
    if not is_clinician(actor):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(
        Exists(current_memberships(actor).filter(program=OuterRef("program"))),
        status=Enrollment.Status.ACTIVE,
        care_team=actor,
    )


def current_care_team(enrollment: Enrollment) -> QuerySet[User]:
    """The enrollment's care team as it stands: those still members of its program.

    A clinician whose membership ended stays on `care_team` (history), but is
    neither shown to the patient as their care team nor offered as responsible.
    """
    return enrollment.care_team.filter(
        Exists(
            ProgramMembership.objects.filter(
                clinician=OuterRef("pk"), program=enrollment.program_id, ended_at=None
            )
        )
    )


def can_see_enrollment(actor, enrollment: Enrollment) -> bool:
    """Whether the clinician may read and write this enrollment's records."""
    return enrollments_visible_to(actor).filter(pk=enrollment.pk).exists()
