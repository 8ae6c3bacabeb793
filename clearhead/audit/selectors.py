from django.db.models import Q, QuerySet

from clearhead.audit.actions import AuditAction
from clearhead.audit.models import AuditEvent

# Actions that send information outside Clearhead: the accounting of disclosures.
DISCLOSURES = {AuditAction.FHIR_EXPORTED, AuditAction.SUPPORTER_ALERTED}


def accesses_by_others(*, patient, limit: int = 200) -> QuerySet[AuditEvent]:
    """Every view or change of the patient's record by someone else, newest first."""
    return (
        AuditEvent.objects.filter(patient=patient)
        .exclude(Q(actor=patient))
        .exclude(actor=None)
        .select_related("actor")
        .order_by("-occurred_at", "-id")[:limit]
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
