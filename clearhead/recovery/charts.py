"""Charts of check-ins: the values by day, a plain summary, the drawings.

Pure: check-in values in, numbers, words and SVG out. The drawing is
matplotlib's (`recovery.chart_drawing`, docs/decisions/0002-charts.md); this
module decides what is drawn: one value a day, a gap (never a zero) for a
day without one, and the days with reported use marked on every chart. The
same values are the table under "Show the numbers".
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from statistics import mean

from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy, ngettext

from clearhead.recovery import chart_drawing, wording
from clearhead.recovery.chart_drawing import NARROW, WIDE, Marks, Panel

# {measure: (title, lowest, highest, unit)}
MEASURES = {
    "craving": (gettext_lazy("Craving"), 0, 10, gettext_lazy("out of 10")),
    "mood": (gettext_lazy("Mood"), 1, 5, gettext_lazy("out of 5")),
    "stress": (gettext_lazy("Stress"), 0, 10, gettext_lazy("out of 10")),
    "sleep_hours": (gettext_lazy("Sleep"), 0, 12, gettext_lazy("hours")),
}


@dataclass(frozen=True)
class Point:
    day: date
    value: float | None


@dataclass(frozen=True)
class Chart:
    measure: str
    title: str
    unit: str
    low: float
    high: float
    points: list[Point]  # one a day from the first to the last, value or None
    use_days: list[date]
    summary: str
    tests: list[tuple[date, str]] = field(default_factory=list)

    @property
    def plotted(self) -> list[Point]:
        return [p for p in self.points if p.value is not None]

    @cached_property
    def svg(self) -> SafeString:
        """The narrow and the wide drawing; the stylesheet shows one."""
        if not self.points:
            return mark_safe("")
        days = [p.day for p in self.points]
        panel = Panel(self.title, self.low, self.high, [p.value for p in self.points])
        marks = Marks(self.use_days, self.tests)
        key = f"chart-{self.measure}"
        return mark_safe(  # noqa: S308 (matplotlib's escaped SVG)
            chart_drawing.draw(days, [panel], marks, width=NARROW, key=key)
            + chart_drawing.draw(days, [panel], marks, width=WIDE, key=key)
        )


def daily_values(checkins, measure: str, first: date, days: int) -> dict[date, float]:
    """One value a day: the mean of that day's check-ins that answered it."""
    by_day: dict[date, list[float]] = {}
    for checkin in checkins:
        value = getattr(checkin, measure)
        if value is not None and first <= checkin.day < first + timedelta(days=days):
            by_day.setdefault(checkin.day, []).append(float(value))
    return {day: round(mean(values), 1) for day, values in by_day.items()}


def _sentences(*sentences: str) -> str:
    """Sentences one after another, the empty ones left out."""
    return " ".join(sentence for sentence in sentences if sentence)


def _trend(values: list[float]) -> str:
    if len(values) < 4:
        return ""
    half = len(values) // 2
    change = mean(values[half:]) - mean(values[:half])
    if abs(change) < 0.5:
        return gettext("It stayed about the same.")
    return gettext("It went up.") if change > 0 else gettext("It went down.")


def _first_to_latest(values: list[float]) -> str:
    """The trend, unless the first and latest are the same: then saying so,
    never "It went up" next to two equal numbers."""
    if len(values) > 1 and values[0] == values[-1]:
        return gettext("The latest is the same as the first.")
    return _trend(values)


def _summary(title: str, unit: str, values: list[float], days: int, uses: int) -> str:
    if not values:
        return ngettext(
            "No %(measure)s answers in the last %(days)d day.",
            "No %(measure)s answers in the last %(days)d days.",
            days,
        ) % {"measure": title.lower(), "days": days}
    text = ngettext(
        "%(measure)s over the last %(days)d day: %(values)s.",
        "%(measure)s over the last %(days)d days: %(values)s.",
        days,
    ) % {
        "measure": title,
        "days": days,
        "values": wording.values_summary(values, unit),
    }
    return _sentences(text, _trend(values), wording.use_days(uses) if uses else "")


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def build_chart(checkins, measure: str, today: date, days: int) -> Chart:
    title, low, high, unit = MEASURES[measure]
    title, unit = str(title), str(unit)
    first = today - timedelta(days=days - 1)
    values = daily_values(checkins, measure, first, days)
    use_days = sorted(
        {c.day for c in checkins if c.used_ketamine and first <= c.day <= today}
    )
    return Chart(
        measure=measure,
        title=title,
        unit=unit,
        low=low,
        high=high,
        points=[Point(day, values.get(day)) for day in _days(first, today)],
        use_days=use_days,
        summary=_summary(
            title, unit, [values[d] for d in sorted(values)], days, len(use_days)
        ),
    )


