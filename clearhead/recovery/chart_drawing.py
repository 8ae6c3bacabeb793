"""Charts drawn as SVG by matplotlib (docs/decisions/0002-charts.md).

Two drawings of every chart, each for the width it is shown at, so that
its text is at least 12 CSS pixels as rendered: a narrow one for phones
(NARROW user units wide, shown at most that wide, about 1:1 on a 360 px
screen) and a wide one for larger screens (WIDE, shown at that width). The
stylesheet shows one of the two.

The SVG goes inline into the page, which the Content-Security-Policy allows
only without inline styles: matplotlib writes `style="fill: ...; ..."`, so
each declaration becomes the presentation attribute of the same name, which
the policy allows and our stylesheet can still override. Its ids are
prefixed per drawing, so several charts on one page never share one.

Only `matplotlib.figure.Figure` is used (no pyplot and its current figure),
and matplotlib's settings are set once (`_figure_class`), so drawing is safe
in any thread.
"""

import functools
import io
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

NARROW, WIDE = 340, 640
FONT_PX = 13  # >= 12 CSS px once the narrow drawing is shown 328 px wide
LINE = "#0d5c63"
USE = "#b3261e"
GRID = "#d5dde0"
INK = "#4a5560"
# Margins and gaps in units: y labels ("10", "Tests"), the y axis's name,
# half a date label past the last day, the date labels, between panels.
LEFT, YLABEL, RIGHT, TOP, BOTTOM, GAP = 44, 22, 24, 8, 26, 12

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
ET.register_namespace("", SVG_NS)


@dataclass(frozen=True)
class Panel:
    """One measure on its own axis: `values[i]` is day `first + i`, or None."""

    label: str
    low: float
    high: float
    values: list[float | None]


@dataclass(frozen=True)
class Marks:
    """Days marked across every panel, and drug tests on a strip below them."""

    use_days: list[date]
    tests: list[tuple[date, str]]  # (day, "positive" | "negative" | "inconclusive")


TEST_STYLE = {
    "positive": ("^", USE, gettext_lazy("Positive")),
    "negative": ("o", "none", gettext_lazy("Negative")),
    "inconclusive": ("s", INK, gettext_lazy("Unclear")),
}


@functools.cache
def _figure_class():
    """matplotlib, loaded on the first chart, its two SVG settings set once:
    text as <text>, and a fixed hash salt (the same chart draws the same
    SVG). Set once and never changed, unlike a per-call rc_context, which
    would change matplotlib's global settings under another thread."""
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "clearhead"})
    return Figure


def _x(day: date) -> float:
    """A day's place on the axis: matplotlib's day number (whole days)."""
    from matplotlib import dates

    return float(dates.date2num(day))


def _day_label(value: float, _position) -> str:
    """A tick's day as the page names days ("30 Nov"): Django's date format,
    so in the page's language (strftime's month names are always English)."""
    from matplotlib import dates

    return date_format(dates.num2date(value).date(), "j M")


