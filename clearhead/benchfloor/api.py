"""POST /api/v1/bench/floor: mounted only when CLEARHEAD_BENCH_FLOOR is true."""

import json

from django.http import HttpRequest
from ninja import Router

from clearhead.audit.actions import AuditAction
from clearhead.audit.decorators import shows_patient_data
from clearhead.benchfloor.services import floor_row_create

router = Router(tags=["benchmark"])


@router.post("/floor", include_in_schema=False)
@shows_patient_data(AuditAction.CHECKIN_CREATED)
def bench_floor(request: HttpRequest):
    """Authenticate like the check-in API, parse the body, insert one row and
    its one audit event (the floor includes the audit design's cost)."""
    floor_row_create(actor=request.auth, data=json.loads(request.body))
    return {"ok": True}
