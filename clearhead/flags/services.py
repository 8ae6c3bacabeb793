"""Every write of stored flags: raised, updated, cleared, reviewed.

Flags are written by their cause, inside the cause's transaction: a check-in
saved (recovery), a drug test recorded (clinic), a PHQ-9 saved by the patient
(screening), the worker's daily pass (recovery fetches the check-ins, this
module decides). Each source owns its own evidence on a flag
({"type": source, ...}); a flag is cleared when no source holds it any more.

Two rules keep a safety signal from being lost:
* new evidence on an open, reviewed flag opens it for review again (and for
  a crisis, lets the care team be told again);
* a kind that does not expire unreviewed (a crisis, a positive drug test)
  keeps all its evidence and stays open until someone on the care team has
  reviewed it.
"""

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.utils.translation import gettext, ngettext

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.care import services as care_services
from clearhead.care.models import Enrollment
from clearhead.care.time_zones import today_for, todays_for
from clearhead.core import clock
from clearhead.core.plain_sql import (
    PlainInsert,
    PlainSelect,
    PlainUpdate,
    fetch_together,
)
from clearhead.flags import rules, selectors
from clearhead.flags.definitions import (
    CHECKIN_CODES,
    RECENT_DAYS,
    FlagCode,
    flag_kind,
)
from clearhead.flags.models import CaseloadEntry, CaseloadFlag, Flag, FlagEvaluation

CHECKIN = "checkin"
# The kind a care team must see for a caseload row's check-in figures.
SHARES_CHECKINS = "checkin_summary"
DRUG_TEST = "drug_test"
SCREENING_RESULT = "screening_result"
EARLY_RECOVERY = "early_recovery"
BODY_CHECK = "body_check"
REVIEW_NOTE_MAX = 1000
KETAMINE_POSITIVE = FlagCode.POSITIVE_DRUG_TEST
CRISIS = FlagCode.CRISIS
_CHANGING = ["since", "evidence", "holds_until", "reviewed_at", "reviewed_by"]
_UPDATE_FIELDS = [
    *_CHANGING,
    "review_note",
    "notified_at",
    "cleared_at",
    "cleared_reason",
]
# The columns' own names ("reviewed_by_id"): reading the value reads no user.
_CHANGING_ATTNAMES = [Flag._meta.get_field(name).attname for name in _CHANGING]
# A check-in changes a flag or a few: a plain UPDATE built once
# (core.plain_sql), without bulk_update's CASE per field or compiling the
# ORM's statement for every check-in.
_UPDATE_ONE = PlainUpdate(Flag, _UPDATE_FIELDS)
# Up to this many changed flags (one patient's kinds) go as plain UPDATEs;
# the worker's daily pass, thousands at once, as one bulk_update.
_FEW = len(CHECKIN_CODES) + 2
# And raises one at a time: its INSERT, built once too, does nothing when
# another writer raised that kind first (flags_one_open_flag_per_kind).
_INSERT_ONE = PlainInsert(Flag)


# Built once per number of patients, a few kept: every check-in that changes
# what a caseload shows reads its one patient's.
@functools.lru_cache(maxsize=8)
def _active_enrollments_read(patients: int) -> PlainSelect:
    """The read of `patients` patients' active enrollments (params [status,
    *patient ids]), as (enrollment id, patient id) rows."""
    return PlainSelect(
        Enrollment,
        ["id", "patient_id"],
        f"status = %s AND patient_id IN ({', '.join(['%s'] * patients)})",
    )


def _active_enrollments(patient_ids: list[int]) -> dict[int, int]:
    """{enrollment id: patient id} of these patients' active enrollments."""
    if not patient_ids:
        return {}
    read = _active_enrollments_read(len(patient_ids))
    return dict(read.rows([Enrollment.Status.ACTIVE, *patient_ids]))


