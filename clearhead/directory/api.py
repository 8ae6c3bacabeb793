"""GET /api/v1/facilities and /api/v1/meetings: read-only, no sign-in."""

from datetime import date, datetime, time

from django.http import HttpRequest
from django.utils import translation
from ninja import Router, Schema
from ninja.errors import ValidationError

from clearhead.audit.decorators import no_patient_data
from clearhead.core import clock
from clearhead.directory import queries, schedule, selectors
from clearhead.directory.vocabulary import meeting_type_names

router = Router(tags=["directory"])


class AddressOut(Schema):
    street: str
    city: str
    state: str
    zip: str


class FacilityOut(Schema):
    id: str
    name: str
    program_name: str
    distance_miles: float | None
    address: AddressOut
    phone: str
    intake_phone: str
    website: str
    levels: list[str]
    services: list[str]
    payments: list[str]
    languages: list[str]
    populations: list[str]
    source: str
    source_updated: date | None
    confirmed: date | None
    approximate_location: bool
    mental_health_only: bool


class FacilityPage(Schema):
    count: int
    results: list[FacilityOut]


class MeetingOut(Schema):
    id: str
    name: str
    distance_miles: float | None
    fellowship: str
    secular: bool
    days: list[int]
    time: time | None
    end_time: time | None
    timezone: str
    timezone_name: str
    when: str
    next_start: str | None
    next_end: str | None
    attendance: str
    location: str
    address: AddressOut
    types: list[str]
    type_names: list[str]
    conference_url: str
    conference_phone: str
    conference_phone_notes: str
    updated: datetime | None
    confirmed: date | None
    approximate_location: bool


class MeetingPage(Schema):
    count: int
    results: list[MeetingOut]


def _parse(request: HttpRequest, parse):
    try:
        return parse(request.GET)
    except queries.InvalidQuery as error:
        raise ValidationError(
            [{"loc": ["query", p.field], "msg": p.message} for p in error.problems]
        ) from None


def _date(value) -> date | None:
    """When a listing was last confirmed, as a date (None: not known)."""
    return value.date() if isinstance(value, datetime) else value


def facility_out(facility, distance) -> dict:
    street = ", ".join(part for part in (facility.street1, facility.street2) if part)
    return {
        "id": str(facility.public_id),
        "name": facility.name,
        "program_name": facility.program_name,
        "distance_miles": distance,
        "address": {
            "street": street,
            "city": facility.city,
            "state": facility.state,
            "zip": facility.zip_code,
        },
        "phone": facility.phone,
        "intake_phone": facility.intake_phone,
        "website": facility.website,
        "levels": facility.levels,
        "services": facility.services,
        "payments": facility.payments,
        "languages": facility.languages,
        "populations": facility.populations,
        # The source's name as before, in English whatever the request's
        # language: clients may compare it (codes never change with language).
        "source": _english(facility.get_source_display),
        "source_updated": facility.source_updated,
        "confirmed": _date(facility.confirmed_at),
        "approximate_location": facility.approximate_location,
        "mental_health_only": facility.mental_health_only,
    }


def meeting_out(meeting, distance, now) -> dict:
    start = schedule.next_start(meeting, now)
    return {
        "id": str(meeting.public_id),
        "name": meeting.name,
        "distance_miles": distance,
        "fellowship": meeting.fellowship,
        "secular": meeting.is_secular,
        "days": meeting.days,
        "time": meeting.start_time,
        "end_time": meeting.end_time,
        "timezone": meeting.time_zone,
        "timezone_name": schedule.zone_label(meeting),
        "when": schedule.when_text(meeting),
        # ISO 8601 with the meeting's UTC offset; without one when the zone
        # is unknown (a floating local time).
        "next_start": start.isoformat() if start else None,
        "next_end": schedule.end_of(meeting, start).isoformat() if start else None,
        "attendance": meeting.attendance,
        "location": meeting.location,
        "address": {
            "street": meeting.address,
            "city": meeting.city,
            "state": meeting.state,
            "zip": meeting.postal_code,
        },
        "types": meeting.types,
        # In the reader's language; `types` are the codes, in every language.
        "type_names": [
            name for name, _ in meeting_type_names(meeting.types, meeting.other_types)
        ],
        "conference_url": meeting.conference_url,
        "conference_phone": meeting.conference_phone,
        "conference_phone_notes": meeting.conference_phone_notes,
        "updated": meeting.source_updated,
        "confirmed": _date(meeting.confirmed_at),
        "approximate_location": meeting.approximate_location,
    }


@router.get("/facilities", auth=None, response=FacilityPage)
@no_patient_data
def list_facilities(request: HttpRequest):
    """Treatment facilities nearest first. Parameters as on the /find/ page:
    near (ZIP, "City, ST" or "lat,lng"), radius_miles (default 50), level,
    service, payment, language, population (repeat for any-of), detox,
    mental_health_care (1: also programs for mental health care only), limit (default 20, max 100), offset."""
    page = selectors.facility_search(_parse(request, queries.facility_query))
    return {
        "count": page.count,
        "results": [facility_out(*row) for row in page.results],
    }


@router.get("/meetings", auth=None, response=MeetingPage)
@no_patient_data
def list_meetings(request: HttpRequest):
    """Support-group meetings nearest first (without `near`, or with only
    online meetings asked for: the soonest next start first): near,
    radius_miles, day (0-6, 0 = Sunday), time_of_day, attendance (in_person,
    online, hybrid), fellowship, family (1: only groups for family and
    friends), starting_soon (1: only meetings whose next start is within
    the next 3 hours, by each meeting's own clock), type (Meeting Guide
    codes; all must match), limit, offset.
    `time` and `end_time` are clock times in `timezone` (an end before the
    start is the next day); `next_start` and `next_end` are the next
    occurrence with its UTC offset, or without one when the zone is unknown."""
    page = selectors.meeting_search(_parse(request, queries.meeting_query))
    now = clock.now()
    return {
        "count": page.count,
        "results": [meeting_out(*row, now) for row in page.results],
    }


def _english(label) -> str:
    """`label()` (a model's get_FOO_display) as English text."""
    with translation.override("en"):
        return str(label())
