from django.core.exceptions import PermissionDenied
from django.db import transaction

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
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
    return saved