def evidence_entry(source: str, public_id, day: date) -> dict:
    """One item of a flag's evidence: {"type", "id" (public uuid), "day" (ISO)}."""
    return {"type": source, "id": str(public_id), "day": day.isoformat()}


def _day(entry: dict) -> date:
    return date.fromisoformat(entry["day"])


def _live(entry: dict, today: date) -> bool:
    """A drug test or screening result holds its flag RECENT_DAYS from its day."""
    return _day(entry) + timedelta(days=RECENT_DAYS - 1) >= today


@dataclass(frozen=True)
class Finding:
    """What one source says of one kind today: since, evidence, last day it holds."""

    since: date
    entries: tuple[dict, ...]
    holds_until: date | None


def _latest(values: list[date | None]) -> date | None:
    return None if any(v is None for v in values) else max(values, default=None)


def _clear(flag: Flag, *, reason: str, now: datetime) -> str:
    flag.cleared_at = now
    flag.cleared_reason = reason
    return "cleared"


def _apply(
    flag: Flag,
    *,
    source: str,
    finding: Finding | None,
    today: date,
    now: datetime,
    reason: str,
) -> str:
    """Bring an open flag up to date with what `source` finds now (in place).

    Returns "updated", "cleared" or "same".
    """
    sticky = not flag.definition.expires_unreviewed and not flag.is_reviewed
    before = {name: getattr(flag, name) for name in _CHANGING_ATTNAMES}
    old_own = [e for e in flag.evidence if e["type"] == source]
    others = [
        e
        for e in flag.evidence
        if e["type"] != source and (sticky or e["type"] == CHECKIN or _live(e, today))
    ]
    new_own = list(finding.entries) if finding else []
    if sticky:
        seen = {e["id"] for e in old_own}
        new_own = old_own + [e for e in new_own if e["id"] not in seen]
    evidence = new_own + others
    if not evidence:
        return _clear(flag, reason=reason, now=now)
    sinces = [finding.since] if finding else []
    holds = [finding.holds_until] if finding else []
    keeps_old = sticky or any(e["type"] == CHECKIN for e in others)
    if keeps_old or not sinces:
        sinces.append(flag.since)
        holds.append(flag.holds_until)
    for entry in evidence:
        if entry["type"] != CHECKIN:
            sinces.append(_day(entry))
            holds.append(_day(entry) + timedelta(days=RECENT_DAYS - 1))
    flag.since = min(sinces)
    flag.holds_until = _latest(holds)
    old_ids = {e["id"] for e in flag.evidence}
    flag.evidence = evidence
    if flag.is_reviewed and {e["id"] for e in evidence} - old_ids:
        # New evidence is never hidden behind an old review.
        flag.reviewed_at = None
        flag.reviewed_by = None
        flag.review_note = ""
        if flag.kind == CRISIS:
            flag.notified_at = None
    changed = any(getattr(flag, name) != value for name, value in before.items())
    return "updated" if changed else "same"


def _new(patient_id: int, kind: str, finding: Finding, now: datetime) -> Flag:
    return Flag(
        patient_id=patient_id,
        kind=kind,
        since=finding.since,
        evidence=list(finding.entries),
        holds_until=finding.holds_until,
        raised_at=now,
    )


def _checkin_findings(facts, today: date) -> dict[str, Finding]:
    flags, holds = rules.early_warnings_holding(facts, today)
    days = {fact.id: fact.day for fact in facts}
    return {
        flag.code: Finding(
            since=flag.since,
            entries=tuple(
                evidence_entry(CHECKIN, pid, days[pid]) for pid in flag.evidence
            ),
            holds_until=holds[flag.code],
        )
        for flag in flags
    }


def _source_finding(flag: Flag, source: str, today: date) -> Finding | None:
    """What a drug test or screening result still says: its live entries."""
    live = tuple(e for e in flag.evidence if e["type"] == source and _live(e, today))
    if not live:
        return None
    return Finding(since=min(_day(e) for e in live), entries=live, holds_until=None)


