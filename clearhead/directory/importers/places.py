"""US states and ZIP codes as feeds write them.

Feeds write a state as its USPS code ("MO") or its full name ("Missouri");
the `us` package's table of states, DC and territories maps one to the
other (matched exactly, never guessed at). Spreadsheets strip a ZIP code's
leading zero ("2134" for 02134); the `zipcodes` data says which state a
padded ZIP is in, so it is padded only where that is the row's state.
"""

import functools
import re

import us
import zipcodes

from clearhead.directory.geo import coordinates_fit

_STRIPPED_ZIP = re.compile(r"^(\d{4})(?:-\d{4})?$")

_CODES = {state.abbr for state in us.states.STATES_AND_TERRITORIES}
_BY_NAME = {
    state.name.lower(): state.abbr for state in us.states.STATES_AND_TERRITORIES
}


@functools.lru_cache(maxsize=1024)
def us_state_code(value: str) -> str:
    """The USPS code of a US state or territory given by code or full name
    (any case), else ""."""
    raw = " ".join(value.split())
    if raw.upper() in _CODES:
        return raw.upper()
    return _BY_NAME.get(raw.lower(), "")


def zip_state(code: str) -> str:
    """The state of a 5-digit US ZIP code we know, else ""."""
    try:
        found = zipcodes.matching(code)
    except (TypeError, ValueError):
        return ""
    return found[0]["state"] if found else ""


def us_zip(value: str, state: str, problems: list[str]) -> str:
    """A US row's ZIP code, its leading zero put back ("2134" in MA is 02134)
    when the padded code is in the row's state; otherwise a 4-digit code is
    left out and said in `problems`. Other values are returned as they are."""
    match = _STRIPPED_ZIP.match(value)
    if not match:
        return value
    padded = "0" + match[1]
    if state and zip_state(padded) == state:
        return padded
    where = f"in {state}" if state else "in the row's state (none given)"
    problems.append(
        f"ZIP code {value!r} has 4 digits, and {padded} is not a ZIP code {where}: "
        "left out"
    )
    return ""


def unusable_coordinates(fields: dict, postal_field: str, problems: list[str]) -> None:
    """Drop a row's coordinates when they are not in its ZIP code or state
    (swapped, or another place's), saying so in `problems`: the import then
    places the row at its ZIP code or city, marked approximate, and its zone
    comes from its ZIP code or state, not from the wrong point."""
    latitude, longitude = fields["latitude"], fields["longitude"]
    if latitude is None or longitude is None:
        return
    zip_code, state = fields[postal_field], fields["state"]
    if coordinates_fit(latitude, longitude, zip_code, us_state_code(state)):
        return
    where = " ".join(part for part in (state, zip_code) if part)
    problems.append(
        f"coordinates {latitude}, {longitude} are not in {where}: placed at its "
        "ZIP code or city instead"
    )
    fields["latitude"] = fields["longitude"] = None
