"""Views of a record grouped into visits, for "who has seen my record".

Forty views in four minutes by one clinician are one visit, not forty rows:
consecutive events (newest first) by the same person, each within
`VISIT_GAP` of the one before, are one `Visit`. Pure: it reads the events it
is given, in order, and stops as soon as a page is full, so a page costs the
same however long the record's history is.
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
    (UTC instants), how many events, and what they did (labels, in the
    order first met, newest first)."""

    actor: object
    actor_role: str
    first: datetime
    last: datetime
    count: int = 1
    labels: list[str] = field(default_factory=list)


def visits_page(
    events: Iterable, *, gap: timedelta = VISIT_GAP, size: int = PAGE_VISITS
) -> tuple[list[Visit], object | None]:
    """Group `events` (AuditEvents, newest first) into at most `size` visits.

    Returns (visits, the first event of the next page, or None when there is
    none). Reads one event past the page, no more.
    """
    visits: list[Visit] = []
    current: Visit | None = None
    for event in events:
        joins = (
            current is not None
            and event.actor_id == current.actor.pk
            and current.first - event.occurred_at <= gap
        )
        if joins:
            current.first = event.occurred_at
            current.count += 1
            if event.action_label not in current.labels:
                current.labels.append(event.action_label)
            continue
        if len(visits) == size:
            return visits, event
        current = Visit(
            actor=event.actor,
            actor_role=event.actor_role,
            first=event.occurred_at,
            last=event.occurred_at,
            labels=[event.action_label],
        )
        visits.append(current)
    return visits, None
