"""Views of a record grouped into visits, for "who has seen my record".

Forty views in four minutes by one clinician are one visit, not forty rows:
a person's events (newest first), each within `VISIT_GAP` of the one after
it, are one `Visit`, even when another person's events fall in between (two
people on a record at once are two visits, side by side). Pure: it reads
the events it is given, in order, and stops as soon as a page is full, so a
page costs the same however long the record's history is.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# Views further apart than this are separate visits.
VISIT_GAP = timedelta(minutes=30)
PAGE_VISITS = 25


@dataclass
class Visit:
    """One person's run of views or changes: who, from `first` to `last`
    (UTC instants), how many events, and how many of each action
    (`counts`: label -> events, in the order first met, newest first)."""

    actor: object
    actor_role: str
    first: datetime
    last: datetime
    count: int = 1
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def labels(self) -> list[str]:
        return list(self.counts)

    @property
    def actions(self) -> list[tuple[str, int]]:
        """(label, how many times), e.g. [("appointment saved", 2)]."""
        return list(self.counts.items())


def visits_page(
    events: Iterable, *, gap: timedelta = VISIT_GAP, size: int = PAGE_VISITS
) -> tuple[list[Visit], object | None]:
    """Group `events` (AuditEvents, newest first) into at most `size` visits,
    newest first (by their last event).

    Returns (visits, the first event of the next page, or None when there is
    none). Reads one event past the page, no more.
    """
    visits: list[Visit] = []
    open_visits: dict[tuple, Visit] = {}  # each person's visit still growing
    for event in events:
        who = (event.actor_id, event.actor_role)
        current = open_visits.get(who)
        if current is not None and current.first - event.occurred_at <= gap:
            current.first = event.occurred_at
            current.count += 1
            label = event.action_label
            current.counts[label] = current.counts.get(label, 0) + 1
            continue
        if len(visits) == size:
            return visits, event
        current = Visit(
            actor=event.actor,
            actor_role=event.actor_role,
            first=event.occurred_at,
            last=event.occurred_at,
            counts={event.action_label: 1},
        )
        open_visits[who] = current
        visits.append(current)
    return visits, None
