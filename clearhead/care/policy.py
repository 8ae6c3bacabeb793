"""Who may see what of a patient's information: the one place it is decided.

A patient's information comes in kinds. Those a patient shares with a care
team (`SHARE_KINDS`: checkin_summary, checkins, plan, screenings,
contact_details, early_recovery, body_symptoms, safety_plan), the three they
let a supporter see (`SUPPORTER_KINDS`),
and `program_records`: what a program writes itself (intake, treatment plan, notes, drug tests,
appointments, scores a clinician gave), always its care team's.

* A patient sees every kind of their own information, and no one else's.
* A clinician sees a patient only through an active enrollment on whose care
  team they are, while they are a current member of its program
  (`ProgramMembership.ended_at` empty): the program's records always, the
  patient's own entries only as far as the care team's consent in force
  covers them.
* A supporter sees only what a consent in force on their (not ended) link
  grants.
* An administrator sees nothing, except every kind of one patient's
  information while an emergency access of theirs to that patient is open.

"In force" has one definition, `Consent.in_force_on(today)` with the
patient's today (`care.time_zones`): not revoked, and no end date or an end
date not yet past where the patient lives.

Every answer is computed for many patients at once in a fixed number of
queries (`visible_kinds_for`); the single-patient functions go through it.
"""

from collections.abc import Iterable
from datetime import date

from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet

from clearhead.accounts.models import User
from clearhead.breakglass.selectors import open_emergency_patients
from clearhead.care.models import (
    SHARE_KINDS,
    SUPPORTER_KINDS,
    Consent,
    Enrollment,
    Program,
    ProgramMembership,
    active_consents_q,
)
from clearhead.care.time_zones import today_for, todays_bounds, todays_for

PROGRAM_RECORDS = "program_records"
CARE_TEAM_KINDS = frozenset(SHARE_KINDS)
SUPPORTER_SHARE_KINDS = frozenset(SUPPORTER_KINDS)
ALL_KINDS = CARE_TEAM_KINDS | SUPPORTER_SHARE_KINDS | {PROGRAM_RECORDS}
NOTHING: frozenset[str] = frozenset()
# The patient's own entries a care team may also write, while it holds the
# kind: the safety plan is often written with a clinician.
WRITTEN_WITH_CARE_TEAM = frozenset({"safety_plan"})


# --- Roles ----------------------------------------------------------------


def _signed_in(actor) -> bool:
    return bool(actor and actor.is_authenticated and actor.is_active)


# Signed in, active, and the role: the role itself is `User.is_<role>`, the
# one definition of each (accounts.models).


def is_patient(actor) -> bool:
    return _signed_in(actor) and actor.is_patient


def is_clinician(actor) -> bool:
    return _signed_in(actor) and actor.is_clinician


def is_supporter(actor) -> bool:
    return _signed_in(actor) and actor.is_supporter


def is_admin(actor) -> bool:
    return _signed_in(actor) and actor.is_admin


def is_self(actor, patient) -> bool:
    """The patient themselves: their own account, their own records."""
    return is_patient(actor) and actor.pk == patient.pk


# --- Programs and care teams ----------------------------------------------


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


def can_manage_programs(actor) -> bool:
    """Administrators create programs and add and remove their clinicians."""
    return is_admin(actor)


def enrollments_visible_to(actor) -> QuerySet[Enrollment]:
    """Active enrollments on the clinician's care teams, in their current programs."""
    if not is_clinician(actor):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(
        Exists(current_memberships(actor).filter(program=OuterRef("program"))),
        status=Enrollment.Status.ACTIVE,
        care_team=actor,
    )


def can_see_enrollment(actor, enrollment: Enrollment) -> bool:
    """Whether the clinician may read and write this enrollment's records."""
    return enrollments_visible_to(actor).filter(pk=enrollment.pk).exists()


