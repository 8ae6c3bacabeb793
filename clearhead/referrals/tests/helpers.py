"""A program that takes referrals, and a person who sends one through the pages."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from clearhead.care.models import Program, ProgramMembership
from clearhead.directory.models import ProgramListing
from clearhead.directory.tests.factories import FacilityFactory
from clearhead.screening.journey import JourneyState

# Monday 1 June 2026, 10:00 in Chicago.
MONDAY_10AM = datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
STATE = JourneyState(
    {
        "phq9": [1, 1, 1, 1, 1, 1, 1, 1, 0],
        "gad7": [2, 2, 2, 2, 2, 2, 2],
    }
).to_json()


def program_with_listing(name="Lakeside Recovery", zone="America/Chicago"):
    program = Program.objects.create(name=name, time_zone=zone)
    facility = FacilityFactory(name=f"{name} Center")
    ProgramListing.objects.create(program=program, facility=facility)
    return program, facility


def staff_of(program, user):
    ProgramMembership.objects.create(program=program, clinician=user)
    return user


def details(facility, **changes):
    data = {
        "state": STATE,
        "listing": str(facility.public_id),
        "parts": ["phq9"],
        "name": "Robin",
        "phone": "(312) 555-0142",
        "email": "robin@example.org",
        "best_time": "Weekdays after 5 pm",
    }
    return data | changes


def send(client, facility, **changes) -> str:
    """Send a referral through the three pages; return its status link's path."""
    data = details(facility, **changes)
    response = client.post("/referrals/send/", data | {"action": "review"})
    assert response.status_code == 200, response.content.decode()[:2000]
    response = client.post(
        "/referrals/send/",
        data | {"action": "send", "consent": "on", "signature": data["name"]},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(response["Location"]).content.decode()
    return re.search(r'href="(/referrals/status/[^"/]+/)"', page).group(1)
