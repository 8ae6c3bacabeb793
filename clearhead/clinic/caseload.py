"""One caseload row per patient, from data fetched in bulk, and the ways
the caseload can be searched, filtered and ordered. Pure.

A row's flags are the patient's STORED open flags that the care team may
see (flags.selectors): nothing here works flags out from check-ins.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from clearhead.flags.definitions import adherence_start
from clearhead.flags.selectors import care_team_urgency
from clearhead.recovery.sobriety import adherence, adherence_since, sober_count

# The orders a clinician can choose (GET sort=<key>), in the words of the
# page; the first is the default. The two "longest since" orders put the
# patients not heard from (or not reached) for the longest first: who
# needs a call.
SORTS: dict[str, str] = {
    "urgency": _("Most urgent first"),
    "last_checkin": _("Longest since last check-in"),
    "last_contact": _("Longest since last contact"),
}
DEFAULT_SORT = "urgency"

# The review states a clinician can narrow the list to (GET review=<key>),
# in the words of the rows' own tags ("needs review", "reviewed").
REVIEW_FILTERS: dict[str, str] = {
    "needed": _("Needs review"),
    "reviewed": _("All reviewed"),
}

# Longer search text is cut to this; no name or chart number is longer.
SEARCH_MAX = 100


@dataclass
class CaseloadRow:
    enrollment_id: int
    patient_id: int
    shared: bool  # whether the patient shares a check-in summary with the team
    name: str = ""  # as the page shows it: the display name, else the e-mail
    chart_number: str = ""  # the program's, if it gave one
    enrollment: object = None  # the Enrollment itself, loaded for the rows shown
    sober_days: int | None = None
    last_checkin: date | None = None
    adherence_percent: int | None = None
    adherence_since: date | None = None  # shorter than ADHERENCE_DAYS if new
    flags: tuple = ()  # flags.models.Flag, most urgent first
    next_appointment: object = None
    last_contact: datetime | None = None  # clinic.selectors.last_contacts

    @property
    def flag_codes(self) -> set[str]:
        return {f.code for f in self.flags}

    @property
    def urgency(self) -> tuple[int, int]:
        """The sort key, lower first (flags.selectors.care_team_urgency, the
        one rule the stored order, CaseloadEntry.rank, is written by)."""
        return care_team_urgency(self.flags)

    @property
    def all_reviewed(self) -> bool:
        return bool(self.flags) and all(f.is_reviewed for f in self.flags)

    @property
    def flags_to_review(self) -> list:
        """The flags no one has reviewed yet, most urgent first."""
        return [f for f in self.flags if not f.is_reviewed]

    @property
    def flags_reviewed(self) -> list:
        return [f for f in self.flags if f.is_reviewed]

    def review_state(self, flag: str | None = None) -> str | None:
        """ "needed" while a flag (of code `flag`, if given) awaits review,
        "reviewed" when every such flag is reviewed, None without one."""
        flags = [f for f in self.flags if flag is None or f.code == flag]
        if not flags:
            return None
        return "reviewed" if all(f.is_reviewed for f in flags) else "needed"


def query_params(query: dict, **changes) -> dict[str, str]:
    """The query string for `query` (CaseloadForm.query()) with `changes`
    made, leaving out what is empty or the default order."""
    merged = {**query, **changes}
    return {
        name: value
        for name, value in merged.items()
        if value and not (name == "sort" and value == DEFAULT_SORT)
    }


def search_text(text: str) -> str:
    """`text` as search compares it: case and accents folded, so "elodie"
    finds "Élodie" on any database."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(row: CaseloadRow, query: str) -> bool:
    """Whether the row's name or chart number, as the page shows them,
    contains `query` (already passed through search_text)."""
    return query in search_text(row.name) or query in search_text(row.chart_number)


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
