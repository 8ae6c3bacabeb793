from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent

# Actions that send information outside Clearhead: the accounting of disclosures.
DISCLOSURES = {AuditAction.FHIR_EXPORTED, AuditAction.SUPPORTER_ALERTED}


def accesses_by_others(*, patient, first=None) -> QuerySet[AuditEvent]:
    """Every view or change of the patient's record by someone else, newest
    first, from the event whose public id is `first` (inclusive) back; all of
    them when `first` is None.

    Raises Http404 when `first` is not such an event of this patient's.
    Read it lazily (`.iterator()`): the history can be long.
    """
    events = (
        AuditEvent.objects.filter(patient=patient)
        .exclude(Q(actor=patient))
        .exclude(actor=None)
        .select_related("actor")
        .order_by("-occurred_at", "-id")
    )
    if first is None:
        return events
    start = get_object_or_404(events, public_id=first)
    return events.filter(
        Q(occurred_at__lt=start.occurred_at)
        | Q(occurred_at=start.occurred_at, id__lte=start.id)
    )


def disclosures_of(*, patient) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(
            patient=patient, action__in=[int(a) for a in DISCLOSURES]
        )
        .select_related("actor")
        .order_by("-occurred_at")
    )


def events_since(*, actor, action: AuditAction, since) -> int:
    """How many events of `action` `actor` caused from `since` (an aware instant).

    Counts in the database, so a limit built on it holds across processes.
    """
    return AuditEvent.objects.filter(
        actor=actor, action=action, occurred_at__gte=since
    ).count()