def _caseload_view(flag: Flag, today: date) -> tuple[bool, bool]:
    """What a caseload shows of an open flag besides its kind: whether it is
    reviewed, and whether it holds on the patient's today (CaseloadEntry)."""
    return flag.is_reviewed, selectors.holds_on(flag, today)


class _Batch:
    """Flags to create, update and clear, written in a fixed number of queries."""

    def __init__(self, open_flags) -> None:
        self.open = {(f.patient_id, f.kind): f for f in open_flags}
        self.created: list[Flag] = []
        self.changed: dict[int, Flag] = {}
        # Changed flags whose every change (by sync) leaves what a caseload
        # shows as it was (new evidence of a flag not reviewed, a later
        # since): their patients' caseload entries are not refreshed for them.
        self.unseen: set[int] = set()

    def sync(self, patient_id, kind, *, source, finding, today, now, reason) -> None:
        flag = self.open.get((patient_id, kind))
        if flag is None:
            if finding is not None:
                self.created.append(_new(patient_id, kind, finding, now))
            return
        shown = _caseload_view(flag, today)
        state = _apply(
            flag, source=source, finding=finding, today=today, now=now, reason=reason
        )
        if state != "same":
            unseen = state == "updated" and _caseload_view(flag, today) == shown
            if unseen and (flag.pk not in self.changed or flag.pk in self.unseen):
                self.unseen.add(flag.pk)
            else:
                self.unseen.discard(flag.pk)
            self.changed[flag.pk] = flag
        if state == "cleared":
            del self.open[(patient_id, kind)]

    def save(self, *, refresh: bool = True) -> int:
        """Write the batch; with `refresh`, the caseload entries of the
        patients whose flags changed in what a caseload shows
        (`caseload_entries_refresh`)."""
        # A flag raised at the same moment by another writer wins: one open
        # flag per kind is the database's rule (flags_one_open_flag_per_kind).
        # Most check-ins write nothing: no call, not even an empty one.
        if len(self.created) == 1 and _INSERT_ONE.usable():
            _INSERT_ONE.insert(self.created[0])
        elif self.created:
            Flag.objects.bulk_create(self.created, ignore_conflicts=True)
        changed = list(self.changed.values())
        if 0 < len(changed) <= _FEW:
            # One flag, or a patient's new day moving every open flag's
            # holds_until: plain UPDATEs in one round trip (one execute for
            # one), not bulk_update's CASE per field compiled each time.
            connection = connections[Flag.objects.db]
            fetch_together(
                first=[_UPDATE_ONE.statement(flag, connection) for flag in changed]
            )
        elif changed:
            Flag.objects.bulk_update(changed, _UPDATE_FIELDS)
        written = [*self.created, *changed]
        shown = [*self.created, *(f for f in changed if f.pk not in self.unseen)]
        if refresh and shown:
            caseload_entries_refresh(patient_ids={f.patient_id for f in shown})
        return len(written)


