"""Which day a check-in counts for (pure: no database, no clock).

The day is always the patient's own (the one "today",
`care.time_zones.today_for`), never the phone's date:

* an offline check-in carries the instant it was made, with the device's
  UTC offset (`recorded_at`); its day is that instant read in the patient's
  zone. It may be sent later, but not from the future (beyond a little
  clock skew) and not from before the late window;
* a late check-in ("I missed yesterday") is for yesterday only.

The window itself, LATE_CHECKIN_DAYS, is one of the clinical windows of
`flags.definitions`.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext

from clearhead.flags.definitions import LATE_CHECKIN_DAYS, OFFLINE_CHECKIN_DAYS

# How far ahead of the server's clock a phone's clock may run.
CLOCK_SKEW = timedelta(minutes=5)


def day_of_instant(
    *, recorded_at: datetime, zone: str, now: datetime, today: date
) -> date:
    """Return the patient's day at `recorded_at` (aware), read in `zone`.

    Raises ValidationError on "recorded_at" when the instant has no UTC
    offset, is more than CLOCK_SKEW after `now`, or falls on a day before
    `today` minus OFFLINE_CHECKIN_DAYS (a check-in made offline is made on
    its own day, so it is not late, however long the phone waited).
    """
    if recorded_at.tzinfo is None or recorded_at.utcoffset() is None:
        raise ValidationError(
            {"recorded_at": gettext("Give the time with its UTC offset, like -06:00.")}
        )
    if recorded_at > now + CLOCK_SKEW:
        raise ValidationError({"recorded_at": gettext("This time is in the future.")})
    too_old = ValidationError(
        {
            "recorded_at": ngettext(
                "This check-in is too old to add: check-ins made offline can be "
                "sent up to %(days)d day later.",
                "This check-in is too old to add: check-ins made offline can be "
                "sent up to %(days)d days later.",
                OFFLINE_CHECKIN_DAYS,
            )
            % {"days": OFFLINE_CHECKIN_DAYS}
        }
    )
    # Days before the window in any zone; refused before reading it in the
    # patient's zone, which overflows for an instant on 1 January of year 1.
    if recorded_at < now - timedelta(days=OFFLINE_CHECKIN_DAYS + 2):
        raise too_old
    day = recorded_at.astimezone(ZoneInfo(zone)).date()
    if day < today - timedelta(days=OFFLINE_CHECKIN_DAYS):
        raise too_old
    return day


def late_day(*, day: date | None, today: date) -> date:
    """Return the day of a late check-in: yesterday, whether given or not.

    Raises ValidationError on "day" for any other day.
    """
    yesterday = today - timedelta(days=LATE_CHECKIN_DAYS)
    if day is None:
        return yesterday
    if day > today:
        raise ValidationError({"day": gettext("The day cannot be in the future.")})
    if day != yesterday:
        raise ValidationError(
            {"day": gettext("A missed check-in can be added for yesterday only.")}
        )
    return day


def closed_through(earliest_today: date) -> date:
    """The last day no check-in can be added to any more, in any zone: the
    day before the oldest a check-in may still be made for (offline or
    late), counted from the earliest today any patient has now
    (`care.time_zones.todays_bounds`). A report may keep what it computed of
    days up to this one (clinic.OutcomesWeek)."""
    return earliest_today - timedelta(
        days=max(OFFLINE_CHECKIN_DAYS, LATE_CHECKIN_DAYS) + 1
    )
