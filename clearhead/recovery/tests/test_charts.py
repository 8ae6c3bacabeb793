"""Charts: what is drawn is the data, one value a day, gaps never zeros."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from clearhead.recovery import chart_drawing
from clearhead.recovery.chart_drawing import NARROW, WIDE, Marks, Panel
from clearhead.recovery.charts import build_chart, series_chart

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 11, 30)


def checkin(days_ago, craving, used=False):
    return SimpleNamespace(
        day=TODAY - timedelta(days=days_ago),
        craving=craving,
        mood=3,
        stress=None,
        sleep_hours=None,
        used_ketamine=used,
    )


def drawings(svg: str) -> list[ET.Element]:
    parts = re.findall(r"<svg.*?</svg>", svg, re.S)
    return [ET.fromstring(part) for part in parts]  # noqa: S314 (our own SVG)


def plotted_xy(root: ET.Element) -> list[tuple[float, float]]:
    line = root.find(f".//{SVG}g[@class='values']")
    return [(float(u.get("x")), float(u.get("y"))) for u in line.iter(f"{SVG}use")]


def line_runs(root: ET.Element) -> int:
    """How many separate stretches the line is drawn in (one per 'M')."""
    line = root.find(f".//{SVG}g[@class='values']/{SVG}path")
    return line.get("d").count("M")


def text_of(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def test_a_chart_is_drawn_for_a_phone_and_for_a_wide_screen():
    chart = build_chart(
        [checkin(2, 8, used=True), checkin(1, 4), checkin(0, 2)], "craving", TODAY, 7
    )
    narrow, wide = drawings(chart.svg)
    assert narrow.get("viewBox").split()[2] == str(NARROW)
    assert wide.get("viewBox").split()[2] == str(WIDE)
    for root in (narrow, wide):
        assert len(plotted_xy(root)) == 3
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == "chart-craving-title"
        assert len(root.findall(f".//{SVG}g[@class='use-days']/{SVG}path")) == 1
        # Inline styles would be blocked by the Content-Security-Policy.
        assert not [e for e in root.iter() if "style" in e.attrib]
        assert root.find(f".//{SVG}style") is None
        # Dates whole, with a year's month names, never cut ("30 No").
        labels = text_of(root)
        assert {"0", "5", "10"} <= set(labels)
        assert all(
            re.fullmatch(r"\d{1,2} (Nov|Dec)", label)
            for label in labels
            if not label.isdigit()
        ), labels


def test_higher_values_are_drawn_higher_on_one_date_axis():
    chart = build_chart(
        [checkin(2, 8), checkin(1, 4), checkin(0, 2)], "craving", TODAY, 7
    )
    points = plotted_xy(drawings(chart.svg)[0])
    xs, ys = zip(*points, strict=True)
    assert list(xs) == sorted(xs)
    assert ys[0] < ys[1] < ys[2]  # SVG's y grows downwards


def test_ids_are_unique_across_charts_on_one_page():
    charts = [
        build_chart([checkin(0, 2)], measure, TODAY, 7)
        for measure in ("craving", "mood")
    ]
    ids = re.findall(r'id="([^"]+)"', "".join(c.svg for c in charts))
    assert ids
    assert len(ids) == len(set(ids))
    # The same data draws the same SVG.
    assert build_chart([checkin(0, 2)], "mood", TODAY, 7).svg == charts[1].svg


def test_no_answers_draw_nothing_and_a_series_uses_real_dates():
    assert build_chart([], "craving", TODAY, 7).plotted == []
    series = series_chart(
        "phq9",
        "PHQ-9 over time",
        "points",
        0,
        27,
        [(date(2026, 9, 1), 14), (date(2026, 11, 1), 9)],
    )
    points = plotted_xy(drawings(series.svg)[0])
    assert len(points) == 2
    assert "first 14, latest 9 points" in series.summary


@settings(max_examples=20, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=2, max_size=90))
def test_every_day_answered_is_plotted_once_and_missing_days_are_gaps(values):
    days = [TODAY - timedelta(days=len(values) - 1 - n) for n in range(len(values))]
    panel = Panel("Craving", 0, 10, values)
    root = ET.fromstring(  # noqa: S314 (our own SVG)
        chart_drawing.draw(days, [panel], Marks([], []), width=NARROW, key="t")
    )
    answered = [(n, v) for n, v in enumerate(values) if v is not None]
    points = plotted_xy(root)
    assert len(points) == len(answered)  # once each, nothing for a missing day
    if len(answered) >= 2:
        # x is the day: evenly spaced by the days between answers.
        (n0, _), (n1, _) = answered[0], answered[-1]
        step = (points[-1][0] - points[0][0]) / (n1 - n0)
        for (n, _), (x, _) in zip(answered, points, strict=True):
            assert abs(x - (points[0][0] + (n - n0) * step)) < 0.01
    zero_y = [y for (_, v), (_, y) in zip(answered, points, strict=True) if v == 0]
    assert len(set(zero_y)) <= 1
    runs = sum(
        1
        for n, v in enumerate(values)
        if v is not None and (n == 0 or values[n - 1] is None)
    )
    if answered:
        assert line_runs(root) == runs  # a missing day breaks the line


def test_equal_first_and_latest_never_read_went_up():
    """Weekly means 6, 6, 9, 6 (later half higher): "first 6, latest 6" and no "It went up"."""
    from datetime import date, timedelta

    from clearhead.recovery.charts import series_chart

    monday = date(2026, 3, 2)
    points = [(monday + timedelta(weeks=n), v) for n, v in enumerate([6, 6, 9, 6])]
    chart = series_chart(
        "weekly-craving", "Mean craving by week", "out of 10", 0, 10, points
    )
    assert "first 6, latest 6 out of 10. The latest is the same as the first." in (
        chart.summary
    )
    assert "went up" not in chart.summary
