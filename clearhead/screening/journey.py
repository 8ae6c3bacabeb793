"""The public self-assessment journey, step by step, with nothing stored.

Answers travel with the person, not on the server: each step's form carries
the answers given so far in a hidden field, and every step validates them
again with the same schemas as the API. With JavaScript, self-check.js also
keeps them in the tab's sessionStorage (`clearhead:self-check:answers`) and
turns each page shown after a POST into a GET of an address without answers
(`/check/take/?step=…`, `/check/results/`), so Back, Forward and reload post
them again (`action=show`) instead of asking to resend a form. Nothing goes
into the database, a cookie, an address or a log; closing the tab or quick
exit forgets everything.
"""

import json
from dataclasses import dataclass

from django.utils.translation import get_language
from pydantic import ValidationError

from clearhead.screening.instruments import INSTRUMENTS, Instrument

# The order of the journey. Optional steps offer "Skip this check".
STEPS = (
    ("ketamine-self-check", False),
    ("dsm5-ketamine", True),
    ("phq9", True),
    ("gad7", True),
    ("bladder-check", False),
    ("level-of-care", False),
)
STEP_IDS = tuple(step for step, _ in STEPS)
OPTIONAL = {step for step, optional in STEPS if optional}


class BrokenState(ValueError):
    """The carried answers were altered or cut short and cannot be trusted."""


@dataclass
class JourneyState:
    """The answers so far, by instrument id, as validated answer values."""

    answers: dict

    def to_json(self) -> str:
        return json.dumps(self.answers, separators=(",", ":"))

    def results(self) -> dict:
        """Score every instrument answered so far."""
        return {
            instrument_id: INSTRUMENTS[instrument_id].result(answers)
            for instrument_id, answers in self.answers.items()
        }

    @property
    def crisis(self) -> bool:
        """Whether any answer so far means the crisis lines must come first."""
        return any(result.get("crisis") for result in self.results().values())


def validate_answers(instrument: Instrument, answers) -> object:
    """Return answers in scoring form, or raise pydantic's ValidationError."""
    payload = instrument.input_schema(answers=answers).answers
    return payload.model_dump() if instrument.answers_as == "object" else payload


def parse_state(raw: str) -> JourneyState:
    """Rebuild the carried answers, refusing anything that does not validate."""
    if not raw:
        return JourneyState({})
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: nested thousands deep
        raise BrokenState from None
    if not isinstance(data, dict) or not set(data) <= set(STEP_IDS):
        raise BrokenState
    try:
        return JourneyState(
            {
                key: validate_answers(INSTRUMENTS[key], value)
                for key, value in data.items()
            }
        )
    except ValidationError:
        raise BrokenState from None


def step_after(step: str) -> str | None:
    """Return the step that follows, or None when the next page is the results."""
    index = STEP_IDS.index(step)
    return STEP_IDS[index + 1] if index + 1 < len(STEP_IDS) else None


def step_before(step: str) -> str | None:
    index = STEP_IDS.index(step)
    return STEP_IDS[index - 1] if index > 0 else None


def in_reader_language(instrument: Instrument) -> Instrument:
    """The instrument with its words (title, purpose, stem, items, options) in
    the active language: the reader's, on a page or an API response."""
    return instrument.in_language(get_language())
