"""The shape of valid answers to each instrument, for the API and the pages.

Validation is strict: booleans must be JSON true/false and scores whole
numbers in range ("1" and 1.0 are refused), lists have exactly the number of
items, and unknown keys are refused. Anything else is a 422 naming the field.
"""

from typing import Annotated, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictBool, StrictInt, create_model

from clearhead.screening.scoring import (
    BODY_SYMPTOMS,
    CARE_FLAGS,
    CARE_RATINGS,
    DSM_CRITERIA,
)

ItemScore = Annotated[StrictInt, Field(ge=0, le=3)]
CareRating = Annotated[StrictInt, Field(ge=0, le=4)]


class StrictSchema(Schema):
    model_config = ConfigDict(extra="forbid")


def _answers_list(item_type, count: int):
    return Annotated[list[item_type], Field(min_length=count, max_length=count)]


def _object_of(name: str, fields: dict):
    return create_model(name, __base__=StrictSchema, **fields)


DsmAnswers = _object_of("DsmAnswers", dict.fromkeys(DSM_CRITERIA, (StrictBool, ...)))
BodyAnswers = _object_of(
    "BodyAnswers", dict.fromkeys(BODY_SYMPTOMS, (StrictBool, False))
)
CareAnswers = _object_of(
    "CareAnswers",
    {
        **dict.fromkeys(CARE_RATINGS, (CareRating, 0)),
        **dict.fromkeys(CARE_FLAGS, (StrictBool, False)),
    },
)


class SelfCheckIn(StrictSchema):
    answers: _answers_list(StrictBool, 7)


class Dsm5In(StrictSchema):
    answers: DsmAnswers


class Phq9In(StrictSchema):
    answers: _answers_list(ItemScore, 9)


class Gad7In(StrictSchema):
    answers: _answers_list(ItemScore, 7)


class BladderCheckIn(StrictSchema):
    answers: BodyAnswers


class LevelOfCareIn(StrictSchema):
    answers: CareAnswers


class ResultBase(Schema):
    """A scored result. `instrument`, `version` and every code and score are
    the same in every language; `title`, `explanation` and the other texts
    are in the request's language (Accept-Language)."""

    instrument: str
    version: str
    title: str = Field(description="The instrument's title, in the request's language.")
    explanation: str = Field(
        description=(
            "What the result means, in plain words, in the request's language. "
            "A screening, not a diagnosis."
        )
    )


class SelfCheckOut(ResultBase):
    yes_count: int
    concern: Literal["none", "some", "likely"]


class Dsm5Out(ResultBase):
    criteria_met: int
    severity: Literal["none", "mild", "moderate", "severe"]
    criteria: list[str]


class Phq9Out(ResultBase):
    total: int
    severity: Literal["minimal", "mild", "moderate", "moderately_severe", "severe"]
    crisis: bool


class Gad7Out(ResultBase):
    total: int
    severity: Literal["minimal", "mild", "moderate", "severe"]


class BladderCheckOut(ResultBase):
    advice: Literal["emergency", "urgent", "routine", "none"]
    advice_title: str = Field(
        description="What to do, in a few words, in the request's language."
    )
    red_flags: list[str]


class LevelOfCareOut(ResultBase):
    level: Literal["inpatient", "residential", "intensive_outpatient", "outpatient"]
    level_name: str = Field(
        description="The suggested level of care, in the request's language."
    )
    detox_first: bool
    crisis: bool
    reasons: list[str]
    reason_texts: list[str] = Field(
        description="Each reason code in `reasons`, as a sentence in the request's language."
    )
