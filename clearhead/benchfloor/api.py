"""POST /api/v1/bench/floor: mounted only when CLEARHEAD_BENCH_FLOOR is true."""

import json

from django.http import HttpRequest
from ninja import Router

from clearhead.audit.decorators import no_patient_data
from clearhead.benchfloor.models import FloorRow
from clearhead.care.time_zones import today_for

router = Router(tags=["benchmark"])


@router.post("/floor", include_in_schema=False)
@no_patient_data
def bench_floor(request: HttpRequest):
    """Authenticate like the check-in API, parse the body, insert one row."""
    data = json.loads(request.body)
    FloorRow.objects.create(
        patient=request.auth,
        client_id=data["client_id"],
        day=today_for(request.auth),
        craving=data["craving"],
        mood=data["mood"],
        used_ketamine=data["used_ketamine"],
        self_harm_thoughts=data["self_harm_thoughts"],
        triggers=data.get("triggers", []),
        note=data.get("note", ""),
    )
    return {"ok": True}
