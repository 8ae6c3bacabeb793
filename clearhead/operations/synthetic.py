"""Deterministic synthetic load data, for benchmarks and capacity tests.

Every row is marked as synthetic: accounts at SYNTHETIC_DOMAIN (which can
never receive mail), programs, facilities and meetings named "Synthetic".
`generate` refuses a database that holds real patients, so synthetic rows
never sit beside real records. The shapes are realistic enough to exercise
the same code paths: cravings and mood that drift, lapses that follow high
cravings, missed days, weekly appointments, signed notes and monthly tests.
"""

import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import zipcodes
from django.db import connection, transaction

from clearhead.accounts.models import Role, User
from clearhead.care.models import Consent, Enrollment, Program, ProgramMembership
from clearhead.care.services import program_outcomes_invalidate
from clearhead.clinic.models import Appointment, DrugTest, ProgressNote
from clearhead.core import clock
from clearhead.core.local_times import instant_of
from clearhead.directory.models import Facility, Feed, Meeting, Source
from clearhead.directory.services import demo_feed, listings_changed
from clearhead.directory.vocabulary import LEVELS, PAYMENTS, SERVICES, mask_of
from clearhead.directory.zones import known_zone
from clearhead.recovery.models import DailyCheckIn, RecoveryProfile
from clearhead.recovery.rollups import checkin_weeks_rebuild
from clearhead.recovery.services import flags_daily_pass

SYNTHETIC_DOMAIN = "synthetic.invalid"
BATCH = 5000
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
TRIGGERS = ("stress", "boredom", "people", "places", "pain", "sleep")
# Patients generated as "quiet" stopped checking in this many days ago.
QUIET_DAYS = 21


class RealDataPresent(Exception):
    """The database holds real patients; synthetic data would mix with them."""


@dataclass(frozen=True)
class CheckInShape:
    day: date
    craving: int
    mood: int
    used: bool


def checkin_series(
    rng: random.Random, first_day: date, days: int
) -> Iterator[CheckInShape]:
    """One patient's check-ins: a drifting craving, lapses, and missed days.

    Craving is a bounded random walk that tends down over time; mood moves
    against it; a lapse becomes likely only when craving is high; about one
    day in seven is missed, more often in runs after a lapse.
    """
    craving = rng.uniform(4, 8)
    miss_chance = 0.12
    for offset in range(days):
        craving = min(10.0, max(0.0, craving + rng.gauss(-0.03, 1.0)))
        used = craving >= 7 and rng.random() < 0.15
        miss_chance = 0.35 if used else max(0.12, miss_chance * 0.8)
        if rng.random() < miss_chance:
            continue
        mood = min(5, max(1, round(4.5 - craving / 3 + rng.gauss(0, 0.6))))
        yield CheckInShape(
            first_day + timedelta(days=offset), round(craving), mood, used
        )


def checkin_rows(
    rng: random.Random, patient, first_day: date, days: int
) -> list[DailyCheckIn]:
    """One patient's `checkin_series` as unsaved check-ins, for bulk_create."""
    return [
        DailyCheckIn(
            patient=patient,
            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            day=shape.day,
            craving=shape.craving,
            mood=shape.mood,
            used_ketamine=shape.used,
            self_harm_thoughts=False,
            triggers=rng.sample(TRIGGERS, rng.randint(0, 2)),
        )
        for shape in checkin_series(rng, first_day, days)
    ]


def _refuse_real_data() -> None:
    real = User.objects.filter(role=Role.PATIENT).exclude(
        email__endswith=f"@{SYNTHETIC_DOMAIN}"
    )
    if real.exists():
        raise RealDataPresent(
            "This database has real patient accounts; synthetic load data "
            "goes only into a database of its own."
        )


def _bulk(model, rows: list, progress: Callable[[int], None]) -> list:
    created = []
    for start in range(0, len(rows), BATCH):
        created += model.objects.bulk_create(rows[start : start + BATCH])
        progress(len(rows[start : start + BATCH]))
    return created


