"""Wall times in a named zone, and how a zone is named to a reader.

The one rule (docs/architecture.md, "Time"): instants are stored in UTC;
events people keep by the clock where they happen (appointments, reminders,
routines, meetings) are stored as a wall time plus an IANA zone. This module
turns the second into the first, and names a zone the way a reader knows it
("CST (Chicago)"). Pure: no database, no clock.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def instant_of(day: date, at: time, zone: str) -> datetime:
    """The UTC instant of wall time `at` on `day` in `zone` (an IANA name).

    A wall time that happens twice (clocks going back) is its first
    occurrence; one that does not happen (clocks going forward) is read with
    the offset before the change, so 2:30 AM on a spring-forward day is
    3:30 AM daylight time. `exists` lets a form refuse the second.
    Raises zoneinfo.ZoneInfoNotFoundError for a zone the tz database lacks.
    """
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def exists(day: date, at: time, zone: str) -> bool:
    """Whether the clock on the wall in `zone` shows `at` on `day` at all."""
    local = datetime.combine(day, at, tzinfo=ZoneInfo(zone))
    back = local.astimezone(UTC).astimezone(ZoneInfo(zone))
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def city(zone: str) -> str:
    """The place a zone is named after: "America/New_York" -> "New York"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def abbreviation(instant: datetime, zone: str) -> str:
    """The zone's short name at that instant ("CST" in winter, "CDT" in summer).

    Zones without a letter abbreviation give their offset ("+03").
    """
    return instant.astimezone(ZoneInfo(zone)).strftime("%Z")


def zone_named(instant: datetime, zone: str) -> str:
    """A zone as a reader knows it at an instant: "CST (Chicago)"."""
    return f"{abbreviation(instant, zone)} ({city(zone)})"


def wall_time_of(instant: datetime, zone: str) -> tuple[date, time]:
    """The date and clock time on the wall in `zone` at `instant`."""
    local = instant.astimezone(ZoneInfo(zone))
    return local.date(), local.time().replace(tzinfo=None)
