from typing import Any

from django.db import models

from clearhead.audit.actions import AuditAction
from clearhead.audit.context import current_origin
from clearhead.audit.integrity import event_mac
from clearhead.audit.models import AuditEvent
from clearhead.core import clock


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    patient: Any = None,
    subject: models.Model | None = None,
    extra: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record that `actor` did `action`, to `patient`'s record if there is one.

    The request's address and page are taken from the audit middleware, so
    services can call this without the request. Call it inside the same
    transaction as the change it describes, so that neither exists alone.
    `extra` must hold names and ids only, never free text a person wrote.
    """
    origin = current_origin()
    actor = actor if actor is not None and actor.is_authenticated else None
    event = AuditEvent.objects.create(
        actor=actor,
        actor_role=getattr(actor, "role", "") or "",
        patient=patient,
        action=action,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(getattr(subject, "public_id", subject.pk))
        if subject is not None
        else "",
        channel=origin.channel if origin else "",
        method=origin.method if origin else "",
        ip_address=origin.ip_address if origin else None,
        extra=extra or {},
    )
    if origin is not None:
        origin.events_recorded += 1
        origin.actions.append(int(action))
    return event


def audit_record_for_patients(*, actor: Any, action: AuditAction, patient_ids) -> int:
    """Record one event per patient in `patient_ids` (ids, or a queryset of `values()`).

    Used where a page shows many patients at once, like a caseload: each
    patient gets a row of their own, so "who has seen my record" stays
    complete, each with its own MAC, written in one bulk insert per 500.
    """
    origin = current_origin()
    actor = actor if actor is not None and actor.is_authenticated else None
    now = clock.now()
    events = []
    for row in patient_ids:
        patient_id = next(iter(row.values())) if isinstance(row, dict) else row
        event = AuditEvent(
            occurred_at=now,
            actor=actor,
            actor_role=getattr(actor, "role", "") or "",
            patient_id=patient_id,
            action=action,
            channel=origin.channel if origin else "",
            method=origin.method if origin else "",
            ip_address=origin.ip_address if origin else None,
            extra={},
        )
        # bulk_create does not call save(): each event gets its MAC here.
        event.mac = event_mac(event)
        events.append(event)
    AuditEvent.objects.bulk_create(events, batch_size=500)
    if origin is not None:
        origin.events_recorded += len(events)
        origin.actions.extend([int(action)] * len(events))
    return len(events)
