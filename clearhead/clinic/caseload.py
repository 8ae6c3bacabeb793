"""One caseload row per patient, from data fetched in bulk. Pure."""

from dataclasses import dataclass
from datetime import date

from clearhead.flags.definitions import FLAG_KINDS, urgency
from clearhead.flags.rules import CheckInFacts, Flag, early_warnings
from clearhead.recovery.sobriety import adherence, sober_count


@dataclass
class CaseloadRow:
    enrollment_id: int
    patient_id: int
    shared: bool  # whether the patient shares a check-in summary with the team
    enrollment: object = None  # the Enrollment itself, loaded for the rows shown
    sober_days: int | None = None
    last_checkin: date | None = None
    adherence_percent: int | None = None
    flags: tuple[Flag, ...] = ()
    next_appointment: object = None

    @property
    def flag_codes(self) -> set[str]:
        return {f.code for f in self.flags}

    @property
    def urgency(self) -> int:
        """Lower is more urgent; patients with no flag come last."""
        return min((urgency(f.code) for f in self.flags), default=len(FLAG_KINDS))


def triage_row(
    *,
    enrollment_id: int,
    patient_id: int,
    shared: bool,
    today: date,
    history: list[CheckInFacts],
    last_checkin: date | None,
) -> CaseloadRow:
    """The part of a row every patient needs so the caseload can be sorted:
    the flags. `history` is the recent check-ins, or else the last one."""
    row = CaseloadRow(enrollment_id=enrollment_id, patient_id=patient_id, shared=shared)
    if shared:
        row.last_checkin = last_checkin
        row.flags = tuple(early_warnings(history, today))
    return row


def complete_row(
    row: CaseloadRow,
    *,
    today: date,
    stop_date: date | None,
    checkin_days: set[date],
    use_days: list[date],
) -> CaseloadRow:
    """Fill in what is only needed for the rows on the page being shown."""
    if row.shared:
        row.sober_days = (
            sober_count(stop_date, use_days, today).current_days if stop_date else None
        )
        row.adherence_percent = adherence(checkin_days, today)
    return row


def caseload_row(
    enrollment,
    *,
    today: date,
    stop_date: date | None,
    recent: list[CheckInFacts],
    use_days: list[date],
    last_checkin: date | None,
    flags=None,
) -> CaseloadRow:
    """One patient's whole row, from their recent check-ins.

    `flags`: the patient's stored flags the reader may see; without them, the
    rules' flags from `recent`.
    """
    row = triage_row(
        enrollment_id=enrollment.pk,
        patient_id=enrollment.patient_id,
        shared="checkin_summary" in enrollment.sharing,
        today=today,
        history=recent,
        last_checkin=last_checkin,
    )
    row.enrollment = enrollment
    if flags is not None and row.shared:
        row.flags = tuple(flags)
    return complete_row(
        row,
        today=today,
        stop_date=stop_date,
        checkin_days={c.day for c in recent},
        use_days=use_days,
    )
