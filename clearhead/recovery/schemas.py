from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from ninja import Schema
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
)

from clearhead.recovery.choices import COPING, OTHER_SUBSTANCES, TRIGGERS

Trigger = Literal[tuple(TRIGGERS)]
Coping = Literal[tuple(COPING)]
Substance = Literal[tuple(OTHER_SUBSTANCES)]
ZeroToTen = Annotated[StrictInt, Field(ge=0, le=10)]


# Plain pydantic models, like CheckInOut below: ninja's Schema validates a
# model that forbids extra fields twice (once as sent, once through its
# DjangoGetter), and the check-in is the API's busiest write.
class CheckInIn(BaseModel):
    # from_attributes as ninja's Schema has it: a body that is not an object
    # is refused in the same words as before ("a valid dictionary or object").
    model_config = ConfigDict(extra="forbid", from_attributes=True)

    client_id: UUID = Field(
        description="A UUID made by the client; resending it is safe."
    )
    day: date | None = Field(
        None,
        description=(
            "Defaults to today in the patient's time zone. Yesterday logs a "
            "missed check-in, marked late, once and only if yesterday has none."
        ),
    )
    recorded_at: AwareDatetime | None = Field(
        None,
        description=(
            "When the check-in was made on the device, with its UTC offset "
            '(ISO 8601, e.g. "2026-12-01T23:30:00-06:00"). The day is read from '
            "it in the patient's time zone; at most 5 minutes ahead of the "
            "server, and no earlier than yesterday."
        ),
    )
    account_tag: str | None = Field(
        None,
        max_length=64,
        description=(
            "The device-storage id of the account the check-in was queued "
            "under (the page's clearhead-account); another account's is a 409."
        ),
    )
    craving: ZeroToTen
    mood: Annotated[StrictInt, Field(ge=1, le=5)]
    stress: ZeroToTen | None = None
    sleep_hours: Annotated[float, Field(ge=0, le=24)] | None = None
    used_ketamine: StrictBool
    other_substances: list[Substance] = Field(
        default_factory=list, max_length=len(OTHER_SUBSTANCES)
    )
    triggers: list[Trigger] = Field(default_factory=list, max_length=len(TRIGGERS))
    risky_situation: StrictBool = False
    coping: list[Coping] = Field(default_factory=list, max_length=len(COPING))
    confidence: ZeroToTen | None = None
    self_harm_thoughts: StrictBool
    body_symptoms: StrictBool = False
    note: str = Field("", max_length=2000)


# Reads the check-in's attributes itself (from_attributes): ninja's Schema
# would wrap each check-in in its DjangoGetter (for managers, files and
# resolve_ methods, none of which these flat columns need), about four times
# the cost of the answer, on every check-in and every row of the list.
class CheckInOut(BaseModel):
    """A stored check-in, as the patient sent it and as it was filed."""

    model_config = ConfigDict(from_attributes=True)

    id: UUID = Field(alias="public_id")
    client_id: UUID
    day: date
    craving: int
    mood: int
    stress: int | None
    sleep_hours: Decimal | None
    used_ketamine: bool
    other_substances: list[str]
    triggers: list[str]
    risky_situation: bool
    coping: list[str]
    confidence: int | None
    self_harm_thoughts: bool
    body_symptoms: bool
    body_advice: str
    note: str
    recorded_at: datetime | None
    late: bool
    created_at: datetime


class FlagOut(Schema):
    code: str
    since: date
    evidence: list[str]


class EarlyWarningsOut(Schema):
    flags: list[FlagOut]


# What browsers hand over: a URL of printable ASCII, keys in base64url.
ENDPOINT = r"^[\x21-\x7e]+$"
BASE64URL = r"^[A-Za-z0-9_-]+={0,2}$"


class PushKeysIn(Schema):
    model_config = ConfigDict(extra="forbid")

    p256dh: str = Field(
        max_length=200, pattern=BASE64URL, description="The browser's public key."
    )
    auth: str = Field(
        max_length=100, pattern=BASE64URL, description="The browser's secret."
    )


class PushSubscriptionIn(Schema):
    """A browser's `PushSubscription.toJSON()`, as it comes."""

    model_config = ConfigDict(extra="forbid")

    endpoint: str = Field(max_length=2000, pattern=ENDPOINT)
    expirationTime: int | None = None  # noqa: N815  (the browser's own name)
    keys: PushKeysIn


class PushEndpointIn(Schema):
    model_config = ConfigDict(extra="forbid")

    endpoint: str = Field(max_length=2000, pattern=ENDPOINT)


class PushStatusOut(Schema):
    notifications_on: bool = Field(
        description="Whether reminder notifications come to this browser."
    )