def caseload_entries_refresh(*, patient_ids) -> None:
    """Store again what each care team of these patients sees of their flags.

    For every active enrollment of the patients: the open flags holding on
    the patient's today that the care team may see (care.policy's consent
    in force and single disclosures, as `selectors.visible_to_care_team`
    reads them), as a CaseloadEntry (its rank) and its CaseloadFlags. The
    one writer of both; called in the transaction of what changed them (a
    flag written or reviewed, a care-team consent signed or revoked) and
    by the worker's daily pass. A fixed number of queries.
    """
    enrollments = _active_enrollments(list(patient_ids))
    if not enrollments:
        return
    todays = todays_for(set(enrollments.values()))
    today_by_enrollment = {pk: todays[pid] for pk, pid in enrollments.items()}
    shared = policy.care_team_kinds(today_by_enrollment)
    disclosed = policy.care_team_disclosures(today_by_enrollment)
    open_flags = selectors.open_flags_among(list(todays), todays)
    now = clock.now()
    entries, rows = [], []
    for pk, pid in enrollments.items():
        flags = selectors.visible_to_care_team(
            open_flags.get(pid, []),
            # The team's own records (a drug test) whatever the consent.
            shared[pk] | {policy.PROGRAM_RECORDS},
            frozenset(disclosed[pk]),
        )
        entries.append(
            CaseloadEntry(
                enrollment_id=pk,
                rank=selectors.care_team_rank(flags),
                shares_checkins=SHARES_CHECKINS in shared[pk],
                refreshed_at=now,
            )
        )
        rows += [
            CaseloadFlag(entry_id=pk, code=f.kind, reviewed=f.is_reviewed)
            for f in flags
        ]
    CaseloadFlag.objects.filter(entry_id__in=list(enrollments)).delete()
    CaseloadEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["enrollment"],
        update_fields=["rank", "shares_checkins", "refreshed_at"],
    )
    CaseloadFlag.objects.bulk_create(rows)


def checkin_flags_sync(
    *, patient, facts: list[rules.CheckInFacts], today: date, open_flags: list[Flag]
) -> int:
    """Raise, update and clear the check-in kinds of `patient`'s flags.

    `facts`: the patient's check-ins of the last LOOKBACK_DAYS (or else their
    latest), as recovery reads them; `today`: the patient's today;
    `open_flags`: the patient's open flags, read in this transaction
    (selectors.OPEN_FLAGS_OF, with the facts). Call in the check-in's
    transaction (every check-in saved calls it: a write
    only when something changed). Returns how many flags were raised,
    changed or cleared.
    """
    now = clock.now()
    batch = _Batch(open_flags)
    findings = _checkin_findings(facts, today)
    for kind in CHECKIN_CODES:
        batch.sync(
            patient.pk,
            kind,
            source=CHECKIN,
            finding=findings.get(kind),
            today=today,
            now=now,
            reason=Flag.ClearedReason.RESOLVED,
        )
    return batch.save()


def flags_evaluate(
    *, facts_by_patient: dict[int, list], today_by_patient: dict[int, date], now
) -> int:
    """Re-evaluate many patients' flags at once: the worker's daily pass.

    `today_by_patient`: each patient's today ({patient id: date}), the
    patients to evaluate; `facts_by_patient`: their check-ins as
    `checkin_flags_sync` takes them. Missed check-ins appear, windows
    expire. A fixed number of queries. Records each patient's evaluation
    day. Returns how many flags were raised, changed or cleared.
    """
    patient_ids = list(today_by_patient)
    if not patient_ids:
        return 0
    batch = _Batch(Flag.objects.filter(patient_id__in=patient_ids, cleared_at=None))
    expired = Flag.ClearedReason.EXPIRED
    for pid, today in today_by_patient.items():
        findings = _checkin_findings(facts_by_patient.get(pid, []), today)
        for kind in CHECKIN_CODES:
            batch.sync(
                pid,
                kind,
                source=CHECKIN,
                finding=findings.get(kind),
                today=today,
                now=now,
                reason=expired,
            )
    for (pid, kind), flag in list(batch.open.items()):
        for source in (DRUG_TEST, SCREENING_RESULT, EARLY_RECOVERY, BODY_CHECK):
            if any(e["type"] == source for e in flag.evidence):
                batch.sync(
                    pid,
                    kind,
                    source=source,
                    finding=_source_finding(flag, source, today_by_patient[pid]),
                    today=today_by_patient[pid],
                    now=now,
                    reason=expired,
                )
    written = batch.save(refresh=False)
    # Every patient evaluated: a consent or a window may have ended by date.
    caseload_entries_refresh(patient_ids=patient_ids)
    FlagEvaluation.objects.bulk_create(
        [
            FlagEvaluation(patient_id=pid, evaluated_on=today)
            for pid, today in today_by_patient.items()
        ],
        update_conflicts=True,
        unique_fields=["patient"],
        update_fields=["evaluated_on"],
    )
    return written


