"""Rows of the SAMHSA FindTreatment.gov locator export (JSON).

Accepts the envelope the locator serves ({"page", "totalPages", "rows"}) or
a plain list of rows. Each row's `services` array holds categories whose
`f3` text lists labels joined by "; "; labels map to our codes through
vocabulary.SAMHSA_LABELS, and labels we cannot map are kept, by category.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterator

from clearhead.directory.importers.places import (
    unusable_coordinates,
    us_state_code,
    us_zip,
)
from clearhead.directory.importers.records import (
    NotThisFormat,
    Record,
    Skipped,
    coordinate,
    normalise_url,
    single_values,
    text,
)
from clearhead.directory.vocabulary import (
    SAMHSA_IGNORED_CATEGORIES,
    SAMHSA_IGNORED_LABELS,
    SAMHSA_LABELS,
    VOCABULARIES,
)

# The fields read as one value each (`services` is a list of categories).
SINGLE_VALUES = (
    "frid",
    "name1",
    "name2",
    "street1",
    "street2",
    "city",
    "state",
    "zip",
    "latitude",
    "longitude",
    "phone",
    "intake1",
    "hotline1",
    "website",
    "typeFacility",
    "type_facility",
)

KINDS = ("level", "service", "payment", "language", "population")


def rows_of(data) -> list:
    """Return the list of rows, or raise NotThisFormat."""
    rows = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(rows, list) or (
        rows and not any(isinstance(row, dict) and "name1" in row for row in rows[:20])
    ):
        raise NotThisFormat(
            'not a SAMHSA locator export: expected an object with "rows" '
            'or a list of rows with "name1"'
        )
    return rows


def _fallback_id(row: dict) -> str:
    key = "|".join(text(row.get(k)).lower() for k in ("name1", "street1", "zip"))
    return "h:" + hashlib.sha256(key.encode()).hexdigest()[:24]


def normalise_label(label: str) -> str:
    """A label as the mapping tables hold it: lower case, spaces collapsed
    (the locator writes "Buprenorphine with naloxone  (Suboxone®)")."""
    return " ".join(label.lower().split())


def _codes(services) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    unmapped: dict[str, list[str]] = defaultdict(list)
    for category in services if isinstance(services, list) else []:
        if not isinstance(category, dict) or not all(
            isinstance(category.get(key), str | int | float | None)
            for key in ("f2", "f3")
        ):
            continue
        if text(category.get("f2")) in SAMHSA_IGNORED_CATEGORIES:
            continue
        for label in text(category.get("f3")).split(";"):
            label = label.strip()
            if not label:
                continue
            key = normalise_label(label)
            if key in SAMHSA_IGNORED_LABELS:
                continue
            kind, code = SAMHSA_LABELS.get(key, (None, None))
            if kind is None:
                unmapped[text(category.get("f2")) or "?"].append(label)
            elif code not in found[kind]:
                found[kind].append(code)
    # Keep codes in vocabulary order, so equal content hashes equal rows.
    ordered = {
        kind: [code for code in VOCABULARIES[kind] if code in found[kind]]
        for kind in KINDS
    }
    return ordered, dict(unmapped)


def _state(value: str, problems: list[str]) -> str:
    """The facility's state as its USPS code ("Missouri" is MO); a value that
    is neither a code nor a name is left out, never cut to two letters."""
    code = us_state_code(value)
    if value and not code:
        problems.append(f"state {value!r} is not a US state or its code: left out")
    return code


def parse_row(number: int, row) -> Record | Skipped:
    if not isinstance(row, dict):
        return Skipped(number, "not an object")
    row, problems = single_values(row, SINGLE_VALUES)
    name = text(row.get("name1"))
    if not name:
        why = f" ({'; '.join(problems)})" if problems else ""
        return Skipped(number, f"no facility name (name1){why}")
    # Missing or unusable coordinates stay None: the import places the row
    # at its ZIP code or city, marked approximate (services._place).
    latitude = coordinate(row.get("latitude"), -90, 90)
    longitude = coordinate(row.get("longitude"), -180, 180)
    state = _state(text(row.get("state")), problems)
    codes, unmapped = _codes(row.get("services"))
    # typeFacility "MH": mental health care only (older exports: type_facility).
    facility_type = text(row.get("typeFacility") or row.get("type_facility"))
    fields = {
        "name": name[:255],
        "program_name": text(row.get("name2"))[:255],
        "street1": text(row.get("street1"))[:255],
        "street2": text(row.get("street2"))[:255],
        "city": text(row.get("city"))[:120],
        "state": state,
        "zip_code": us_zip(text(row.get("zip")), state, problems)[:5],
        "latitude": latitude,
        "longitude": longitude,
        "phone": text(row.get("phone"))[:40],
        "intake_phone": text(row.get("intake1"))[:40],
        "hotline_phone": text(row.get("hotline1"))[:40],
        "website": normalise_url(row.get("website"))[:500],
        "levels": codes["level"],
        "services": codes["service"],
        "payments": codes["payment"],
        "languages": codes["language"],
        "populations": codes["population"],
        "mental_health_only": facility_type.upper() == "MH",
    }
    source_id = text(row.get("frid")) or _fallback_id(row)
    unusable_coordinates(fields, "zip_code", problems)
    return Record(number, source_id[:120], fields, unmapped, problems)


def parse(data) -> Iterator[Record | Skipped]:
    for number, row in enumerate(rows_of(data), start=1):
        yield parse_row(number, row)