def current_care_team(enrollment: Enrollment) -> QuerySet[User]:
    """The enrollment's care team as it stands: those still members of its program.

    A clinician whose membership ended stays on `care_team` (history), but is
    neither shown to the patient as their care team nor offered as responsible.
    """
    return enrollment.care_team.filter(
        _still_member(clinician=OuterRef("pk"), program=enrollment.program_id)
    )


def enrollments_with_a_current_care_team(patient) -> QuerySet[Enrollment]:
    """The patient's active enrollments whose current care team (as in
    `current_care_team`) holds someone with an active account to tell."""
    reachable = User.objects.filter(caseload=OuterRef("pk"), is_active=True).filter(
        _still_member(clinician=OuterRef("pk"), program=OuterRef(OuterRef("program")))
    )
    return Enrollment.objects.filter(
        Exists(reachable), patient=patient, status=Enrollment.Status.ACTIVE
    )


def _still_member(*, clinician, program) -> Exists:
    """Whether `clinician` is still a member of `program` (membership not ended)."""
    return Exists(
        ProgramMembership.objects.filter(
            clinician=clinician, program=program, ended_at=None
        )
    )


# --- Consent in force -----------------------------------------------------


def _care_team_consents_in_force(today_by_enrollment: dict[int, date], **lookup):
    """The care-team consents in force, each on its patient's today. One query.

    `today_by_enrollment`: enrollment id to its patient's today; `lookup`
    narrows the consents (kinds, or single records).
    """
    if not today_by_enrollment:
        return
    earliest = min(today_by_enrollment.values())
    for consent in Consent.objects.filter(
        active_consents_q(earliest), enrollment__in=today_by_enrollment, **lookup
    ).only("enrollment_id", "kinds", "record_id", "expires_on", "revoked_at"):
        if consent.in_force_on(today_by_enrollment[consent.enrollment_id]):
            yield consent


def care_team_kinds(today_by_enrollment: dict[int, date]) -> dict[int, set[str]]:
    """What each enrollment's care team may see of the patient's own entries.

    One query; each consent checked with `Consent.in_force_on` on its
    patient's today (`today_by_enrollment`: enrollment id to that today).
    A consent to one disclosure grants no kind (`care_team_disclosures`).
    """
    kinds: dict[int, set[str]] = {pk: set() for pk in today_by_enrollment}
    for consent in _care_team_consents_in_force(today_by_enrollment, record_id=None):
        kinds[consent.enrollment_id].update(consent.kinds)
    return kinds


class _SharesAny(Func):
    """A consent's `kinds` (a JSON list) holds any of `kinds`: in SQL.

    Only a list's names count: `?|` alone would also match a bare name
    (which `care_team_kinds` reads as letters, granting nothing) or an
    object's key, `json_each` a bare name. Every writer stores a list."""

    output_field = BooleanField()

    def __init__(self, kinds):
        super().__init__(F("kinds"))
        self.kinds = sorted(kinds)

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return (
                f"(jsonb_typeof({column}) = 'array' AND {column} ?| %s)",
                [*params, *params, self.kinds],
            )
        marks = ", ".join(["%s"] * len(self.kinds))
        return (
            f"(json_type({column}) = 'array' AND EXISTS (SELECT 1 "  # noqa: S608  (no value in the text)
            f"FROM json_each({column}) AS kind WHERE kind.value IN ({marks})))",
            [*params, *params, *self.kinds],
        )


def enrollments_sharing(enrollments: QuerySet, *needs) -> list[QuerySet]:
    """For each set of kinds in `needs`: those of `enrollments` whose care
    team's consent in force shares any of them (the rule of
    `care_team_kinds`), as a query, for many enrollments at once without
    loading their consents (the conditions of `sharing_conditions`)."""
    return [enrollments.filter(q) for q in sharing_conditions(enrollments, *needs)]


