"""The words for counts of days, milestones and a chart's figures: one
source, plural-correct.

Every sentence that puts a number next to a noun is built here with
Django's `ngettext`, so "1 day" and "2 days" come from one place and never
from string concatenation ("1 days"). A milestone is worded from the same
count the counter shows: "14 days!" only on the day it is reached, "You
passed 14 days" when the person first opens the app after it.
"""

from dataclasses import dataclass
from statistics import mean

from django.conf import settings
from django.utils.translation import gettext, ngettext


def days(count: int) -> str:
    """Return "1 day", "2 days", "0 days"."""
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def days_without_ketamine(count: int) -> str:
    """The words under the sober-day counter (the number is shown above)."""
    return ngettext("day without ketamine", "days without ketamine", count)


def days_until_stop(count: int) -> str:
    """The words under the counter before a planned stop date."""
    return ngettext("day until your stop date", "days until your stop date", count)


def checkin_days(count: int) -> str:
    """Return "from 1 day of check-ins" / "from 3 days of check-ins"."""
    return ngettext(
        "from %(count)d day of check-ins", "from %(count)d days of check-ins", count
    ) % {"count": count}


def use_days(count: int) -> str:
    """The sentence about days with reported use in a period."""
    return ngettext(
        "Use was reported on %(count)d day.",
        "Use was reported on %(count)d days.",
        count,
    ) % {"count": count}


def routine_done(done: int, due: int, days_: int) -> str:
    """Return "3 of 4 routine items done in the last 7 days (75%)": the
    routine's adherence over the RECENT_DAYS window (selectors.routine_for),
    said one way on the home page and on "My week"."""
    return ngettext(
        "%(done)d of %(due)d routine item done in the last %(days)s (%(percent)d%%)",
        "%(done)d of %(due)d routine items done in the last %(days)s (%(percent)d%%)",
        due,
    ) % {
        "done": done,
        "due": due,
        "days": days(days_),
        "percent": round(100 * done / due) if due else 0,
    }


def money(amount) -> str:
    """Return an amount in the region's currency: "$120.00", "£40"."""
    symbol = "£" if settings.CLEARHEAD_REGION == "UK" else "$"
    return f"{symbol}{amount}"


def values_summary(values: list[float], unit: str) -> str:
    """Say a period's values once each: one value is not "lowest 6.7,
    highest 6.7", and the same value every day is said as such."""
    if len(values) == 1:
        return f"{values[0]:g} {unit}, {checkin_days(1)}"
    lowest, highest = min(values), max(values)
    if lowest == highest:
        return ngettext(
            "%(value)s %(unit)s on each of %(count)d day of check-ins",
            "%(value)s %(unit)s on each of %(count)d days of check-ins",
            len(values),
        ) % {"value": f"{lowest:g}", "unit": unit, "count": len(values)}
    return gettext(
        "average %(average).1f %(unit)s, lowest %(lowest)s, highest %(highest)s, "
        "%(from)s"
    ) % {
        "average": mean(values),
        "unit": unit,
        "lowest": f"{lowest:g}",
        "highest": f"{highest:g}",
        "from": checkin_days(len(values)),
    }


@dataclass(frozen=True)
class MilestoneNote:
    """What the home page says about a milestone, worded from one count.

    `days` is the milestone (never more than `current_days`); `today` is
    True only when the count is exactly the milestone.
    """

    days: int
    current_days: int
    heading: str
    text: str

    @property
    def today(self) -> bool:
        return self.days == self.current_days


def milestone_note(current_days: int, newly_reached: list[int]) -> MilestoneNote | None:
    """The note for the highest milestone not celebrated before, or None.

    Milestones above the count are ignored: the note never claims more than
    the counter shows. Reached today: "14 days!"; reached earlier (the app
    was not opened that day): "You passed 14 days", next to the real count.
    """
    reached = [days_ for days_ in newly_reached if days_ <= current_days]
    if not reached:
        return None
    milestone = max(reached)
    if milestone == current_days:
        return MilestoneNote(
            days=milestone,
            current_days=current_days,
            heading=gettext("%(days)s!") % {"days": days(milestone)},
            text=gettext(
                "You reached a milestone today. Take a moment to notice how far "
                "you have come."
            ),
        )
    return MilestoneNote(
        days=milestone,
        current_days=current_days,
        heading=gettext("You passed %(days)s") % {"days": days(milestone)},
        text=gettext(
            "You are at %(days)s now. Take a moment to notice how far you have come."
        )
        % {"days": days(current_days)},
    )
