"""The patient's time zone and "today", by one rule.

A patient's day starts at midnight where they live. Their zone is their own
choice (`User.time_zone`, blank until they choose), else the zone of the
program caring for them (the earliest active enrollment's), else the
region's default. The rule lives here, beside the program, because the
program's zone is part of the care relationship; `core.clock` stays the only
reader of the time and knows no app.

`time_zone_for` (one patient) and `time_zones_for` (many) share one query
path, and `today_for` (one) and `todays_for` (many) read the date by them,
so the caseload, the alerts, the worker and a single page always agree.

`reader_time_zone` is the zone a signed-in person reads times in (the
reader's rule in docs/architecture.md, "Time"), which
`care.middleware.ReaderTimeZoneMiddleware` activates for every request.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Subquery

from clearhead.accounts.models import User
from clearhead.care.models import Enrollment, ProgramMembership, SupporterLink
from clearhead.core import clock


def choose_time_zone(*, own: str | None, program: str | None) -> str:
    """The rule: the patient's own zone, else the program's, else the region's."""
    return own or program or clock.region_time_zone()


def time_zones_for(patient_ids) -> dict[int, str]:
    """The zone that decides each patient's "today": {patient id: IANA zone}.

    One query for any number of patients: each one's own zone and their
    earliest active enrollment's program zone.
    """
    patient_ids = list(patient_ids)
    if not patient_ids:
        return {}
    program_zone = (
        Enrollment.objects.filter(
            patient=OuterRef("pk"), status=Enrollment.Status.ACTIVE
        )
        .order_by("started_on", "pk")
        .values("program__time_zone")[:1]
    )
    found = {
        pk: choose_time_zone(own=own, program=program)
        for pk, own, program in User.objects.filter(pk__in=patient_ids)
        .annotate(program_zone=Subquery(program_zone))
        .values_list("pk", "time_zone", "program_zone")
    }
    return {pid: found.get(pid) or clock.region_time_zone() for pid in patient_ids}


def time_zone_for(patient) -> str:
    """The IANA zone that decides one patient's "today" (the rule above).

    No query when the patient chose a zone (it is on the account already
    loaded); otherwise the bulk path's one query.
    """
    own = getattr(patient, "time_zone", "")
    if own:
        return choose_time_zone(own=own, program=None)
    return time_zones_for([patient.pk])[patient.pk]


def today_for(patient) -> date:
    """Today's date where the patient lives (see time_zone_for)."""
    return clock.today_in(time_zone_for(patient))


def todays_for(
    patient_ids, *, at: datetime | None = None, zones: dict[int, str] | None = None
) -> dict[int, date]:
    """Each patient's today, or their date at the instant `at`: {patient id: date}.

    The bulk form of `today_for`, for the caseload, the outcomes, the
    worker's passes: one query (`time_zones_for`), and the clock read once
    so every patient's date is taken at the same instant.
    """
    if zones is None:
        zones = time_zones_for(patient_ids)
    moment = clock.now() if at is None else at
    dates = {
        zone: moment.astimezone(ZoneInfo(zone)).date() for zone in set(zones.values())
    }
    return {pid: dates[zone] for pid, zone in zones.items()}


# Every zone a patient can have lies between UTC-12 and UTC+14.
_WESTMOST, _EASTMOST = timedelta(hours=-12), timedelta(hours=14)


def todays_bounds(*, at: datetime | None = None) -> tuple[date, date]:
    """The earliest and the latest "today" any patient can have now (or at
    the instant `at`), whatever their zone: a date at or past the latest is
    in every patient's future, one before the earliest in every one's past,
    so a rule on the patient's today needs their zone only between the two."""
    moment = (clock.now() if at is None else at).astimezone(UTC)
    return (moment + _WESTMOST).date(), (moment + _EASTMOST).date()


def joined_on(patient, zone: str | None = None) -> date:
    """The first day the patient could check in: the day their account was
    made (`User.date_joined`), in their zone (`zone`, else time_zone_for).

    The adherence window starts no earlier than this (recovery.sobriety).
    """
    return patient.date_joined.astimezone(
        ZoneInfo(zone or time_zone_for(patient))
    ).date()


def reader_time_zone(user, program=None) -> str:
    """The IANA zone `user` reads times in.

    - a patient: their own zone by the rule above (`time_zone_for`);
    - a clinician or administrator: the program of the page when there is
      one (`program`), else the program of their earliest current
      membership, else their own zone, else the region's;
    - a supporter: their own zone, else the zone of the patient they have
      supported longest (the pages they read are about that patient), else
      the region's;
    - anyone not signed in: the region's.
    At most two queries; none for a patient who chose a zone.
    """
    if not getattr(user, "is_authenticated", False):
        return clock.region_time_zone()
    if user.is_patient:
        return time_zone_for(user)
    if user.has_staff_role:
        if program is not None:
            return program.time_zone
        zone = (
            ProgramMembership.objects.filter(clinician=user, ended_at__isnull=True)
            .order_by("joined_at", "pk")
            .values_list("program__time_zone", flat=True)
            .first()
        )
        return zone or user.time_zone or clock.region_time_zone()
    if user.time_zone:
        return user.time_zone
    patient_id = (
        SupporterLink.objects.filter(
            supporter=user, accepted_at__isnull=False, ended_at__isnull=True
        )
        .order_by("accepted_at", "pk")
        .values_list("patient_id", flat=True)
        .first()
    )
    if patient_id is None:
        return clock.region_time_zone()
    return time_zones_for([patient_id])[patient_id]
