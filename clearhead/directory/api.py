"""GET /api/v1/facilities and /api/v1/meetings: read-only, no sign-in."""

from datetime import date, datetime, time

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import ValidationError

from clearhead.audit.decorators import no_patient_data
from clearhead.directory import queries, selectors

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
    attendance: str
    location: str
    address: AddressOut
    types: list[str]
    conference_url: str
    conference_phone: str
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
        "source": facility.get_source_display(),
        "source_updated": facility.source_updated,
        "confirmed": _date(facility.confirmed_at),
        "approximate_location": facility.approximate_location,
        "mental_health_only": facility.mental_health_only,
    }


def meeting_out(meeting, distance) -> dict:
    return {
        "id": str(meeting.public_id),
        "name": meeting.name,
        "distance_miles": distance,
        "fellowship": meeting.fellowship,
        "secular": meeting.is_secular,
        "days": meeting.days,
        "time": meeting.start_time,
        "end_time": meeting.end_time,
        "timezone": meeting.timezone,
        "attendance": meeting.attendance,
        "location": meeting.location,
        "address": {
            "street": meeting.address,
            "city": meeting.city,
            "state": meeting.state,
            "zip": meeting.postal_code,
        },
        "types": meeting.types,
        "conference_url": meeting.conference_url,
        "conference_phone": meeting.conference_phone,
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
    """Support-group meetings nearest first: near, radius_miles, day (0-6,
    0 = Sunday), time_of_day, attendance (in_person, online, hybrid),
    fellowship, type (Meeting Guide codes; all must match), limit, offset."""
    page = selectors.meeting_search(_parse(request, queries.meeting_query))
    return {"count": page.count, "results": [meeting_out(*row) for row in page.results]}
