"""Chart geometry for the dashboard's inline SVG: computed here, drawn by the templates.

Pure functions of the figures (no HTTP, no database), so the shapes are tested directly and the
pages need no chart library. Every chart also appears as a table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """One figure: a stable key (for live refresh), its label, its value and the value as shown."""

    key: str
    label: str
    value: float
    shown: str
    href: str | None = None


@dataclass(frozen=True)
class Bar:
    item: Item
    y: float
    width: float


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars: labels on the left, bars scaled to the largest value, value at the end."""

    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int
    plot_width: int
    row: int
    bar_height: int


def bar_chart(
    items: Sequence[Item], width: int = 420, label_width: int = 170, row: int = 26
) -> BarChart:
    # A narrow drawing, so that its text stays readable when a phone scales it down.
    plot_width = width - label_width - 50  # room for the value after the bar
    largest = max((item.value for item in items), default=0.0)
    bar_height = row - 10
    bars = tuple(
        Bar(
            item,
            y=index * row + 5,
            width=round(plot_width * item.value / largest, 1) if largest > 0 else 0.0,
        )
        for index, item in enumerate(items)
    )
    return BarChart(
        bars, width, max(row, len(items) * row), label_width, plot_width, row, bar_height
    )


@dataclass(frozen=True)
class Column:
    item: Item
    x: float
    y: float
    width: float
    height: float
    tick: bool  # whether its label is drawn under the axis


@dataclass(frozen=True)
class ColumnChart:
    """Vertical columns over time (e.g. hours per month), with a labelled axis."""

    columns: tuple[Column, ...]
    width: int
    height: int
    plot_height: int
    top: int
    left: int
    largest: float
    gridlines: tuple[tuple[float, str], ...]  # (y, label)


def column_chart(
    items: Sequence[Item],
    width: int = 600,
    height: int = 220,
    max_ticks: int = 8,
    shown: Sequence[str] = (),
) -> ColumnChart:
    """`shown`: the gridline labels for 0, half and the top value, already formatted."""
    top, bottom, left = 10, 30, 44
    plot_height = height - top - bottom
    plot_width = width - left - 28  # room for the last month's label
    largest = max((item.value for item in items), default=0.0)
    count = max(1, len(items))
    step = plot_width / count
    every = max(1, -(-len(items) // max_ticks))  # ceil
    columns = []
    for index, item in enumerate(items):
        h = plot_height * item.value / largest if largest > 0 else 0.0
        columns.append(
            Column(
                item,
                x=round(left + index * step + step * 0.1, 2),
                y=round(top + plot_height - h, 2),
                width=round(max(1.0, step * 0.8), 2),
                height=round(h, 2),
                tick=index % every == 0,
            )
        )
    labels = list(shown) or ["0", "", ""]
    gridlines = tuple(
        (round(top + plot_height * (1 - share), 2), label)
        for share, label in zip((0.0, 0.5, 1.0), labels, strict=False)
    )
    return ColumnChart(tuple(columns), width, height, plot_height, top, left, largest, gridlines)


@dataclass(frozen=True)
class Segment:
    """A stretch of a timeline: its share of the whole and where it starts (both 0 to 1)."""

    key: str
    label: str
    start: float
    share: float
    shown: str


def timeline(periods: Sequence[tuple[str, str, int, str]]) -> tuple[Segment, ...]:
    """(key, label, days, shown) periods laid end to end; a zero-day period keeps a sliver."""
    total = sum(max(days, 0) for _k, _l, days, _s in periods)
    segments = []
    start = 0.0
    for key, label, days, shown in periods:
        share = (max(days, 0) / total) if total > 0 else 1.0 / max(1, len(periods))
        segments.append(Segment(key, label, round(start, 5), round(share, 5), shown))
        start += share
    return tuple(segments)
