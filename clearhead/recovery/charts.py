"""Server-drawn charts of check-ins: SVG geometry, a plain summary, a table.

Pure: check-in values in, numbers and words out. Templates draw the SVG, so
every label is escaped like any other text, and no chart library or CDN is
needed. Days with reported use are marked on every chart.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean

from clearhead.recovery import wording

WIDTH, HEIGHT = 600, 200
LEFT, RIGHT, TOP, BOTTOM = 36, 12, 12, 28

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
    x: float
    y: float | None


@dataclass(frozen=True)
class Chart:
    measure: str
    title: str
    unit: str
    points: list[Point]
    use_marks: list[float]  # x positions of days with reported use
    y_ticks: list[tuple[float, str]]
    x_ticks: list[tuple[float, str]]
    summary: str

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points if p.y is not None)

    @property
    def plotted(self) -> list[Point]:
        return [p for p in self.points if p.y is not None]


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


def build_chart(checkins, measure: str, today: date, days: int) -> Chart:
    title, low, high, unit = MEASURES[measure]
    first = today - timedelta(days=days - 1)
    values = daily_values(checkins, measure, first, days)
    use_days = {c.day for c in checkins if c.used_ketamine and first <= c.day <= today}
    span_x = (WIDTH - LEFT - RIGHT) / max(days - 1, 1)
    span_y = (HEIGHT - TOP - BOTTOM) / (high - low)

    def x_of(index: int) -> float:
        return LEFT + index * span_x

    def y_of(value: float) -> float:
        return HEIGHT - BOTTOM - (min(max(value, low), high) - low) * span_y

    points = [
        Point(
            day, values.get(day), x_of(i), y_of(values[day]) if day in values else None
        )
        for i, day in enumerate(first + timedelta(days=n) for n in range(days))
    ]
    step = {7: 1, 30: 7, 90: 14}.get(days, max(1, days // 6))
    return Chart(
        measure=measure,
        title=title,
        unit=unit,
        points=points,
        use_marks=[p.x for p in points if p.day in use_days],
        y_ticks=[(y_of(v), f"{v:g}") for v in (low, (low + high) / 2, high)],
        x_ticks=[(p.x, p.day.strftime("%-d %b")) for p in points[::-1][::step]],
        summary=_summary(
            title, unit, [values[d] for d in sorted(values)], days, len(use_days)
        ),
    )


def series_chart(
    measure: str, title: str, unit: str, low: float, high: float, points: list
) -> Chart:
    """A chart of dated values spaced evenly (scores over time, weekly means)."""
    span_x = (WIDTH - LEFT - RIGHT) / max(len(points) - 1, 1)
    span_y = (HEIGHT - TOP - BOTTOM) / (high - low)
    plotted = [
        Point(
            day,
            value,
            LEFT + i * span_x,
            HEIGHT - BOTTOM - (min(max(value, low), high) - low) * span_y,
        )
        for i, (day, value) in enumerate(points)
    ]
    values = [value for _, value in points]
    step = max(1, len(points) // 6)
    summary = (
        f"{title}: {len(values)} values from {points[0][0]:%-d %b %Y} to {points[-1][0]:%-d %b %Y}; "
        f"first {values[0]:g}, latest {values[-1]:g} {unit}.{_trend(values)}"
        if values
        else f"No {title.lower()} yet."
    )
    return Chart(
        measure=measure,
        title=title,
        unit=unit,
        points=plotted,
        use_marks=[],
        y_ticks=[
            (HEIGHT - BOTTOM - (v - low) * span_y, f"{v:g}")
            for v in (low, (low + high) / 2, high)
        ],
        x_ticks=[(p.x, p.day.strftime("%-d %b")) for p in plotted[::step]],
        summary=summary,
    )