def _date_axis(axis, first: date, last: date, width: int) -> None:
    """Whole dates ("30 Nov"), about one per 80 units of width, counted back
    from the last day, so the newest day is always labelled."""
    from matplotlib import ticker

    span = (last - first).days
    step = max(1, math.ceil((span + 1) / max(2, width // 80)))
    ticks = [_x(last) - n for n in range(0, span + 1, step)]
    axis.set_major_locator(ticker.FixedLocator(sorted(ticks)))
    axis.set_major_formatter(ticker.FuncFormatter(_day_label))


def draw(
    days: list[date],
    panels: list[Panel],
    marks: Marks,
    *,
    width: int,
    key: str,
) -> SafeString:
    """One SVG of `panels` stacked on one date axis (`days`, one per point)."""
    Figure = _figure_class()  # noqa: N806
    panel_height = 130 if width == NARROW else 150
    strip = 40 if marks.tests else 0
    ratios = [panel_height] * len(panels) + ([strip] if strip else [])
    height = sum(ratios) + GAP * (len(ratios) - 1) + TOP + BOTTOM
    figure = Figure(figsize=(width / 72, height / 72), dpi=72)
    figure.patch.set_visible(False)
    # Fixed margins, in units (1 unit = 1 pt at 72 dpi), sized for 13-unit
    # labels: cheaper than a layout engine, and the browser tests measure
    # that every label lies inside the drawing.
    left = LEFT + (YLABEL if len(ratios) > 1 else 0)
    axes = figure.subplots(
        len(ratios),
        1,
        sharex=True,
        squeeze=False,
        gridspec_kw={
            "height_ratios": ratios,
            "left": left / width,
            "right": 1 - RIGHT / width,
            "top": 1 - TOP / height,
            "bottom": BOTTOM / height,
            "hspace": GAP / (sum(ratios) / len(ratios)),
        },
    )[:, 0]
    first, last = days[0], days[-1]
    pad = max(0.5, (last - first).days * 0.02)
    axes[-1].set_xlim(_x(first) - pad, _x(last) + pad)
    axes[-1].set_autoscalex_on(False)
    # A use day's bar: most of a day, and at least 6 units wide.
    day_units = (width - left - RIGHT) / ((last - first).days + 2 * pad)
    bar = max(6.0, 0.8 * day_units)
    for ax, panel in zip(axes, panels, strict=False):
        _draw_panel(ax, days, panel)
        if len(panels) > 1:  # one panel's name is the chart's heading
            ax.set_ylabel(panel.label, fontsize=FONT_PX, color=INK)
    if strip:
        _draw_tests(axes[-1], marks.tests)
    if marks.use_days:
        for ax in axes:  # one collection a panel: one <g>, a line a day
            ax.vlines(
                [_x(day) for day in marks.use_days],
                0,
                1,
                transform=ax.get_xaxis_transform(),
                color=USE,
                alpha=0.18,
                linewidth=bar,
                gid="use-days",
                zorder=0,
            )
    _date_axis(axes[-1].xaxis, first, last, width)
    for ax in axes:
        ax.tick_params(labelsize=FONT_PX, colors=INK, length=0)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color(GRID)
        ax.patch.set_visible(False)
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return mark_safe(_inline(out.getvalue(), key=key, width=width))  # noqa: S308


def _draw_panel(ax, days, panel: Panel) -> None:
    values = [math.nan if v is None else v for v in panel.values]
    ax.plot(
        [_x(day) for day in days],
        values,
        color=LINE,
        linewidth=2.5,
        marker="o",
        markersize=5,
        gid="values",
    )
    ax.set_ylim(panel.low - (panel.high - panel.low) * 0.06, panel.high * 1.04)
    middle = (panel.low + panel.high) / 2
    ax.set_yticks(
        [panel.low, middle, panel.high],
        [f"{panel.low:g}", f"{middle:g}", f"{panel.high:g}"],
    )
    ax.grid(axis="y", color=GRID, linewidth=1)
    ax.set_axisbelow(True)


def _draw_tests(ax, tests) -> None:
    ax.set_ylim(-1, 1)
    ax.set_yticks([0], [gettext("Tests")])
    for outcome, (marker, fill, _label) in TEST_STYLE.items():
        days = [day for day, result in tests if result == outcome]
        if days:
            ax.plot(
                [_x(day) for day in days],
                [0] * len(days),
                linestyle="none",
                marker=marker,
                markersize=9,
                markerfacecolor=fill,
                markeredgecolor=USE if outcome == "positive" else INK,
                markeredgewidth=1.5,
                gid=f"test-{outcome}",
            )


def _inline(svg: str, *, key: str, width: int) -> str:
    """matplotlib's SVG file as an inline, CSP-safe element of the page."""
    # matplotlib's own output, from numbers and dates: not untrusted XML.
    root = ET.fromstring(svg)  # noqa: S314
    for element in list(root):
        if element.tag == f"{{{SVG_NS}}}metadata":
            root.remove(element)
    renamed = _rename_ids(root, f"{key}-{width}")
    for element in root.iter():
        _styles_to_attributes(element)
        href = element.attrib.pop(XLINK_HREF, None)
        if href:
            element.set("href", "#" + renamed[href[1:]])
        clip = element.get("clip-path")
        if clip:
            element.set("clip-path", f"url(#{renamed[clip[5:-1]]})")
    for defs in root.iter(f"{{{SVG_NS}}}defs"):
        for style in defs.findall(f"{{{SVG_NS}}}style"):
            defs.remove(style)
    for attribute in ("width", "height", "version"):
        root.attrib.pop(attribute, None)
    size = "narrow" if width == NARROW else "wide"
    root.set("class", f"chart__svg chart__svg--{size}")
    root.set("role", "img")
    root.set("aria-labelledby", f"{key}-title")
    root.set("aria-describedby", f"{key}-summary")
    root.set("focusable", "false")
    return ET.tostring(root, encoding="unicode")


def _rename_ids(root: ET.Element, prefix: str) -> dict[str, str]:
    """Keep the ids something refers to (markers, clip paths), prefixed;
    our gids ("values", "use-days", "test-positive") become classes; drop
    matplotlib's numbered ones ("axes_1"), which would repeat on a page."""
    renamed = {}
    for element in root.iter():
        gid = element.attrib.pop("id", None)
        if gid is None:
            continue
        if element.tag in (f"{{{SVG_NS}}}path", f"{{{SVG_NS}}}clipPath"):
            renamed[gid] = f"{prefix}-{gid}"
            element.set("id", renamed[gid])
        elif gid in OUR_GIDS:
            element.set("class", gid)
    return renamed


OUR_GIDS = {"values", "use-days"} | {f"test-{outcome}" for outcome in TEST_STYLE}


def _styles_to_attributes(element: ET.Element) -> None:
    """`style="fill: #fff; stroke: #000"` as `fill="#fff" stroke="#000"`.

    matplotlib writes each declaration as `name: value` joined by "; "
    (backend_svg._generate_css); no value of ours holds either separator.
    The font family is left to our stylesheet (the page's font).
    """
    for declaration in element.attrib.pop("style", "").split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and name.strip() != "font-family":
            element.set(name.strip(), value.strip())