def sharing_conditions(enrollments: QuerySet, *needs) -> list[Q]:
    """For each set of kinds in `needs`: the condition on an enrollment of
    `enrollments` that its care team's consent in force shares any of them,
    to filter by or to read as a flag (one pass over the enrollments for
    several needs).

    A consent in force on the latest today any patient can have now
    (`todays_bounds`) is in force on every patient's today: read in SQL. One
    that ends between the earliest and the latest (a few at most, read in one
    query) is checked on its patient's own today with `Consent.in_force_on`,
    as `care_team_kinds` checks every one.
    """
    earliest, latest = todays_bounds()
    ending = list(
        Consent.objects.filter(enrollment__in=enrollments, record_id=None)
        .filter(active_consents_q(earliest))
        .exclude(active_consents_q(latest))
        .annotate(of=F("enrollment__patient_id"))
        .only("enrollment_id", "kinds", "expires_on", "revoked_at")
    )
    todays = todays_for({consent.of for consent in ending})
    ending = [c for c in ending if c.in_force_on(todays[c.of])]
    in_force = Consent.objects.filter(enrollment=OuterRef("pk"), record_id=None)
    in_force = in_force.filter(active_consents_q(latest))
    return [
        Q(Exists(in_force.filter(_SharesAny(kinds))))
        | Q(pk__in=[c.enrollment_id for c in ending if set(c.kinds) & set(kinds)])
        for kinds in needs
    ]


def care_team_disclosures(
    today_by_enrollment: dict[int, date],
) -> dict[int, set[str]]:
    """The single records each enrollment's care team was told of, by consent.

    A consent to one disclosure (`Consent.record_id`, e.g. "tell my care team
    now" about one crisis flag) grants no kind of information, only that
    record: {enrollment id: {record public id as str}}. One query, each
    consent checked on its patient's today, as `care_team_kinds`.
    """
    found: dict[int, set[str]] = {pk: set() for pk in today_by_enrollment}
    for consent in _care_team_consents_in_force(
        today_by_enrollment, record_id__isnull=False
    ):
        found[consent.enrollment_id].add(str(consent.record_id))
    return found


def disclosed_records(actor, patient) -> frozenset[str]:
    """The single records of `patient` disclosed to the clinician `actor` now.

    Only through an enrollment the clinician may see (`enrollments_visible_to`):
    a clinician removed from the program or the care team sees none.
    """
    enrollments = list(
        enrollments_visible_to(actor)
        .filter(patient=patient)
        .values_list("pk", flat=True)
    )
    if not enrollments:
        return NOTHING
    today = today_for(patient)
    found = care_team_disclosures(dict.fromkeys(enrollments, today))
    return frozenset().union(*found.values())


def enrollment_for(actor, **lookup) -> Enrollment | None:
    """One enrollment the clinician may see (`enrollments_visible_to`), or None.

    Marked as found for `actor`, so reads in the same request
    (`enrollment_kinds`) ask no more of it; writes check afresh.
    """
    enrollment = (
        enrollments_visible_to(actor)
        .select_related("patient", "program")
        .filter(**lookup)
        .first()
    )
    if enrollment is not None:
        enrollment._policy_actor = actor.pk
    return enrollment


def enrollment_kinds(actor, enrollment: Enrollment) -> frozenset:
    """What `actor` may see of the patient through this enrollment.

    The patient: everything of their own. A clinician who may see the
    enrollment: the program's records and what the care team's consent in
    force shares (`Enrollment.sharing`, read once per request). Anyone else:
    nothing.
    """
    if is_patient(actor):
        return ALL_KINDS if enrollment.patient_id == actor.pk else NOTHING
    if not is_clinician(actor):
        return NOTHING
    found_for = getattr(enrollment, "_policy_actor", None)
    if found_for != actor.pk and not can_see_enrollment(actor, enrollment):
        return NOTHING
    return (frozenset(enrollment.sharing) & CARE_TEAM_KINDS) | {PROGRAM_RECORDS}


# --- The decision ---------------------------------------------------------


