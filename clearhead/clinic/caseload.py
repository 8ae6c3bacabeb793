"""One caseload row per patient, from data fetched in bulk. Pure."""

from dataclasses import dataclass
from datetime import date, timedelta

from clearhead.recovery.sobriety import sober_count
from clearhead.safety.rules import FLAG_ORDER, CheckInFacts, Flag, early_warnings

ADHERENCE_DAYS = 14


@dataclass
class CaseloadRow:
    enrollment: object
    shared: bool
    sober_days: int | None = None
    last_checkin: date | None = None
    adherence_percent: int | None = None
    flags: tuple[Flag, ...] = ()
    next_appointment: object = None

    @property
    def urgency(self) -> int:
        """Lower is more urgent; patients with no flag come last."""
        return min(
            (FLAG_ORDER.index(f.code) for f in self.flags), default=len(FLAG_ORDER)
        )


def adherence(checkin_days: set[date], today: date, days: int = ADHERENCE_DAYS) -> int:
    """Percentage of the last `days` days (today included) with a check-in."""
    window = {today - timedelta(days=offset) for offset in range(days)}
    return round(100 * len(checkin_days & window) / days)


def caseload_row(
    enrollment,
    *,
    today: date,
    stop_date: date | None,
    recent: list[CheckInFacts],
    use_days: list[date],
    last_checkin: date | None,
    older_last: CheckInFacts | None = None,
) -> CaseloadRow:
    """Summarise one patient; `older_last` is their last check-in when it is
    older than `recent` covers, so that silence still raises a flag."""
    if "checkin_summary" not in enrollment.sharing:
        return CaseloadRow(enrollment=enrollment, shared=False)
    history = [*recent, older_last] if older_last and not recent else list(recent)
    return CaseloadRow(
        enrollment=enrollment,
        shared=True,
        sober_days=sober_count(stop_date, use_days, today).current_days
        if stop_date
        else None,
        last_checkin=last_checkin,
        adherence_percent=adherence({c.day for c in recent}, today),
        flags=tuple(early_warnings(history, today)),
    )
