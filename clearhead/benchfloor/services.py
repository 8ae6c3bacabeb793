"""The floor's one write: a row and its audit event, as a check-in is written."""

from django.db import transaction

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.benchfloor.models import FloorRow
from clearhead.care.time_zones import today_for


def floor_row_create(*, actor, data: dict) -> FloorRow:
    """Insert one row for `actor` and record the one audit event a write of
    patient data records, in one transaction (`transaction.atomic()` around
    both, as `recovery.services.checkin_create` holds its insert and its
    event): the cost the check-in API is compared against."""
    with transaction.atomic():
        row = FloorRow.objects.create(
            patient=actor,
            client_id=data["client_id"],
            day=today_for(actor),
            craving=data["craving"],
            mood=data["mood"],
            used_ketamine=data["used_ketamine"],
            self_harm_thoughts=data["self_harm_thoughts"],
            triggers=data.get("triggers", []),
            note=data.get("note", ""),
        )
        # The check-in's own action: the same event, the same cost.
        audit_record(
            actor=actor,
            action=AuditAction.CHECKIN_CREATED,
            patient=actor,
            subject=row,
        )
    return row