def _emergency_kinds(actor, patient_ids: list[int]) -> dict[int, frozenset]:
    """An administrator: everything of a patient while their access is open."""
    return dict.fromkeys(
        open_emergency_patients(admin=actor, patient_ids=patient_ids), ALL_KINDS
    )


def _care_team_kinds(actor, todays: dict[int, date]) -> dict[int, frozenset]:
    """A clinician: the program's records and what the consent in force shares."""
    enrollments = dict(
        enrollments_visible_to(actor)
        .filter(patient_id__in=list(todays))
        .values_list("pk", "patient_id")
    )
    shared = care_team_kinds({pk: todays[pid] for pk, pid in enrollments.items()})
    found: dict[int, frozenset] = {}
    for pk, pid in enrollments.items():
        kinds = (shared[pk] & CARE_TEAM_KINDS) | {PROGRAM_RECORDS}
        found[pid] = found.get(pid, NOTHING) | kinds
    return found


def _supporter_kinds(actor, todays: dict[int, date]) -> dict[int, frozenset]:
    """A supporter: what consents in force on their open links grant."""
    found: dict[int, frozenset] = {}
    for consent in Consent.objects.filter(
        active_consents_q(min(todays.values())),
        link__supporter=actor,
        link__ended_at=None,
        patient_id__in=list(todays),
    ).only("patient_id", "kinds", "expires_on", "revoked_at"):
        if consent.in_force_on(todays[consent.patient_id]):
            granted = frozenset(consent.kinds) & SUPPORTER_SHARE_KINDS
            found[consent.patient_id] = found.get(consent.patient_id, NOTHING) | granted
    return found


def visible_kinds_for(actor, patient_ids: Iterable[int]) -> dict[int, frozenset]:
    """For each patient id, the kinds of their information `actor` may see.

    A fixed number of queries however many patients: none for a patient
    looking at themselves, one to three otherwise.
    """
    patient_ids = list(dict.fromkeys(patient_ids))
    found = dict.fromkeys(patient_ids, NOTHING)
    if not patient_ids or not _signed_in(actor):
        return found
    if actor.is_patient:
        if actor.pk in found:
            found[actor.pk] = ALL_KINDS
        return found
    if actor.is_admin:
        return found | _emergency_kinds(actor, patient_ids)
    if not (actor.is_clinician or actor.is_supporter):
        return found
    todays = todays_for(patient_ids)
    if actor.is_clinician:
        return found | _care_team_kinds(actor, todays)
    return found | _supporter_kinds(actor, todays)


def visible_kinds(actor, patient) -> frozenset:
    """The kinds of `patient`'s information `actor` may see now."""
    return visible_kinds_for(actor, [patient.pk])[patient.pk]


def may_view(actor, patient, kind: str) -> bool:
    """Whether `actor` may see this kind of `patient`'s information now."""
    if kind not in ALL_KINDS:
        raise ValueError(f"Unknown kind of information: {kind}")
    return kind in visible_kinds(actor, patient)


def may_change(actor, patient, kind: str) -> bool:
    """Whether `actor` may change this kind of `patient`'s information.

    A patient changes their own entries; a care team, the program's records,
    and what the patient writes with them (WRITTEN_WITH_CARE_TEAM) while it is
    shared. Nobody else changes what was shared with them, and emergency
    access reads only.
    """
    if is_patient(actor):
        return is_self(actor, patient) and kind != PROGRAM_RECORDS
    if is_clinician(actor):
        return kind in WRITTEN_WITH_CARE_TEAM | {PROGRAM_RECORDS} and may_view(
            actor, patient, kind
        )
    return False


def may_change_enrollment(actor, enrollment: Enrollment) -> bool:
    """Whether `actor` may write the program's records of this enrollment now.

    Always asks the database: a membership ended a moment ago stops writes.
    """
    return can_see_enrollment(actor, enrollment)


def can_view_checkins(actor, patient) -> bool:
    """Whether `actor` may read `patient`'s full check-ins."""
    return may_view(actor, patient, "checkins")
