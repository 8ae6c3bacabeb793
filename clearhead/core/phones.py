"""Phone numbers people type, checked and kept one way (Google's libphonenumber).

A number is read in the deployment's region (`CLEARHEAD_REGION`) unless it
starts with + and a country code, and stored as E.164 ("+13125550142"),
with ";ext=12" after it when an extension was given. Pages show it the way
people of the region write it ("(312) 555-0142"; international form for a
number from elsewhere) and link it as `tel:` (RFC 3966), so a tap on a
phone calls it.
"""

from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# libphonenumber names regions by ISO 3166 code: the United Kingdom is "GB".
_REGION_CODES = {"US": "US", "UK": "GB"}

NOT_A_NUMBER = _("Enter a phone number we can call, for example %(example)s.")
_EXAMPLES = {"US": "(312) 555-0142", "UK": "020 7946 0958"}


def _region() -> str:
    return _REGION_CODES[settings.CLEARHEAD_REGION]


def phone_example() -> str:
    """A made-up number written the region's way, for hints and errors."""
    return _EXAMPLES[settings.CLEARHEAD_REGION]


def phone_normalize(raw: str) -> str:
    """Return `raw` as stored (E.164, ";ext=N" if any); "" for an empty entry.

    Raises ValidationError (one plain message) for anything that is not a
    number that can be dialled.
    """
    raw = (raw or "").strip()
    if not raw:
        return ""
    error = ValidationError(
        NOT_A_NUMBER, code="invalid", params={"example": phone_example()}
    )
    try:
        number = phonenumbers.parse(raw, _region())
    except phonenumbers.NumberParseException:
        raise error from None
    if not phonenumbers.is_valid_number(number):
        raise error
    stored = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{stored};ext={number.extension}" if number.extension else stored


@dataclass(frozen=True)
class Phone:
    """A stored number as a page shows and links it."""

    display: str  # "(312) 555-0142", or "+44 20 7946 0958" from elsewhere
    href: str  # "tel:+1-312-555-0142"


def phone_for_display(stored: str) -> Phone | None:
    """Return how to show and link a stored number; None when there is none.

    A stored value that no longer parses (written before numbers were
    checked) is shown as it is, without a link.
    """
    if not stored:
        return None
    try:
        number = phonenumbers.parse(stored, _region())
    except phonenumbers.NumberParseException:
        return Phone(display=stored, href="")
    home = phonenumbers.region_code_for_number(number) == _region()
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return Phone(
        display=phonenumbers.format_number(number, style),
        href=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966),
    )