def series_chart(
    measure: str, title: str, unit: str, low: float, high: float, points: list
) -> Chart:
    """A chart of dated values (scores over time, weekly means) on a date axis.

    Days between two values are gaps in the table's sense only: the line
    joins the values it has, as a series of occasional scores should.
    """
    values = [value for _, value in points]
    summary = (
        _sentences(
            ngettext(
                "%(measure)s: %(count)d value from %(first_day)s to %(last_day)s; "
                "first %(first)s, latest %(latest)s %(unit)s.",
                "%(measure)s: %(count)d values from %(first_day)s to %(last_day)s; "
                "first %(first)s, latest %(latest)s %(unit)s.",
                len(values),
            )
            % {
                "measure": title,
                "count": len(values),
                "first_day": date_format(points[0][0], "j M Y"),
                "last_day": date_format(points[-1][0], "j M Y"),
                "first": f"{values[0]:g}",
                "latest": f"{values[-1]:g}",
                "unit": unit,
            },
            _first_to_latest(values),
        )
        if values
        else gettext("No %(measure)s yet.") % {"measure": title.lower()}
    )
    return Chart(
        measure=measure,
        title=title,
        unit=unit,
        low=low,
        high=high,
        points=[Point(day, float(value)) for day, value in points],
        use_days=[],
        summary=summary,
    )


@dataclass(frozen=True)
class TimelineDay:
    day: date
    craving: float | None
    mood: float | None
    used: bool
    tests: list[str]  # each test's results in words


@dataclass(frozen=True)
class Timeline:
    """Craving, mood and use with drug-test results on one time axis.

    `shows_checkins` is False when the patient does not share daily
    check-ins with the reader: then only the tests are drawn.
    """

    days: list[TimelineDay]
    shows_checkins: bool
    tests: list[tuple[date, str]]  # (day, ketamine outcome) as drawn
    summary: str
    measure: str = "timeline"

    @property
    def rows(self) -> list[TimelineDay]:
        """The days with anything to say, for the table."""
        return [
            d
            for d in self.days
            if d.craving is not None or d.mood is not None or d.used or d.tests
        ]

    @cached_property
    def svg(self) -> SafeString:
        if not self.rows:
            return mark_safe("")
        days = [d.day for d in self.days]
        panels = (
            [
                Panel(gettext("Craving"), 0, 10, [d.craving for d in self.days]),
                Panel(gettext("Mood"), 1, 5, [d.mood for d in self.days]),
            ]
            if self.shows_checkins
            else []
        )
        marks = Marks([d.day for d in self.days if d.used], self.tests)
        key = f"chart-{self.measure}"
        return mark_safe(  # noqa: S308 (matplotlib's escaped SVG)
            chart_drawing.draw(days, panels, marks, width=NARROW, key=key)
            + chart_drawing.draw(days, panels, marks, width=WIDE, key=key)
        )


def timeline_chart(
    *, checkins, tests: list[tuple[date, str, str]], today: date, days: int
) -> Timeline:
    """`checkins`: the shared check-ins, or None when they are not shared;
    `tests`: (day collected, ketamine outcome or "", results in words)."""
    first = today - timedelta(days=days - 1)
    shows = checkins is not None
    checkins = checkins or []
    craving = daily_values(checkins, "craving", first, days)
    mood = daily_values(checkins, "mood", first, days)
    used = {c.day for c in checkins if c.used_ketamine}
    tests = [t for t in tests if first <= t[0] <= today]
    timeline = [
        TimelineDay(
            day,
            craving.get(day),
            mood.get(day),
            day in used,
            [words for on, _, words in tests if on == day],
        )
        for day in _days(first, today)
    ]
    return Timeline(
        days=timeline,
        shows_checkins=shows,
        tests=[(on, outcome) for on, outcome, _ in tests if outcome],
        summary=_timeline_summary(craving, mood, used, tests, days, shows),
    )


def _averaged(values: dict) -> dict:
    """The placeholders of a measure's average: %(average)s, %(count)d."""
    return {"average": f"{mean(values.values()):.1f}", "count": len(values)}


def _timeline_summary(craving, mood, used, tests, days, shows) -> str:
    parts = []
    if shows:
        parts.append(
            ngettext(
                "craving averaged %(average)s out of 10 on %(count)d day",
                "craving averaged %(average)s out of 10 on %(count)d days",
                len(craving),
            )
            % _averaged(craving)
            if craving
            else gettext("no craving answers")
        )
        parts.append(
            ngettext(
                "mood averaged %(average)s out of 5 on %(count)d day",
                "mood averaged %(average)s out of 5 on %(count)d days",
                len(mood),
            )
            % _averaged(mood)
            if mood
            else gettext("no mood answers")
        )
        parts.append(
            ngettext(
                "use reported on %(count)d day",
                "use reported on %(count)d days",
                len(used),
            )
            % {"count": len(used)}
            if used
            else gettext("no use reported")
        )
    positive = sum(1 for _, outcome, _ in tests if outcome == "positive")
    parts.append(
        ngettext(
            "%(count)d drug test, %(positive)d positive for ketamine",
            "%(count)d drug tests, %(positive)d positive for ketamine",
            len(tests),
        )
        % {"count": len(tests), "positive": positive}
        if tests
        else gettext("no drug tests")
    )
    text = ngettext(
        "Last %(days)d day: %(parts)s.", "Last %(days)d days: %(parts)s.", days
    ) % {"days": days, "parts": "; ".join(parts)}
    return _sentences(
        text, "" if shows else gettext("Daily check-ins are not shared with your team.")
    )