@transaction.atomic
def generate(
    *,
    programs: int,
    patients: int,
    days: int,
    seed: int,
    today: date | None = None,
    quiet: int = 0,
    progress: Callable[[int], None] = lambda n: None,
) -> dict[str, int]:
    """Insert programs, clinicians and patients with `days` days of history.

    `quiet`: how many patients (the first ones) stopped checking in
    QUIET_DAYS days ago (weeks of silence: missed check-ins on the caseload).
    Stored flags are then raised by the worker's daily pass.
    """
    _refuse_real_data()
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    today = today or clock.today_in(clock.region_time_zone())
    first_day = today - timedelta(days=days)
    unusable = "!synthetic"  # no password can match it

    program_rows = _bulk(
        Program,
        [Program(name=f"Synthetic program {seed}-{p}") for p in range(programs)],
        progress,
    )
    clinicians = _bulk(
        User,
        [
            User(
                email=f"clinician-{seed}-{p}@{SYNTHETIC_DOMAIN}",
                role=Role.CLINICIAN,
                display_name=f"Synthetic clinician {p}",
                password=unusable,
            )
            for p in range(programs)
        ],
        progress,
    )
    _bulk(
        ProgramMembership,
        [
            ProgramMembership(program=program, clinician=clinician)
            for program, clinician in zip(program_rows, clinicians, strict=True)
        ],
        progress,
    )
    people = _bulk(
        User,
        [
            User(
                email=f"patient-{seed}-{n}@{SYNTHETIC_DOMAIN}",
                role=Role.PATIENT,
                display_name=f"Synthetic patient {n}",
                password=unusable,
                time_zone=rng.choice(ZONES),
            )
            for n in range(patients)
        ],
        progress,
    )
    _bulk(
        RecoveryProfile,
        [
            RecoveryProfile(
                patient=person,
                stop_date=first_day,
                reminder_time=time(rng.randint(18, 21), 0),
            )
            for person in people
        ],
        progress,
    )
    enrollments = _bulk(
        Enrollment,
        [
            Enrollment(
                program=program_rows[n % programs],
                patient=person,
                started_on=first_day,
                created_by=clinicians[n % programs],
            )
            for n, person in enumerate(people)
        ],
        progress,
    )
    _bulk(
        Enrollment.care_team.through,
        [
            Enrollment.care_team.through(enrollment=e, user=clinicians[n % programs])
            for n, e in enumerate(enrollments)
        ],
        progress,
    )
    signed = datetime.combine(first_day, time(12), tzinfo=UTC)
    _bulk(
        Consent,
        [
            Consent(
                enrollment=e,
                patient=e.patient,
                purpose="treatment",
                kinds=["checkin_summary", "checkins", "plan", "screenings"],
                expiry_event="end of treatment",
                signature=e.patient.display_name,
                signed_at=signed,
            )
            for e in enrollments
        ],
        progress,
    )
    checkins = 0
    for start in range(0, len(people), 500):
        rows = [
            row
            for n, person in enumerate(people[start : start + 500], start=start)
            for row in checkin_rows(
                rng, person, first_day, max(0, days - QUIET_DAYS) if n < quiet else days
            )
        ]
        checkins += len(_bulk(DailyCheckIn, rows, progress))
        checkin_weeks_rebuild([p.pk for p in people[start : start + 500]])
    counts = {"programs": programs, "patients": patients, "checkins": checkins}
    # In slices, so memory stays flat however many patients there are.
    for start in range(0, len(enrollments), 500):
        clinical = _clinical_history(
            rng, enrollments[start : start + 500], start, clinicians, first_day, days
        )
        for model, rows in clinical.items():
            key = model.__name__.lower() + "s"
            counts[key] = counts.get(key, 0) + len(_bulk(model, rows, progress))
    # Written in bulk, past any signal: no report keeps weeks computed before.
    program_outcomes_invalidate(program_ids=[p.pk for p in program_rows])
    # Stored flags, as the worker's daily pass would leave them.
    counts["flags"] = sum(
        flags_daily_pass(
            clock.now(), patient_ids=[p.pk for p in people[start : start + 500]]
        )
        for start in range(0, len(people), 500)
    )
    if connection.vendor == "postgresql":
        # The planner's statistics, as autovacuum takes them after a bulk
        # load: without them it plans the new rows as a handful.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def _clinical_history(rng, enrollments, offset, clinicians, first_day, days):
    """Weekly appointments, a signed note every two weeks, a monthly test."""
    appointments, notes, tests = [], [], []
    for n, enrollment in enumerate(enrollments, start=offset):
        clinician = clinicians[n % len(clinicians)]
        for week in range(0, days, 7):
            day, at = first_day + timedelta(days=week), time(10 + n % 7)
            zone = enrollment.program.time_zone
            # bulk_create skips Appointment.save, so the instant is set here.
            starts = instant_of(day, at, zone)
            appointments.append(
                Appointment(
                    enrollment=enrollment,
                    kind=Appointment.Kind.INDIVIDUAL,
                    starts_on=day,
                    start_time=at,
                    time_zone=zone,
                    starts_at=starts,
                    clinician=clinician,
                    attended=rng.random() > 0.15,
                )
            )
            if week % 14 == 0:
                notes.append(
                    ProgressNote(
                        enrollment=enrollment,
                        author=clinician,
                        data="Synthetic session note.",
                        assessment="Synthetic assessment.",
                        plan="Synthetic plan.",
                        signed_at=starts + timedelta(hours=1),
                    )
                )
        for month in range(0, days, 30):
            tests.append(
                DrugTest(
                    enrollment=enrollment,
                    collected_on=first_day + timedelta(days=month),
                    specimen=DrugTest.Specimen.URINE,
                    method=DrugTest.Method.POINT_OF_CARE,
                    results={
                        "ketamine": "positive" if rng.random() < 0.1 else "negative"
                    },
                    recorded_by=clinician,
                )
            )
    return {Appointment: appointments, ProgressNote: notes, DrugTest: tests}


