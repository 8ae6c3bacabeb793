"""Searching the directory: nearest first, filtered, in a fixed number of queries.

With a place, rows inside the radius's bounding box (an indexed range on
latitude and longitude) are fetched as (id, latitude, longitude) only, exact
distances are computed for those, and the page's rows are then fetched by id:
two queries, however large the directory. Meetings "starting soon" add one
first, for the zones in the box (_starting_soon).
"""

from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import GreaterThan

from clearhead.core import clock
from clearhead.directory import schedule
from clearhead.directory.geo import CITY_STATE, Place, bounding_box, haversine_miles
from clearhead.directory.models import (
    Facility,
    Feed,
    Meeting,
    ProgramListing,
    Source,
)
from clearhead.directory.vocabulary import (
    FAMILY_FELLOWSHIPS,
    MEETING_TYPES,
    VOCABULARIES,
    mask_of,
)

TIMES_OF_DAY = {
    "morning": (time(0, 0), time(11, 59, 59)),
    "afternoon": (time(12, 0), time(16, 59, 59)),
    "evening": (time(17, 0), time(23, 59, 59)),
}


@dataclass
class FacilityQuery:
    place: Place | None = None
    radius_miles: float = 50
    filters: dict[str, list[str]] = field(default_factory=dict)  # kind -> codes
    detox: bool = False
    # Programs offering mental health care only (no addiction treatment) are
    # left out unless a person asks for mental health care explicitly.
    mental_health_care: bool = False
    limit: int = 20
    offset: int = 0


@dataclass
class MeetingQuery:
    place: Place | None = None
    radius_miles: float = 50
    days: list[int] = field(default_factory=list)
    times_of_day: list[str] = field(default_factory=list)
    attendance: list[str] = field(default_factory=list)
    fellowships: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    # Only groups for the family and friends of someone who uses
    # (vocabulary.FAMILY_FELLOWSHIPS: Al-Anon, Nar-Anon).
    family: bool = False
    # Only meetings whose next start is within schedule.STARTING_SOON.
    starting_soon: bool = False
    limit: int = 20
    offset: int = 0


@dataclass
class SearchPage:
    count: int
    results: list  # [(row, distance_miles or None)]
    limit: int
    offset: int

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.count

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def listed(model) -> QuerySet:
    """The rows a search may show: not retired (the default manager), and no
    demo row once any real row is listed, so a person never calls a
    fictional program found beside real ones.

    "Any real row" is asked feed by feed (a handful), each an indexed
    lookup of that feed's rows: a directory of demo rows only would
    otherwise read every row to find that none is real, on every search."""
    real = Feed.objects.exclude(format=Source.DEMO).filter(
        Exists(model.objects.filter(feed=OuterRef("pk")).exclude(source=Source.DEMO))
    )
    return model.objects.exclude(Q(source=Source.DEMO) & Exists(real))


def meeting_get(public_id) -> Meeting | None:
    """One listed meeting (not retired), with its feed, or None."""
    return Meeting.objects.select_related("feed").filter(public_id=public_id).first()


def town_from_listings(text: str) -> Place | None:
    """A town our offline ZIP data does not know (Belleville, ON) but an
    imported feed does: the middle of its listed meetings with exact places.
    A listing with a state must match it; one without (a feed that gives
    only the town, like the Ontario one) matches on the town alone."""
    match = CITY_STATE.match(text)
    if not match:
        return None
    city, state = match.group(1).strip(), match.group(2).upper()
    points = list(
        listed(Meeting)
        .filter(city__iexact=city, approximate_location=False)
        .filter(Q(state__iexact=state) | Q(state=""))
        .exclude(latitude__isnull=True)
        .exclude(longitude__isnull=True)
        .values_list("latitude", "longitude")[:500]
    )
    if not points:
        return None
    latitude = sum(point[0] for point in points) / len(points)
    longitude = sum(point[1] for point in points) / len(points)
    return Place(latitude, longitude, f"{city.title()}, {state}")


def _any_of(queryset: QuerySet, column: str, mask: int) -> QuerySet:
    """Keep rows whose bit mask shares at least one bit with `mask`."""
    if not mask:
        return queryset
    alias = f"{column}_hit"
    return queryset.alias(**{alias: F(column).bitand(mask)}).filter(
        **{f"{alias}__gt": 0}
    )


