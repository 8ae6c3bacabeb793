"""One caseload row per patient, from data fetched in bulk. Pure.

A row's flags are the patient's STORED open flags that the care team may
see (flags.selectors): nothing here works flags out from check-ins.
"""

from dataclasses import dataclass
from datetime import date

from clearhead.flags.definitions import FLAG_KINDS, adherence_start
from clearhead.recovery.sobriety import adherence, adherence_since, sober_count

# Rows with no flag sort after every flagged row.
_NO_FLAG = (2, len(FLAG_KINDS))


@dataclass
class CaseloadRow:
    enrollment_id: int
    patient_id: int
    shared: bool  # whether the patient shares a check-in summary with the team
    enrollment: object = None  # the Enrollment itself, loaded for the rows shown
    sober_days: int | None = None
    last_checkin: date | None = None
    adherence_percent: int | None = None
    adherence_since: date | None = None  # shorter than ADHERENCE_DAYS if new
    flags: tuple = ()  # flags.models.Flag, most urgent first
    next_appointment: object = None

    @property
    def flag_codes(self) -> set[str]:
        return {f.code for f in self.flags}

    @property
    def urgency(self) -> tuple[int, int]:
        """The sort key, lower first: (0, urgency) while a flag awaits review,
        (1, urgency) when every flag is reviewed, (2, ...) with no flag.
        `urgency` is the most urgent flag's of that group (0 = crisis)."""
        unreviewed = [f.urgency for f in self.flags if not f.is_reviewed]
        if unreviewed:
            return (0, min(unreviewed))
        if self.flags:
            return (1, min(f.urgency for f in self.flags))
        return _NO_FLAG

    @property
    def all_reviewed(self) -> bool:
        return bool(self.flags) and all(f.is_reviewed for f in self.flags)


def complete_row(
    row: CaseloadRow,
    *,
    today: date,
    stop_date: date | None,
    checkin_days: set[date],
    use_days: list[date],
    last_checkin: date | None,
    first_day: date | None = None,
) -> CaseloadRow:
    """Fill in what is only needed for the rows on the page being shown.

    `checkin_days`: the patient's check-in days (at least the adherence
    window's); `use_days`: every day they reported use; `first_day`: the
    day they joined (care.time_zones.joined_on), where adherence starts.
    """
    if row.shared:
        row.last_checkin = last_checkin
        row.sober_days = (
            sober_count(stop_date, use_days, today).current_days if stop_date else None
        )
        since = adherence_since(today, first_day)
        # Only when shorter than ADHERENCE_DAYS: pages then say "since <date>".
        row.adherence_since = since if since > adherence_start(today) else None
        row.adherence_percent = adherence(checkin_days, today, first_day=first_day)
    return row


def caseload_row(
    enrollment,
    *,
    today: date,
    stop_date: date | None,
    checkin_days: set[date],
    use_days: list[date],
    last_checkin: date | None,
    flags,
    first_day: date | None = None,
) -> CaseloadRow:
    """One patient's whole row; `flags`: their stored flags the reader may see."""
    row = CaseloadRow(
        enrollment_id=enrollment.pk,
        patient_id=enrollment.patient_id,
        shared="checkin_summary" in enrollment.sharing,
        enrollment=enrollment,
        flags=tuple(flags),
    )
    return complete_row(
        row,
        today=today,
        stop_date=stop_date,
        checkin_days=checkin_days,
        use_days=use_days,
        last_checkin=last_checkin,
        first_day=first_day,
    )
