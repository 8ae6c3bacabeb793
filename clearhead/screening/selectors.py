from django.db.models import QuerySet

from clearhead.audit.actions import AuditAction
from clearhead.audit.services import audit_record
from clearhead.care import policy
from clearhead.flags import crisis
from clearhead.flags.services import SCREENING_RESULT
from clearhead.screening.models import ScreeningResult


def screening_result_list_for_patient(*, actor, patient) -> QuerySet[ScreeningResult]:
    """Return a patient's saved results, for the patient themself only.

    Care teams reach results through the clinic app's scoped selectors.
    Records the read as SCREENING_VIEWED.
    """
    if not policy.is_self(actor, patient):
        return ScreeningResult.objects.none()
    audit_record(actor=actor, action=AuditAction.SCREENING_VIEWED, patient=patient)
    return ScreeningResult.objects.filter(patient=patient)


def crisis_after_saving(*, actor) -> dict:
    """The crisis box of the saved-results page, or {} when there is none.

    When the patient's open crisis flag rests on a screening they saved
    (PHQ-9 item 9 above 0): {"crisis_box": True, "crisis_flag": Flag,
    "care_team": flags.crisis.CareTeamStatus}, so the page says beside the
    help lines whether their care team will be told (`_crisis.html`).
    """
    context = crisis.crisis_context(actor=actor)
    flag = context["crisis_flag"]
    if flag is None or not any(
        entry["type"] == SCREENING_RESULT for entry in flag.evidence
    ):
        return {}
    return {"crisis_box": True, **context}


LEVEL_OF_CARE = "level-of-care"


def saved_detox_first(*, patient) -> ScreeningResult | None:
    """The patient's latest SAVED level-of-care result, if it says detox first.

    Only results the person chose to save are rows here: an anonymous,
    unsaved self-check leaves nothing to find. Their latest saved
    level-of-care result decides (a newer one without detox first means
    None). Read when the patient joins a program (clinic.services), to
    suggest the treatment plan's withdrawal phase; not audited on its own,
    since the joining is (ENROLLMENT_CREATED) and so is the suggestion.
    """
    latest = (
        ScreeningResult.objects.filter(patient=patient, instrument_id=LEVEL_OF_CARE)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is None or not (latest.result or {}).get("detox_first"):
        return None
    return latest
