"""What every importer produces: records to upsert, or a row it had to skip."""

import hashlib
import json
from dataclasses import dataclass, field


class NotThisFormat(ValueError):
    """The file is not the format the importer reads at all."""


@dataclass(frozen=True)
class Skipped:
    row: int  # 1-based position in the file
    reason: str
    # What the row calls itself (name and id), so a report names the row.
    label: str = ""


@dataclass
class Record:
    """One row's fields for the model, keyed by the source's own id."""

    row: int
    source_id: str
    fields: dict
    unmapped: dict = field(default_factory=dict)
    # Values of the row that could not be used as given, each saying what was
    # done instead ("end_time 'banana' is not a time of day: no end time");
    # the import names them in its report.
    problems: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        canonical = json.dumps(self.fields, sort_keys=True, default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()


def text(value) -> str:
    """A source value as trimmed text; None and numbers become text too.

    NUL characters are dropped: PostgreSQL cannot store them in text, and one
    would fail the whole import's transaction.
    """
    return "" if value is None else str(value).replace("\x00", "").strip()


# A value that is not a single value (a tuple: isinstance is quicker with one).
_NESTED = (dict, list)


def _what(value) -> str:
    return "an object" if isinstance(value, dict) else "a list"


def single_values(
    row: dict, fields: tuple[str, ...], lists: tuple[str, ...] = ()
) -> tuple[dict, list[str]]:
    """The row with every non-scalar value of `fields` left out, and of
    `lists` (which may be lists) every item that is not a single value, with
    a problem naming each field: a value is read, or left out, never stored
    as Python's text for an object ("{'name': 'Church'}")."""
    clean, problems = dict(row), []
    for key in fields:
        if isinstance(row.get(key), _NESTED):
            problems.append(f"{key} is {_what(row[key])}, not a single value: left out")
            clean[key] = None
    for key in lists:
        value = row.get(key)
        if isinstance(value, dict):
            problems.append(f"{key} is an object, not a list of values: left out")
            clean[key] = None
        elif isinstance(value, list):
            kept = [item for item in value if not isinstance(item, _NESTED)]
            if len(kept) < len(value):
                problems.append(
                    f"{key} holds {len(value) - len(kept)} objects or lists, not "
                    "single values: those are left out"
                )
                clean[key] = kept
    return clean, problems


def coordinate(value, low: float, high: float) -> float | None:
    """Parse a latitude or longitude given as a number or as text.

    0 counts as missing: feeds write 0 (or "0") where they have no place,
    and a real listing on the equator or the prime meridian exactly is far
    less likely than a blank one.
    """
    try:
        number = float(text(value))
    except ValueError:
        return None
    if number == 0 or number != number:  # 0, or NaN
        return None
    return number if low <= number <= high else None


def normalise_url(value) -> str:
    url = text(value)
    if not url:
        return ""
    if "://" not in url:
        url = "https://" + url
    return url if url.startswith(("http://", "https://")) and " " not in url else ""
