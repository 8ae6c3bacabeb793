"""Turn query parameters (from a page or the API) into a search, or say what is wrong.

Pages and the API read the same parameters through these functions, so a
link from the self-assessment and an API call with the same parameters give
the same results.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from clearhead.directory.geo import AmbiguousPlace, PlaceNotFound, resolve_place
from clearhead.directory.selectors import (
    TIMES_OF_DAY,
    FacilityQuery,
    MeetingQuery,
    town_from_listings,
)
from clearhead.directory.vocabulary import (
    ATTENDANCE,
    FELLOWSHIPS,
    MEETING_TYPES,
    VOCABULARIES,
)

MAX_RADIUS = 500
MAX_LIMIT = 100
TRUE_WORDS = {"1", "true", "yes", "on"}


@dataclass
class QueryProblem:
    field: str
    message: str
    # Searches that would work instead ("Springfield, IL", …), when the
    # value could mean several places.
    choices: tuple[str, ...] = ()


class InvalidQuery(ValueError):
    def __init__(self, problems: list[QueryProblem]):
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


def _codes(params, name: str, allowed, problems) -> list[str]:
    values = [value for value in params.getlist(name) if value]
    for value in values:
        if value not in allowed:
            problems.append(
                QueryProblem(
                    name,
                    gettext("%(value)s is not a known %(name)s")
                    % {"value": repr(value), "name": name},
                )
            )
    return [value for value in values if value in allowed]


def _number(params, name: str, default: int, low: int, high: int, problems) -> int:
    raw = params.get(name) or ""
    if not raw:
        return default
    try:
        value = int(float(raw))
    except (ValueError, OverflowError):  # OverflowError: "inf", "1e309"
        shown = raw if len(raw) <= 20 else raw[:19] + "…"
        problems.append(
            QueryProblem(
                name, gettext("%(value)s is not a number") % {"value": repr(shown)}
            )
        )
        return default
    if not low <= value <= high:
        problems.append(
            QueryProblem(
                name,
                gettext("must be between %(low)s and %(high)s")
                % {"low": low, "high": high},
            )
        )
        return default
    return value


def _place(params, problems):
    near = (params.get("near") or "").strip()
    if not near:
        return None
    try:
        return resolve_place(near)
    except PlaceNotFound as error:
        if place := town_from_listings(near):
            return place
        choices = error.choices if isinstance(error, AmbiguousPlace) else ()
        problems.append(QueryProblem("near", str(error), choices))
        return None


def _paging(params, problems) -> tuple[int, int]:
    limit = _number(params, "limit", 20, 1, MAX_LIMIT, problems)
    offset = _number(params, "offset", 0, 0, 10**6, problems)
    page = _number(params, "page", 0, 0, 10**5, problems)
    return limit, (page - 1) * limit if page >= 1 else offset


def facility_query(params) -> FacilityQuery:
    """Build a facility search from parameters, or raise InvalidQuery."""
    problems: list[QueryProblem] = []
    filters = {
        kind: _codes(params, kind, vocabulary, problems)
        for kind, vocabulary in VOCABULARIES.items()
    }
    limit, offset = _paging(params, problems)
    query = FacilityQuery(
        place=_place(params, problems),
        radius_miles=_number(params, "radius_miles", 50, 1, MAX_RADIUS, problems),
        filters={kind: codes for kind, codes in filters.items() if codes},
        detox=(params.get("detox") or "").lower() in TRUE_WORDS,
        mental_health_care=(params.get("mental_health_care") or "").lower()
        in TRUE_WORDS,
        limit=limit,
        offset=offset,
    )
    if problems:
        raise InvalidQuery(problems)
    return query


def _days(params, problems) -> list[int]:
    days = []
    for raw in params.getlist("day"):
        if raw in {str(day) for day in range(7)}:
            days.append(int(raw))
        elif raw:
            problems.append(
                QueryProblem(
                    "day",
                    gettext("%(value)s is not a day 0-6 (0 = Sunday)")
                    % {"value": repr(raw)},
                )
            )
    return days


def meeting_query(params) -> MeetingQuery:
    """Build a meeting search from parameters, or raise InvalidQuery."""
    problems: list[QueryProblem] = []
    limit, offset = _paging(params, problems)
    query = MeetingQuery(
        place=_place(params, problems),
        radius_miles=_number(params, "radius_miles", 50, 1, MAX_RADIUS, problems),
        days=_days(params, problems),
        times_of_day=_codes(params, "time_of_day", TIMES_OF_DAY, problems),
        attendance=_codes(params, "attendance", ATTENDANCE, problems),
        fellowships=_codes(params, "fellowship", FELLOWSHIPS, problems),
        types=_codes(params, "type", MEETING_TYPES, problems),
        family=(params.get("family") or "").lower() in TRUE_WORDS,
        starting_soon=(params.get("starting_soon") or "").lower() in TRUE_WORDS,
        limit=limit,
        offset=offset,
    )
    if problems:
        raise InvalidQuery(problems)
    return query
