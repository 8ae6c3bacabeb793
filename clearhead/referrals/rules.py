"""When a referral is overdue: pure, the clock passed in.

A program should contact a person within `WORKING_DAYS_TO_CONTACT` working
days. Working days are Monday to Friday in the program's time zone; there is
no holiday calendar yet (docs/referrals.md), so a referral sent before a
public holiday is flagged a day early. The count starts when the referral is
sent, or, when it is sent on a weekend, at the start of the next Monday:
sent on Friday at 15:00, it is overdue from Tuesday at 15:00; sent on
Saturday, from Wednesday at 00:00.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WORKING_DAYS_TO_CONTACT = 2
NEW = "new"  # the one status that is still waiting for a first contact


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def _next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def contact_due_at(sent_at: datetime, zone: str) -> datetime:
    """The moment (aware, UTC) from which a referral not yet contacted is overdue."""
    tz = ZoneInfo(zone)
    local = sent_at.astimezone(tz)
    day, at = local.date(), local.time().replace(tzinfo=None)
    if not is_working_day(day):
        while not is_working_day(day):
            day += timedelta(days=1)
        at = time(0)
    for _ in range(WORKING_DAYS_TO_CONTACT):
        day = _next_working_day(day)
    # A wall time that does not exist (a spring-forward hour) is read as
    # zoneinfo reads it: the same offset as before the change.
    return datetime.combine(day, at, tzinfo=tz).astimezone(ZoneInfo("UTC"))


def is_overdue(*, status: str, sent_at: datetime, now: datetime, zone: str) -> bool:
    """Whether a referral still waiting for first contact has waited too long."""
    return status == NEW and now >= contact_due_at(sent_at, zone)
