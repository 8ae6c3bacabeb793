from django.core.exceptions import PermissionDenied
from django.db import transaction

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care.time_zones import today_for
from clearhead.flags import services as flag_services
from clearhead.screening import policies
from clearhead.screening.instruments import INSTRUMENTS
from clearhead.screening.journey import JourneyState
from clearhead.screening.models import ScreeningResult


@transaction.atomic
def screening_results_save(*, actor, state: JourneyState) -> list[ScreeningResult]:
    """Save every instrument in `state` into the actor's own account.

    Only for patients, and only ever into their own record. The answers have
    already been validated. Audited once as SCREENING_SAVED, naming the
    instruments (never the answers).
    """
    if not policies.can_save_own_results(actor):
        raise PermissionDenied
    saved = [
        ScreeningResult.objects.create(
            patient=actor,
            instrument_id=instrument_id,
            instrument_version=INSTRUMENTS[instrument_id].version,
            answers=answers,
            result=result,
        )
        for instrument_id, answers, result in (
            (key, value, INSTRUMENTS[key].result(value))
            for key, value in state.answers.items()
        )
    ]
    audit_record(
        actor=actor,
        action=AuditAction.SCREENING_SAVED,
        patient=actor,
        extra={"instruments": sorted(state.answers), "count": len(saved)},
    )
    for result in saved:
        # PHQ-9 item 9 (thoughts of death or self-harm) above "not at all".
        if result.instrument_id == "phq9" and result.result.get("crisis"):
            flag_services.screening_crisis_raise(
                patient=actor, result_id=str(result.public_id), day=today_for(actor)
            )
    return saved
