from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, models

from clearhead.audit.actions import AuditAction
from clearhead.audit.context import current_origin
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
    return event


def audit_record_for_patients(*, actor: Any, action: AuditAction, patient_ids) -> int:
    """Record one event per patient in `patient_ids` (a queryset of ids), in one query.

    Used where a page shows many patients at once, like a caseload: each
    patient gets a row of their own, so "who has seen my record" stays
    complete, and the cost is one INSERT ... SELECT however long the list.
    """
    origin = current_origin()
    actor = actor if actor is not None and actor.is_authenticated else None
    try:
        select_sql, select_params = patient_ids.query.sql_with_params()
    except EmptyResultSet:  # e.g. filtered on an empty list: nobody to record
        return 0
    postgres = connection.vendor == "postgresql"
    new_uuid = "gen_random_uuid()" if postgres else "lower(hex(randomblob(16)))"
    ip_cast, json_cast = ("::inet", "::jsonb") if postgres else ("", "")
    table = AuditEvent._meta.db_table
    sql = (
        f"INSERT INTO {table} (public_id, occurred_at, actor_id, actor_role, patient_id, "  # noqa: S608
        "action, subject_type, subject_id, channel, method, ip_address, extra, chain_hash) "
        f"SELECT {new_uuid}, %s, %s, %s, chosen.patient_id, %s, '', '', %s, %s, "
        f"%s{ip_cast}, %s{json_cast}, '' FROM ({select_sql}) AS chosen"
    )
    params = [
        clock.now(),
        actor.pk if actor else None,
        getattr(actor, "role", "") or "",
        int(action),
        origin.channel if origin else "",
        origin.method if origin else "",
        origin.ip_address if origin else None,
        "{}",
        *select_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        inserted = cursor.rowcount
    if origin is not None:
        origin.events_recorded += max(inserted, 0)
    return inserted