def _all_of(queryset: QuerySet, column: str, mask: int) -> QuerySet:
    if not mask:
        return queryset
    alias = f"{column}_all"
    return queryset.alias(**{alias: F(column).bitand(mask)}).filter(**{alias: mask})


def _in_box(queryset: QuerySet, place: Place, radius: float) -> QuerySet:
    """Rows inside the radius's bounding box: an indexed range on latitude
    and longitude (exact distances are measured after)."""
    min_lat, max_lat, min_lng, max_lng = bounding_box(place, radius)
    return queryset.filter(
        latitude__range=(min_lat, max_lat), longitude__range=(min_lng, max_lng)
    )


def _nearest_page(
    queryset: QuerySet, place: Place | None, radius: float, limit, offset, order
):
    if place is None:
        count = queryset.count()
        rows = list(
            queryset.select_related("feed").order_by(*order)[offset : offset + limit]
        )
        return SearchPage(count, [(row, None) for row in rows], limit, offset)
    candidates = _in_box(queryset, place, radius).values_list(
        "pk", "latitude", "longitude"
    )
    distances = sorted(
        (haversine_miles(place.latitude, place.longitude, lat, lng), pk)
        for pk, lat, lng in candidates
    )
    within = [(distance, pk) for distance, pk in distances if distance <= radius]
    page = within[offset : offset + limit]
    rows = queryset.model.objects.select_related("feed").in_bulk([pk for _, pk in page])
    return SearchPage(
        len(within), [(rows[pk], round(d, 1)) for d, pk in page], limit, offset
    )


def facility_search(query: FacilityQuery) -> SearchPage:
    """Return one page of facilities matching every kind of filter."""
    queryset = listed(Facility)
    if not query.mental_health_care:
        queryset = queryset.filter(mental_health_only=False)
    for kind, codes in query.filters.items():
        queryset = _any_of(
            queryset, f"{kind}s_mask", mask_of(codes, VOCABULARIES[kind])
        )
    if query.detox:
        queryset = _all_of(
            queryset, "services_mask", mask_of(["detox"], VOCABULARIES["service"])
        )
    return _nearest_page(
        queryset,
        query.place,
        query.radius_miles,
        query.limit,
        query.offset,
        ("name", "pk"),
    )


def meeting_place(query: MeetingQuery):
    """The place a meeting search measures from: none when it asks only for
    online meetings, which are joined from anywhere, so distance does not apply."""
    return None if query.attendance == ["online"] else query.place


def _meetings_matching(query: MeetingQuery) -> QuerySet:
    queryset = listed(Meeting)
    queryset = _any_of(queryset, "days_mask", sum(1 << day for day in query.days))
    queryset = _all_of(queryset, "types_mask", mask_of(query.types, MEETING_TYPES))
    if query.attendance:
        queryset = queryset.filter(attendance__in=query.attendance)
    if query.fellowships:
        queryset = queryset.filter(fellowship__in=query.fellowships)
    if query.family:
        queryset = queryset.filter(fellowship__in=FAMILY_FELLOWSHIPS)
    if query.times_of_day:
        windows = Q()
        for name in query.times_of_day:
            windows |= Q(start_time__range=TIMES_OF_DAY[name])
        queryset = queryset.filter(windows)
    return queryset


def _soonest_page(queryset: QuerySet, limit: int, offset: int, now) -> SearchPage:
    """Meetings by their next start after `now` (schedule.soonest_first_key),
    then by name: the next start depends on each meeting's zone and the
    daylight-saving rules, so it is computed here for every matching row
    from four columns, and only the page's rows are fetched whole. Two
    queries, however many meetings match."""
    keyed = sorted(
        (schedule.soonest_first_key(days, start, zone, now), name.casefold(), pk)
        for pk, name, days, start, zone in queryset.values_list(
            "pk", "name", "days", "start_time", "time_zone"
        )
    )
    page = [pk for *_, pk in keyed[offset : offset + limit]]
    rows = queryset.model.objects.select_related("feed").in_bulk(page)
    return SearchPage(len(keyed), [(rows[pk], None) for pk in page], limit, offset)


