"""A small, clearly fictional directory so a new install has a working finder.

Every name starts with "Demo", every phone number is a 555 number, and the
finder shows a banner while any demo row exists. `load-demo-directory
--remove` deletes all of it. Deterministic: the same seed gives the same rows.
"""

import random
from datetime import time

import zipcodes

from clearhead.directory.importers.records import Record
from clearhead.directory.vocabulary import (
    FELLOWSHIPS,
    LANGUAGES,
    LEVELS,
    PAYMENTS,
    POPULATIONS,
    SERVICES,
)

CITIES = ["62701", "60601", "10001", "90012", "78701", "98101", "30303", "80202"]
FACILITY_WORDS = [
    "Harbor",
    "Cedar",
    "New Path",
    "Lakeside",
    "Summit",
    "Bridge",
    "Willow",
    "Clear Water",
]
PROGRAM_WORDS = [
    "Recovery Center",
    "Treatment Services",
    "Wellness Clinic",
    "Counseling Group",
]
MEETING_WORDS = [
    "Morning Light",
    "Just for Today",
    "Fresh Start",
    "Hope Circle",
    "Open Door",
    "Steady Steps",
]
MEETING_TYPE_SETS = [
    ["O", "D"],
    ["C", "ST"],
    ["O", "BE", "X"],
    ["O", "W", "X"],
    ["C", "SP"],
    ["O", "MED", "Y"],
]


def _sample(rng: random.Random, vocabulary: dict, low: int, high: int) -> list[str]:
    codes = rng.sample(list(vocabulary), rng.randint(low, high))
    return [code for code in vocabulary if code in codes]


def _near(rng: random.Random, zip_code: str) -> tuple[float, float, dict]:
    row = zipcodes.matching(zip_code)[0]
    return (
        round(float(row["lat"]) + rng.uniform(-0.25, 0.25), 5),
        round(float(row["long"]) + rng.uniform(-0.25, 0.25), 5),
        row,
    )


def facility_records(seed: int = 7, per_city: int = 8) -> list[Record]:
    rng = random.Random(seed)
    records = []
    for city_zip in CITIES:
        for index in range(per_city):
            latitude, longitude, place = _near(rng, city_zip)
            name = f"Demo {rng.choice(FACILITY_WORDS)} {rng.choice(PROGRAM_WORDS)}"
            levels = _sample(rng, LEVELS, 1, 2)
            fields = {
                "name": name,
                "program_name": "Fictional listing for trying out Clearhead",
                "street1": f"{100 + index * 7} Example Street",
                "street2": "",
                "city": place["city"],
                "state": place["state"],
                "zip_code": city_zip,
                "latitude": latitude,
                "longitude": longitude,
                "phone": f"555-01{index:02d}",
                "intake_phone": f"555-02{index:02d}",
                "hotline_phone": "",
                "website": "",
                "levels": levels,
                "services": _sample(rng, SERVICES, 3, 8),
                "payments": _sample(rng, PAYMENTS, 1, 4),
                "languages": _sample(rng, LANGUAGES, 0, 2),
                "populations": _sample(rng, POPULATIONS, 0, 3),
            }
            records.append(Record(len(records) + 1, f"demo-{city_zip}-{index}", fields))
    return records


def meeting_records(seed: int = 7, per_city: int = 16) -> list[Record]:
    rng = random.Random(seed + 1)
    records = []
    fellowships = [code for code in FELLOWSHIPS if code != "other"]
    for city_zip in CITIES:
        for index in range(per_city):
            latitude, longitude, place = _near(rng, city_zip)
            online = index % 5 == 0
            hybrid = index % 7 == 0
            fellowship = fellowships[index % len(fellowships)]
            fields = {
                "name": f"Demo {rng.choice(MEETING_WORDS)} ({FELLOWSHIPS[fellowship]})",
                "slug": f"demo-{city_zip}-{index}",
                "days": sorted(rng.sample(range(7), rng.randint(1, 2))),
                "start_time": time(
                    rng.choice([7, 8, 12, 13, 18, 19, 20]), rng.choice([0, 30])
                ),
                "end_time": None,
                "time_zone": place["timezone"],
                "location": "" if online else "Demo Community Hall",
                "address": "" if online else f"{20 + index} Sample Avenue",
                "city": place["city"],
                "state": place["state"],
                "postal_code": city_zip,
                "latitude": latitude,
                "longitude": longitude,
                "conference_url": "https://meet.example.org/demo"
                if online or hybrid
                else "",
                "conference_url_notes": "",
                "conference_phone": "",
                "conference_phone_notes": "",
                "group": "Demo Group",
                "notes": "A fictional meeting for trying out Clearhead.",
                "location_notes": "",
                "source_updated": None,
                "types": rng.choice(MEETING_TYPE_SETS),
                "attendance": "online"
                if online
                else "hybrid"
                if hybrid
                else "in_person",
                "fellowship": fellowship,
                "is_secular": fellowship in {"smart", "secular"},
            }
            records.append(Record(len(records) + 1, f"demo-{city_zip}-{index}", fields))
    return records
