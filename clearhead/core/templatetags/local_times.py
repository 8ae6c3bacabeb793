"""Times shown in the reader's zone, with the zone named when it matters.

`{% load local_times %}`, then `{% local_time instant "D j M Y, g:i A" %}`
shows an instant (an aware datetime, stored in UTC) in the zone active for
the request (care.middleware.ReaderTimeZoneMiddleware: the reader's own,
docs/architecture.md "Time"). Given `zone=` (the IANA zone of the event or
record: an appointment's, a program's), and that zone is not the reader's,
it names both: "Tue 3 Dec 2024, 4:00 PM EST (New York), 3:00 PM CST
(Chicago)". A time in the hour that comes twice when the clocks go back
carries its abbreviation ("1:30 AM CDT", then "1:30 AM CST"). `named=True` names the reader's zone even when it is the
event's (e-mails, read anywhere). `local_time_plain` gives the same words
without the <time> element, for plain-text e-mails. Empty for None.
`year_if_other=True` adds the year when it is not the reader's current year
("Thursday 15 July 2027"); the `{{ day|day_with_year:"l j F" }}` filter does
the same for a date.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext

from clearhead.core import clock
from clearhead.core.clock import time_zone_label
from clearhead.core.local_times import abbreviation, zone_named

register = template.Library()

DEFAULT_FORMAT = "D j M Y, g:i A"


def _with_year(day: date, fmt: str) -> str:
    """`fmt` with the year after the day and month when `day` is not in the
    reader's current year ("l j F, g:i A" -> "l j F Y, g:i A")."""
    if "Y" in fmt or day.year == clock.today_in(timezone.get_current_timezone()).year:
        return fmt
    head, comma, tail = fmt.partition(",")
    # Spanish says "15 de julio de 2027": the year's words are the language's.
    year = pgettext("date format: the year after a day and month", " Y")
    return f"{head}{year}{comma}{tail}"


@register.filter
def day_with_year(day: date | None, fmt: str = "l j F") -> str:
    """A date as `fmt`, with its year when not the reader's current year."""
    return "" if day is None else formats.date_format(day, _with_year(day, fmt))


def local_time_text(
    instant: datetime,
    fmt: str = DEFAULT_FORMAT,
    zone: str | None = None,
    named: bool = False,
    year_if_other: bool = False,
) -> str:
    """The words `local_time` shows, without markup."""
    reader = timezone.get_current_timezone_name()
    here = instant.astimezone(ZoneInfo(reader))
    if year_if_other:
        fmt = _with_year(here.date(), fmt)
    text = formats.date_format(here, fmt)
    if named and (not zone or zone == reader):
        return f"{text} {zone_named(instant, reader)}"
    if here.replace(fold=1 - here.fold).utcoffset() != here.utcoffset():
        # The hour the clocks go back comes twice: say which one.
        text = f"{text} {abbreviation(instant, reader)}"
    if zone and zone != reader:
        there = instant.astimezone(ZoneInfo(zone))
        # The other zone's side names the date only when it is another day.
        other = "g:i A" if there.date() == here.date() else "D j M, g:i A"
        text = (
            f"{text} {zone_named(instant, reader)}, "
            f"{formats.date_format(there, other)} {zone_named(instant, zone)}"
        )
    return text


@register.simple_tag
def local_time(
    instant,
    fmt: str = DEFAULT_FORMAT,
    zone: str | None = None,
    named: bool = False,
    year_if_other: bool = False,
) -> str:
    """A <time> element: `instant` in the reader's zone (see module docstring)."""
    if instant is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        instant.isoformat(),
        local_time_text(instant, fmt, zone, named, year_if_other),
    )


@register.simple_tag
def local_time_plain(
    instant, fmt: str = DEFAULT_FORMAT, zone: str | None = None, named: bool = False
) -> str:
    """`local_time`'s words alone, for plain-text e-mails."""
    return "" if instant is None else local_time_text(instant, fmt, zone, named)


def _repeated(local: datetime) -> bool:
    """Whether this wall time happens twice (the hour the clocks go back)."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


@register.simple_tag
def local_time_range(first, last, day_fmt: str = "j M Y") -> str:
    """From `first` to `last` (UTC instants) in the reader's zone.

    "15 Mar 2026, 2:01\u20132:05 PM" within one morning or afternoon (an en
    dash for "to"); "15 Mar 2026, 11:50 AM\u201312:10 PM" across noon;
    both days in full across midnight where the reader is; one time when
    both fall in the same minute.
    """
    zone = ZoneInfo(timezone.get_current_timezone_name())
    start, end = first.astimezone(zone), last.astimezone(zone)
    day = formats.date_format(start, day_fmt)
    clock_start, clock_end = (formats.date_format(t, "g:i A") for t in (start, end))
    named = _repeated(start) or _repeated(end)
    if named:
        # The hour the clocks go back comes twice: say which, on both sides
        # (1:50 AM CDT to 1:10 AM CST is twenty minutes, not backwards).
        clock_start += f" {abbreviation(first, zone.key)}"
        clock_end += f" {abbreviation(last, zone.key)}"
    if start.date() != end.date():
        text = gettext("%(start)s to %(end)s") % {
            "start": f"{day}, {clock_start}",
            "end": f"{formats.date_format(end, day_fmt)}, {clock_end}",
        }
    elif clock_start == clock_end:
        text = f"{day}, {clock_start}"
    elif not named and clock_start[-2:] == clock_end[-2:]:  # the same AM or PM
        text = f"{day}, {formats.date_format(start, 'g:i')}\u2013{clock_end}"
    else:
        text = f"{day}, {clock_start}\u2013{clock_end}"
    return format_html('<time datetime="{}">{}</time>', first.isoformat(), text)


@register.simple_tag
def reader_zone() -> str:
    """The zone times are shown in, as people know it: "Central (Chicago)"."""
    return time_zone_label(timezone.get_current_timezone_name())