def _sync_source(*, patient, kind: str, source: str, entry: dict | None, drop: str):
    """Add `entry` to (or, with entry None, drop id `drop` from) a kind's evidence."""
    now = clock.now()
    today = today_for(patient)
    flag = Flag.objects.filter(patient=patient, kind=kind, cleared_at=None).first()
    batch = _Batch([flag] if flag else [])
    if flag is not None and drop in flag.evidence_ids:
        # A corrected record leaves the evidence, even of a flag not yet reviewed.
        flag.evidence = [e for e in flag.evidence if e["id"] != drop]
        batch.changed[flag.pk] = flag
    entries = [
        e
        for e in (flag.evidence if flag else [])
        if e["type"] == source and e["id"] != drop and _live(e, today)
    ]
    if entry is not None:
        entries.append(entry)
    finding = None
    if entries:
        finding = Finding(
            since=min(_day(e) for e in entries),
            entries=tuple(entries),
            holds_until=max(_day(e) for e in entries) + timedelta(days=RECENT_DAYS - 1),
        )
    batch.sync(
        patient.pk,
        kind,
        source=source,
        finding=finding,
        today=today,
        now=now,
        reason=Flag.ClearedReason.RESOLVED,
    )
    batch.save()
    return Flag.objects.filter(patient=patient, kind=kind, cleared_at=None).first()


def drug_test_flag_sync(
    *, patient, drug_test_id: str, ketamine_positive: bool, day: date
) -> Flag | None:
    """A drug test recorded or corrected: a positive ketamine result is a flag.

    `drug_test_id`: the test's public id; `day`: its collection day. A test
    no longer positive leaves the flag's evidence (and clears the flag when
    nothing else holds it). Call in the drug test's transaction. Returns the
    open positive-drug-test flag, or None.
    """
    entry = evidence_entry(DRUG_TEST, drug_test_id, day) if ketamine_positive else None
    return _sync_source(
        patient=patient,
        kind=KETAMINE_POSITIVE,
        source=DRUG_TEST,
        entry=entry,
        drop=str(drug_test_id),
    )


def screening_crisis_raise(*, patient, result_id: str, day: date) -> Flag:
    """A PHQ-9 the patient saved with item 9 above 0: a crisis flag.

    `result_id`: the screening result's public id; `day`: the patient's day
    it was taken. Call in the result's transaction.
    """
    return _sync_source(
        patient=patient,
        kind=CRISIS,
        source=SCREENING_RESULT,
        entry=evidence_entry(SCREENING_RESULT, result_id, day),
        drop="",
    )


def early_recovery_crisis_sync(
    *, patient, entry_id: str, day: date, self_harm_thoughts: bool
) -> Flag | None:
    """An early-recovery daily entry saved: the check-in's crisis rule applies.

    `entry_id`: the entry's public id; `day`: its day (the patient's). When
    `rules.self_harm_crisis` holds for the answer, the entry is evidence on
    the same crisis flag a check-in raises (same kind, same e-mail to the
    care team, same help for the patient). An answer changed to "no" later
    does not take the entry off a crisis flag: once said, it stays for the
    care team to review. Call in the entry's transaction. Returns the open
    crisis flag, or None.
    """
    open_flag = Flag.objects.filter(
        patient=patient, kind=CRISIS, cleared_at=None
    ).first()
    if not rules.self_harm_crisis(self_harm_thoughts) or (
        open_flag is not None and str(entry_id) in open_flag.evidence_ids
    ):
        # Nothing new: the same entry saved again is already on the flag.
        return open_flag
    return _sync_source(
        patient=patient,
        kind=CRISIS,
        source=EARLY_RECOVERY,
        entry=evidence_entry(EARLY_RECOVERY, entry_id, day),
        drop="",
    )