def _starting_soon(queryset: QuerySet, zones_of: QuerySet, now: datetime) -> QuerySet:
    """Keep the meetings whose next start (schedule.next_start_of) is after
    `now` and within schedule.STARTING_SOON: one query for the zones, and
    the window in the query itself.

    Times are stored as they are published, a clock time and weekday in the
    meeting's own zone, never converted to UTC: a stored UTC time would be
    wrong for half the year in every zone with daylight saving unless
    rewritten at each change. Instead the window is turned into clock times
    per zone at query time. `zones_of` (the same search's rows, or every row
    of its bounding box, which the latitude index answers alone) gives the
    zones to expect, as few as the box holds; zones with the same clock
    window share one condition, and a floating meeting (no known zone) reads
    its clock in the region's zone, as next_start_of does. So the rows come
    from the database already filtered, however many meetings there are,
    and the query count does not depend on how many zones or meetings."""
    end = now + schedule.STARTING_SOON
    region = ZoneInfo(clock.region_time_zone())
    groups: dict[tuple, list[str]] = {}
    for name in zones_of.order_by().values_list("time_zone", flat=True).distinct():
        zone = schedule.meeting_zone_of(name) or region
        windows = tuple(schedule.wall_windows(zone, now, end))
        groups.setdefault(windows, []).append(name)
    condition = Q(pk__in=[])
    for windows, names in groups.items():
        condition |= Q(time_zone__in=names) & _wall_clock_q(windows)
    return queryset.filter(condition)


def _wall_clock_q(windows) -> Q:
    """Rows starting on a window's weekday at a clock time inside it."""
    condition = Q(pk__in=[])
    for window in windows:
        on_day = Q(GreaterThan(F("days_mask").bitand(1 << window.day), 0))
        on_day &= Q(start_time__isnull=False)
        if window.after is not None:
            lookup = "gte" if window.after_inclusive else "gt"
            on_day &= Q(**{f"start_time__{lookup}": window.after})
        if window.until is not None:
            lookup = "lt" if window.until_exclusive else "lte"
            on_day &= Q(**{f"start_time__{lookup}": window.until})
        condition |= on_day
    return condition


def meeting_search(query: MeetingQuery, now=None) -> SearchPage:
    """Return one page of meetings; types must all match, other filters any.

    With a place (and not only online meetings): nearest first. Without
    one: the soonest next start first, as of `now` (default: the clock).
    `starting_soon` keeps only meetings whose next start is within
    schedule.STARTING_SOON of `now`, in the same order.
    """
    now = now or clock.now()
    queryset = _meetings_matching(query)
    place = meeting_place(query)
    if place is None:
        if query.starting_soon:
            queryset = _starting_soon(queryset, queryset, now)
        return _soonest_page(queryset, query.limit, query.offset, now)
    if query.starting_soon:
        box = _in_box(Meeting.all_objects.all(), place, query.radius_miles)
        queryset = _starting_soon(queryset, box, now)
    return _nearest_page(
        queryset, place, query.radius_miles, query.limit, query.offset, ("name", "pk")
    )


def meeting_filter_choices() -> dict[str, list[str]]:
    """What the listed meetings hold, so the finder offers only filters that
    can find something: the fellowships and the Meeting Guide type codes
    (of those we filter on) present. Two queries."""
    fellowships = set(listed(Meeting).values_list("fellowship", flat=True).distinct())
    masks = listed(Meeting).values_list("types_mask", flat=True).distinct()
    present = 0
    for mask in masks:
        present |= mask
    codes = [code for bit, code in enumerate(MEETING_TYPES) if present & (1 << bit)]
    return {"fellowship": sorted(fellowships), "type": codes}


def directory_has_demo_rows() -> bool:
    """Whether a search may show demo rows (the finder then says so)."""
    return (
        listed(Facility).filter(source=Source.DEMO).exists()
        or listed(Meeting).filter(source=Source.DEMO).exists()
    )


def program_listing_for(facility: Facility) -> ProgramListing | None:
    """The program that says this listing is its own (it takes referrals)."""
    return (
        ProgramListing.objects.select_related("program")
        .filter(facility=facility)
        .first()
    )


def program_listings() -> QuerySet[ProgramListing]:
    """Every listing the finder shows that a program takes referrals through."""
    return (
        ProgramListing.objects.filter(facility__in=Facility.objects.all())
        .select_related("program", "facility")
        .order_by("facility__name", "facility__city")
    )


def program_listings_of(program) -> QuerySet[ProgramListing]:
    return ProgramListing.objects.filter(program=program).select_related("facility")


def facility_listed(public_id) -> Facility | None:
    """A listing the finder shows, by its public id; None if there is none."""
    return Facility.objects.filter(public_id=public_id).first()