# Synthetic meetings: most in person, when meetings are held (early
# morning, noon, evening, and some late-night ones that end after midnight).
ATTENDANCE_MIX = ("in_person", "hybrid", "online")
ATTENDANCE_WEIGHTS = (8, 1, 1)
START_HOURS = (6, 7, 8, 10, 12, 12, 17, 18, 18, 19, 19, 19, 20, 20, 21, 22, 23)


def _meeting_start(rng: random.Random) -> time:
    return time(rng.choice(START_HOURS), rng.choice((0, 0, 15, 30, 30, 45)))


def _later(start: time, minutes: int) -> time:
    """`start` plus `minutes` on the clock (past midnight: the next day's)."""
    total = (start.hour * 60 + start.minute + minutes) % (24 * 60)
    return time(total // 60, total % 60)


def directory_generate(
    *, facilities: int, meetings: int, seed: int, progress=lambda n: None
) -> dict[str, int]:
    """Synthetic facilities and meetings around real ZIP centroids.

    They are demo-source rows, so the finder shows its demo banner while
    they exist and `load-demo-directory --remove` clears them.
    """
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    facility_feed = demo_feed(Feed.Kind.FACILITIES)
    meeting_feed = demo_feed(Feed.Kind.MEETINGS)
    places = [
        (float(row["lat"]), float(row["long"]))
        for row in zipcodes.list_all()
        if row["lat"] and row["long"]
    ]
    facility_rows = []
    for index in range(facilities):
        lat, lng = rng.choice(places)
        levels = rng.sample(list(LEVELS), rng.randint(1, 2))
        services = rng.sample(list(SERVICES), rng.randint(2, 8))
        payments = rng.sample(list(PAYMENTS), rng.randint(1, 4))
        facility_rows.append(
            Facility(
                feed=facility_feed,
                source=Source.DEMO,
                source_id=f"synthetic-{seed}-{index}",
                name=f"Synthetic program {seed}-{index}",
                latitude=lat + rng.uniform(-0.2, 0.2),
                longitude=lng + rng.uniform(-0.2, 0.2),
                levels=levels,
                services=services,
                payments=payments,
                levels_mask=mask_of(levels, LEVELS),
                services_mask=mask_of(services, SERVICES),
                payments_mask=mask_of(payments, PAYMENTS),
                content_hash="synthetic",
            )
        )
    meeting_places = [
        (float(row["lat"]), float(row["long"]), known_zone(row.get("timezone")))
        for row in zipcodes.list_all()
        if row["lat"] and row["long"]
    ]
    meeting_rows = []
    for index in range(meetings):
        lat, lng, zone = rng.choice(meeting_places)
        weekdays = rng.sample(range(7), rng.randint(1, 2))
        start = _meeting_start(rng)
        meeting_rows.append(
            Meeting(
                feed=meeting_feed,
                source=Source.DEMO,
                source_id=f"synthetic-{seed}-{index}",
                name=f"Synthetic meeting {seed}-{index}",
                slug=f"synthetic-{seed}-{index}",
                days=weekdays,
                days_mask=sum(1 << d for d in weekdays),
                start_time=start,
                end_time=_later(start, rng.choice((60, 60, 90))),
                # The zone of the meeting's ZIP, as the importer finds it; a
                # ZIP without one leaves the meeting's times floating.
                time_zone=zone,
                attendance=rng.choices(ATTENDANCE_MIX, ATTENDANCE_WEIGHTS)[0],
                latitude=lat + rng.uniform(-0.2, 0.2),
                longitude=lng + rng.uniform(-0.2, 0.2),
                content_hash="synthetic",
            )
        )
    with transaction.atomic():
        _bulk(Facility, facility_rows, progress)
        _bulk(Meeting, meeting_rows, progress)
        listings_changed()
    return {"facilities": facilities, "meetings": meetings}