def body_check_red_flag_sync(
    *, patient, check_id: str, day: date, red_flag: bool
) -> Flag | None:
    """A weekly body check saved: the bladder check's red flags apply.

    `red_flag`: whether the check's answers, through the one bladder-check
    rule (recovery.body_check.is_red_flag), need a doctor soon. Then the
    check is evidence on the same body red flag a check-in's body check
    raises; a check of the same day saved again without one leaves it.
    Call in the check's transaction. Returns the open body red flag, or None.
    """
    return _sync_source(
        patient=patient,
        kind=FlagCode.BODY_RED_FLAG,
        source=BODY_CHECK,
        entry=evidence_entry(BODY_CHECK, check_id, day) if red_flag else None,
        drop=str(check_id),
    )


@transaction.atomic
def flag_review(*, actor, flag: Flag, note: str = "") -> Flag:
    """A care-team clinician marks an open flag reviewed (who, when, a note).

    Only a clinician on the patient's care team who may see this kind of
    flag (care.policy, the kind's `needs`) or was told of this one flag
    (policy.disclosed_records): PermissionDenied otherwise. A note over
    REVIEW_NOTE_MAX characters or holding a NUL character, or a flag no
    longer open, or one someone already reviewed (unless it is the same
    review sent again: then nothing changes), is a ValidationError. Audited
    as FLAG_REVIEWED (no note text in the audit).
    A flag held open only for review (its window has passed) is cleared.
    Consents to tell the care team of this one flag end (their stated end).
    """
    patient = flag.patient
    needs = flag_kind(flag.kind).needs
    # A flag the patient told this care team of one by one ("tell my care
    # team now") is theirs to review even without the kind it needs.
    if not policy.is_clinician(actor) or not (
        policy.may_view(actor, patient, needs)
        or str(flag.public_id) in policy.disclosed_records(actor, patient)
    ):
        raise PermissionDenied
    note = note.strip()
    if len(note) > REVIEW_NOTE_MAX:
        raise ValidationError(
            {
                "note": ngettext(
                    "Keep the note to %(count)d character or fewer.",
                    "Keep the note to %(count)d characters or fewer.",
                    REVIEW_NOTE_MAX,
                )
                % {"count": REVIEW_NOTE_MAX}
            }
        )
    if "\x00" in note:
        # PostgreSQL cannot store it: a field error, not a failed statement.
        raise ValidationError(
            {"note": gettext("The note has a character that cannot be saved.")}
        )
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if not flag.is_open:
        raise ValidationError(gettext("This flag has already cleared."))
    if flag.is_reviewed:
        # A stale form (a second tab, a colleague) never overwrites a review
        # and its note; the same click sent twice is taken as done.
        if flag.reviewed_by_id == actor.pk and flag.review_note == note:
            return flag
        raise ValidationError(
            gettext("%(name)s already marked it reviewed. Their note is kept.")
            % {"name": flag.reviewed_by}
        )
    now = clock.now()
    flag.reviewed_at = now
    flag.reviewed_by = actor
    flag.review_note = note
    if flag.holds_until is not None and flag.holds_until < today_for(patient):
        _clear(flag, reason=Flag.ClearedReason.EXPIRED, now=now)
    flag.save(update_fields=_UPDATE_FIELDS)
    # A consent to tell the care team of this one flag lasts until they have
    # reviewed it (its stated end): new evidence re-opening the flag later is
    # not disclosed, nor e-mailed, on the old consent.
    care_services.disclosure_consents_end(
        actor=actor, record_id=flag.public_id, event="reviewed"
    )
    caseload_entries_refresh(patient_ids=[patient.pk])
    audit_record(
        actor=actor,
        action=AuditAction.FLAG_REVIEWED,
        patient=patient,
        subject=flag,
        extra={"note": bool(note)},
    )
    return flag
