"""Splitting a one-line address ("1600 Dell Ave, Campbell, CA 95008, USA").

Meeting Guide feeds from 12 Step Meeting List sites publish only
`formatted_address`. usaddress (a trained parser for US addresses) labels
its parts; the street is every part before the city. It knows neither
Canada's postal codes nor the word "Canada", which 12 Step Meeting List sites
in Canada end every address with, so both are taken off the end first.
"""

import re
from dataclasses import dataclass

import usaddress

# "M5H 2M9" (Canada Post's letters; D, F, I, O, Q, U are never used).
_CANADIAN_POSTCODE = re.compile(
    r"[,\s]+([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])\s?(\d[ABCEGHJ-NPRSTV-Z]\d)$",
    re.IGNORECASE,
)
_COUNTRY = re.compile(r",\s*(canada|usa|united states)\s*$", re.IGNORECASE)

_NOT_STREET = {"PlaceName", "StateName", "ZipCode", "CountryName", "Recipient"}


@dataclass(frozen=True)
class Address:
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""


def _first_of_each(parts: list[tuple[str, str]]) -> dict[str, list[str]]:
    labelled: dict[str, list[str]] = {}
    for token, label in parts:
        labelled.setdefault(label, []).append(token.strip(",; "))
    return labelled


def split_address(line: str) -> Address:
    """Return the street, city, state and ZIP of a one-line US address.

    A line the parser cannot read becomes the street as it is, so nothing is
    lost; a line with only a place ("Sussex County, DE, USA") has no street.
    """
    line = _COUNTRY.sub("", (line or "").strip())
    postcode = ""
    if match := _CANADIAN_POSTCODE.search(line):
        postcode = f"{match.group(1)} {match.group(2)}".upper()
        line = line[: match.start()].strip(",; ")
    if not line:
        return Address(postal_code=postcode)
    try:
        labelled = _first_of_each(usaddress.parse(line))
    except (usaddress.RepeatedLabelError, ValueError):
        return Address(street=line)
    street = " ".join(
        token
        for token, label in usaddress.parse(line)
        if label not in _NOT_STREET and token.strip(",; ")
    ).strip(",; ")
    state = " ".join(labelled.get("StateName", []))
    return Address(
        street=street.replace(" ,", ","),
        city=" ".join(labelled.get("PlaceName", [])),
        state=state.upper() if len(state) == 2 else state,
        postal_code=postcode or " ".join(labelled.get("ZipCode", [])),
    )
