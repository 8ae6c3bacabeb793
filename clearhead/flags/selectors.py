"""Reads of stored flags, filtered by what each reader may see (care.policy).

No page, API, alert or export recomputes flags from check-ins: they read here.
The caller records its own audit action (the page or API it serves).
"""

from datetime import date

from django.core.exceptions import PermissionDenied

from clearhead.care import policy
from clearhead.care.time_zones import today_for
from clearhead.core.plain_sql import PlainSelect
from clearhead.flags.definitions import FLAG_KINDS, Audience, flag_kind
from clearhead.flags.models import Flag, FlagEvaluation


def holds_on(flag: Flag, today: date) -> bool:
    """Whether an open flag still holds on the patient's `today`.

    Between the moment a window passes and the worker's next pass, a flag is
    hidden already; one that may not expire unreviewed (a crisis) is not.
    """
    if flag.holds_until is None or flag.holds_until >= today:
        return True
    return not flag.definition.expires_unreviewed and not flag.is_reviewed


def _by_urgency(flags) -> list[Flag]:
    return sorted(flags, key=lambda flag: (flag.urgency, flag.since))


def flags_for(*, actor, patient, audience: Audience) -> list[Flag]:
    """The open flags on `patient` that `actor` may see as `audience`, most urgent first.

    PATIENT: only the patient themselves. CARE_TEAM: a clinician, each kind
    as far as its `needs` are visible to them. SUPPORTER: a supporter, each
    kind shown to supporters as far as its `supporter_needs` are granted.
    PermissionDenied when `actor` may see nothing of the patient this way.
    """
    if audience == Audience.PATIENT:
        if not policy.is_self(actor, patient):
            raise PermissionDenied
        kinds = policy.ALL_KINDS
    elif (audience == Audience.CARE_TEAM and policy.is_clinician(actor)) or (
        audience == Audience.SUPPORTER and policy.is_supporter(actor)
    ):
        kinds = policy.visible_kinds(actor, patient)
    else:
        raise PermissionDenied
    if not kinds:
        raise PermissionDenied
    # A flag the patient asked us to tell their care team of (one disclosure).
    disclosed = (
        policy.disclosed_records(actor, patient)
        if audience == Audience.CARE_TEAM
        else frozenset()
    )
    today = today_for(patient)
    return _by_urgency(
        flag
        for flag in Flag.objects.filter(patient=patient, cleared_at=None)
        if audience in flag.definition.audiences
        and (
            audience == Audience.PATIENT
            or _needed(flag, audience) in kinds
            or str(flag.public_id) in disclosed
        )
        and holds_on(flag, today)
    )


def _needed(flag: Flag, audience: Audience) -> str | None:
    return flag_kind(flag.kind).kind_needed(audience)


def visible_to_care_team(
    flags: list[Flag], kinds, disclosed: frozenset[str] = frozenset()
) -> list[Flag]:
    """The flags a care team that may see `kinds` (care.policy) may see.

    `disclosed`: public ids (str) of flags the patient consented to tell this
    care team of one by one (policy.care_team_disclosures), seen whatever
    `kinds` holds.
    """
    return [
        flag
        for flag in flags
        if Audience.CARE_TEAM in flag.definition.audiences
        and (flag.definition.needs in kinds or str(flag.public_id) in disclosed)
    ]


def care_team_urgency(flags) -> tuple[int, int]:
    """How urgent a caseload row with these flags (those its care team may
    see) is, lower first: (0, urgency) while a flag awaits review, (1,
    urgency) when every flag is reviewed, (2, len(FLAG_KINDS)) with none.
    `urgency` is the most urgent flag's of that group (0 = crisis)."""
    unreviewed = [f.urgency for f in flags if not f.is_reviewed]
    if unreviewed:
        return (0, min(unreviewed))
    if flags:
        return (1, min(f.urgency for f in flags))
    return (2, len(FLAG_KINDS))


def care_team_rank(flags) -> int:
    """`care_team_urgency` as one number, stored to order by (CaseloadEntry)."""
    group, urgency = care_team_urgency(flags)
    return group * (len(FLAG_KINDS) + 1) + urgency


# The ranks of rows with a flag awaiting review, and of rows whose flags are
# all reviewed (care_team_rank): the caseload's review filter.
AWAITING_REVIEW_RANKS = range(0, len(FLAG_KINDS) + 1)
ALL_REVIEWED_RANKS = range(len(FLAG_KINDS) + 1, 2 * (len(FLAG_KINDS) + 1))


# A patient's open flags (by the flags_open_by_patient index), params
# [patient id]: read on every check-in, so plain SQL built once.
OPEN_FLAGS_OF = PlainSelect(
    Flag,
    [field.name for field in Flag._meta.concrete_fields],
    "patient_id = %s AND cleared_at IS NULL",
)


def patients_with_open_flags() -> set[int]:
    """Ids of every patient with an open flag (the daily pass re-reads them)."""
    return set(
        Flag.objects.filter(cleared_at=None)
        .values_list("patient_id", flat=True)
        .distinct()
    )


def patients_due(today_by_patient: dict[int, date]) -> dict[int, date]:
    """The patients whose today has changed since their flags were last evaluated."""
    evaluated = dict(
        FlagEvaluation.objects.filter(
            patient_id__in=list(today_by_patient)
        ).values_list("patient_id", "evaluated_on")
    )
    return {
        pid: today
        for pid, today in today_by_patient.items()
        if evaluated.get(pid) is None or evaluated[pid] < today
    }


def flags_for_export(
    *, patient, audience: Audience, kinds, disclosed: frozenset[str] = frozenset()
) -> list[Flag]:
    """Every flag of `patient`, open and cleared, that a reader may see, oldest first.

    For an export the caller has authorized and audits (interop): `kinds`
    is what the reader may see of the patient (care.policy), `disclosed` the
    flags told to them one by one. PATIENT: all of the patient's own.
    """
    return [
        flag
        for flag in Flag.objects.filter(patient=patient).order_by("raised_at", "pk")
        if audience in flag.definition.audiences
        and (
            audience == Audience.PATIENT
            or _needed(flag, audience) in kinds
            or str(flag.public_id) in disclosed
        )
    ]


def open_flags_among(
    patients, today_by_patient: dict[int, date], *, with_reviewer: bool = False
) -> dict[int, list[Flag]]:
    """The open flags of every patient in `patients`, most urgent first.

    `patients`: a queryset of patient ids (e.g. `enrollments.values("patient_id")`),
    read as a subquery, so the query has no term per patient however many
    there are. `today_by_patient`: {patient id: their today} for every
    patient that may have a flag (those missing are skipped). Returns
    {patient id: [Flag]} for the patients with at least one. Not filtered by
    reader (see `visible_to_care_team`). `with_reviewer` loads who reviewed
    each flag in the same query.
    """
    flags = Flag.objects.filter(patient_id__in=patients, cleared_at=None)
    if with_reviewer:
        flags = flags.select_related("reviewed_by")
    found: dict[int, list[Flag]] = {}
    for flag in flags:
        today = today_by_patient.get(flag.patient_id)
        if today is not None and holds_on(flag, today):
            found.setdefault(flag.patient_id, []).append(flag)
    return {pid: _by_urgency(flags) for pid, flags in found.items()}


def flag_of_patient(*, patient_id: int, public_id) -> Flag | None:
    """One flag of this patient by its public id (open or cleared), or None.

    A flag of another patient is None: a URL naming one patient cannot reach
    another's flag. Not filtered by reader (the caller checks what it may see).
    """
    return (
        Flag.objects.select_related("patient")
        .filter(patient_id=patient_id, public_id=public_id)
        .first()
    )
