"""POST /api/v1/screening/{instrument}: score answers; nothing is stored.

No sign-in and no CSRF token: the endpoints only compute, and anonymous
visitors use them. One operation per instrument, so the OpenAPI schema shows
each instrument's exact answer shape.

The words a person reads (the instrument's title, the explanation, advice
and level-of-care guidance) follow the request's language (Accept-Language,
or the language cookie); codes, scores, bands, ids, versions and field
names are the same in every language.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router
from ninja.errors import HttpError
from ninja.throttling import AnonRateThrottle

from clearhead.audit.decorators import no_patient_data
from clearhead.safety.helplines import help_lines_for
from clearhead.screening import explain, journey
from clearhead.screening.instruments import INSTRUMENTS, Instrument

router = Router(tags=["screening"])


def _answers_of(instrument: Instrument, payload) -> object:
    answers = payload.answers
    return answers.model_dump() if instrument.answers_as == "object" else answers


def _score_operation(instrument: Instrument):
    def score(request: HttpRequest, payload: instrument.input_schema):
        result = instrument.result(_answers_of(instrument, payload))
        emergency = help_lines_for(settings.CLEARHEAD_REGION).emergency_number
        return {
            **result,
            "title": journey.in_reader_language(instrument).title,
            **explain.result_texts(result, emergency_number=emergency),
        }

    score.__name__ = f"score_{instrument.id.replace('-', '_')}"
    score.__doc__ = f"{instrument.title}: {instrument.purpose} Nothing is stored."
    # Anonymous answers are scored, never written anywhere: no audit row.
    return no_patient_data(score)


for _instrument in INSTRUMENTS.values():
    router.post(
        f"/{_instrument.id}",
        response=_instrument.output_schema,
        auth=None,
        throttle=[AnonRateThrottle("60/m")],
        summary=f"Score {_instrument.title}",
    )(_score_operation(_instrument))


@router.post("/{instrument}", auth=None, include_in_schema=False)
@no_patient_data
def unknown_instrument(request: HttpRequest, instrument: str):
    message = gettext("There is no instrument %(instrument)s. Known: %(known)s.")
    raise HttpError(
        404, message % {"instrument": repr(instrument), "known": ", ".join(INSTRUMENTS)}
    )
