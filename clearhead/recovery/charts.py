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

from django.utils.safestring import SafeString, mark_safe

from clearhead.recovery import chart_drawing, wording
from clearhead.recovery.chart_drawing import NARROW, WIDE, Marks, Panel

MEASURES = {
    "craving": ("Craving", 0, 10, "out of 10"),
    "mood": ("Mood", 1, 5, "out of 5"),
    "stress": ("Stress", 0, 10, "out of 10"),
    "sleep_hours": ("Sleep", 0, 12, "hours"),
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


def _trend(values: list[float]) -> str:
    if len(values) < 4:
        return ""
    half = len(values) // 2
    change = mean(values[half:]) - mean(values[:half])
    if abs(change) < 0.5:
        return " It stayed about the same."
    return " It went up." if change > 0 else " It went down."


def _first_to_latest(values: list[float]) -> str:
    """The trend, unless the first and latest are the same: then saying so,
    never "It went up" next to two equal numbers."""
    if len(values) > 1 and values[0] == values[-1]:
        return " The latest is the same as the first."
    return _trend(values)


def _summary(title: str, unit: str, values: list[float], days: int, uses: int) -> str:
    if not values:
        return f"No {title.lower()} answers in the last {days} days."
    text = (
        f"{title} over the last {days} days: "
        f"{wording.values_summary(values, unit)}.{_trend(values)}"
    )
    if uses:
        text += f" {wording.use_days(uses)}"
    return text


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def build_chart(checkins, measure: str, today: date, days: int) -> Chart:
    title, low, high, unit = MEASURES[measure]
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
        f"{title}: {len(values)} values from {points[0][0]:%-d %b %Y} to {points[-1][0]:%-d %b %Y}; "
        f"first {values[0]:g}, latest {values[-1]:g} {unit}.{_first_to_latest(values)}"
        if values
        else f"No {title.lower()} yet."
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
                Panel("Craving", 0, 10, [d.craving for d in self.days]),
                Panel("Mood", 1, 5, [d.mood for d in self.days]),
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


def _timeline_summary(craving, mood, used, tests, days, shows) -> str:
    parts = []
    if shows:
        for title, values, unit in (
            ("craving", craving, "out of 10"),
            ("mood", mood, "out of 5"),
        ):
            if values:
                parts.append(
                    f"{title} averaged {mean(values.values()):.1f} {unit} "
                    f"on {len(values)} {'day' if len(values) == 1 else 'days'}"
                )
            else:
                parts.append(f"no {title} answers")
        parts.append(
            f"use reported on {len(used)} {'day' if len(used) == 1 else 'days'}"
            if used
            else "no use reported"
        )
    positive = sum(1 for _, outcome, _ in tests if outcome == "positive")
    parts.append(
        f"{len(tests)} drug {'test' if len(tests) == 1 else 'tests'}, "
        f"{positive} positive for ketamine"
        if tests
        else "no drug tests"
    )
    text = f"Last {days} days: " + "; ".join(parts) + "."
    if not shows:
        text += " Daily check-ins are not shared with your team."
    return text
