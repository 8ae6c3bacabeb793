"""The early-recovery daily set: when it is offered, its charts, its words.

Pure: dates and entries in, answers out. Public on purpose (like
`recovery.sobriety`): the clinic shows the same charts beside the plan's
withdrawal phase. The weeks it is offered for are `flags.definitions`'
EARLY_RECOVERY_WEEKS; the crisis rule its self-harm question goes through is
`flags.rules.self_harm_crisis`, the check-in's.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean

from django.utils.translation import gettext, gettext_lazy, ngettext

from clearhead.flags.definitions import EARLY_RECOVERY_WEEKS
from clearhead.recovery.charts import Chart, Point

# {field: (chart title, what 0 and 10 mean)}; every scale is 0 (none) to 10
# (the worst), so higher is always harder.
SYMPTOMS = {
    "anxiety": (gettext_lazy("Anxiety"), gettext_lazy("0 = calm, 10 = the worst")),
    "low_mood": (
        gettext_lazy("Low mood"),
        gettext_lazy("0 = not low at all, 10 = the lowest"),
    ),
    "poor_sleep": (
        gettext_lazy("Poor sleep"),
        gettext_lazy("0 = slept well, 10 = hardly slept"),
    ),
    "fatigue": (
        gettext_lazy("Tiredness"),
        gettext_lazy("0 = full of energy, 10 = exhausted"),
    ),
    "irritability": (
        gettext_lazy("Irritability"),
        gettext_lazy("0 = easygoing, 10 = snapping at everything"),
    ),
    "craving": (
        gettext_lazy("Craving"),
        gettext_lazy("0 = no craving, 10 = the strongest ever"),
    ),
}
UNIT = gettext_lazy("out of 10")
CHART_DAYS = EARLY_RECOVERY_WEEKS * 7


@dataclass(frozen=True)
class Offer:
    """Whether the daily set is offered today, and until when.

    `start`: the first day counted (the day they stopped, or the start of
    their current sober run); `ends`: the last day of the offer.
    """

    start: date
    ends: date
    offered: bool
    week: int  # 1 in the first week after stopping; 0 before the start


def offer(run_started: date, today: date) -> Offer:
    """The daily set is offered from the day of stopping for EARLY_RECOVERY_WEEKS.

    `run_started`: the first day of the current sober run (the stop date, or
    the day after the latest reported use: `sobriety.sober_count`). Before
    that day (a stop date still ahead) it is not offered yet.
    """
    ends = run_started + timedelta(days=EARLY_RECOVERY_WEEKS * 7 - 1)
    days = (today - run_started).days
    return Offer(
        start=run_started,
        ends=ends,
        offered=run_started <= today <= ends,
        week=days // 7 + 1 if days >= 0 else 0,
    )


def _summary(title: str, values: list[float], days: int) -> str:
    if not values:
        return gettext("No %(measure)s answers yet.") % {"measure": title.lower()}
    text = ngettext(
        "%(measure)s on %(count)d day: latest %(latest)s out of 10.",
        "%(measure)s on %(count)d days: latest %(latest)s out of 10, "
        "average %(average).1f, lowest %(lowest)s, highest %(highest)s.",
        len(values),
    ) % {
        "measure": title,
        "count": len(values),
        "latest": f"{values[-1]:g}",
        "average": mean(values),
        "lowest": f"{min(values):g}",
        "highest": f"{max(values):g}",
    }
    if len(values) >= 4:
        half = len(values) // 2
        change = mean(values[half:]) - mean(values[:half])
        if abs(change) < 0.5:
            trend = gettext("It stayed about the same.")
        elif change < 0:
            trend = gettext("It eased off.")
        else:
            trend = gettext("It got harder.")
        text = f"{text} {trend}"
    return text


def charts(entries, today: date, days: int = CHART_DAYS) -> list[Chart]:
    """One chart per symptom over the `days` ending today: a point per day
    with an entry, a gap (never a zero) for a day without one."""
    first = today - timedelta(days=days - 1)
    kept = sorted((e for e in entries if first <= e.day <= today), key=lambda e: e.day)
    if kept:
        # Start at the first entry: weeks of empty days say nothing.
        first = kept[0].day
    span = [first + timedelta(days=n) for n in range((today - first).days + 1)]
    result = []
    for field, (title, _scale) in SYMPTOMS.items():
        by_day = {e.day: float(getattr(e, field)) for e in kept}
        title = str(title)
        result.append(
            Chart(
                measure=f"early-{field.replace('_', '-')}",
                title=title,
                unit=str(UNIT),
                low=0,
                high=10,
                points=[Point(day, by_day.get(day)) for day in span] if kept else [],
                use_days=[],
                summary=_summary(title, [by_day[d] for d in sorted(by_day)], days),
            )
        )
    return result
