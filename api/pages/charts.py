"""Chart geometry for the dashboard's inline SVG: computed here, drawn by the templates.

Pure functions of the figures (no HTTP, no database), so the shapes are tested directly and the
pages need no chart library. Every chart also appears as a table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


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


# ---------------------------------------------------------------------------- the ladder
@dataclass(frozen=True)
class Mark:
    """A rung on a day: `kind` is "coach" (a reading), "users" (the users' own view in a
    co-assessment) or "gate" (the level at a stage decision; rung None before any reading)."""

    kind: str
    day: date
    rung: int | None
    shown: str


@dataclass(frozen=True)
class Placed:
    mark: Mark
    x: float
    y: float | None


@dataclass(frozen=True)
class LadderChart:
    """A project's ladder over time: a rung per row (lowest at the bottom), the coach's
    readings joined by a line, the users' views as their own marks, each gate decision a
    vertical line with its level marked."""

    width: int
    height: int
    left: int
    top: int
    plot_width: int
    rungs: tuple[tuple[float, str], ...]  # (y, label), lowest rung first
    coach: tuple[Placed, ...]
    users: tuple[Placed, ...]
    gates: tuple[Placed, ...]
    line: str  # the coach's readings as polyline points
    ticks: tuple[tuple[float, str], ...]  # (x, label) under the axis


def ladder_chart(
    marks: Sequence[Mark],
    rungs: Sequence[str],
    ticks: Sequence[tuple[date, str]] = (),
    width: int = 600,
    row: int = 28,
) -> LadderChart:
    """`rungs`: the labels of the ladder, lowest first; `ticks`: days to label on the axis."""
    top, left, right = 10, 120, 16
    plot_width = width - left - right
    days = [m.day for m in marks]
    first, last = (min(days), max(days)) if days else (date.min, date.min)
    span = (last - first).days

    def x_of(day: date) -> float:
        share = 0.5 if span == 0 else (day - first).days / span
        return round(left + plot_width * share, 2)

    def y_of(rung: int | None) -> float | None:
        return None if rung is None else round(top + (len(rungs) - 1 - rung) * row + row / 2, 2)

    placed = [Placed(m, x_of(m.day), y_of(m.rung)) for m in sorted(marks, key=lambda m: m.day)]
    coach = tuple(p for p in placed if p.mark.kind == "coach")
    return LadderChart(
        width=width,
        height=top + len(rungs) * row + 24,
        left=left,
        top=top,
        plot_width=plot_width,
        rungs=tuple((y_of(r) or 0.0, label) for r, label in enumerate(rungs)),
        coach=coach,
        users=tuple(p for p in placed if p.mark.kind == "users"),
        gates=tuple(p for p in placed if p.mark.kind == "gate"),
        line=" ".join(f"{p.x},{p.y}" for p in coach),
        ticks=tuple((x_of(d), label) for d, label in ticks if days and first <= d <= last),
    )


@dataclass(frozen=True)
class Stack:
    key: str  # a rung, or "no_reading"
    y: float
    height: float
    shown: str


@dataclass(frozen=True)
class StackedColumn:
    label: str
    x: float
    width: float
    stacks: tuple[Stack, ...]
    shown: str  # the column in words, for its <title>


@dataclass(frozen=True)
class StackedChart:
    """Columns over time, each split into its parts (projects per rung), scaled to the
    largest column."""

    columns: tuple[StackedColumn, ...]
    width: int
    height: int
    top: int
    left: int
    plot_height: int


def stacked_chart(
    columns: Sequence[tuple[str, Sequence[tuple[str, float, str]], str]],
    width: int = 420,
    height: int = 180,
) -> StackedChart:
    """(label, [(key, value, shown)], shown) columns; parts drawn bottom-up in their order."""
    top, bottom, left = 10, 26, 12
    plot_height = height - top - bottom
    step = (width - 2 * left) / max(1, len(columns))
    largest = max((sum(v for _k, v, _s in parts) for _l, parts, _s in columns), default=0.0)
    drawn = []
    for index, (label, parts, shown) in enumerate(columns):
        base = float(top + plot_height)
        stacks = []
        for key, value, part_shown in parts:
            h = plot_height * value / largest if largest > 0 else 0.0
            if h > 0:
                base -= h
                stacks.append(Stack(key, round(base, 2), round(h, 2), part_shown))
        drawn.append(
            StackedColumn(
                label,
                round(left + index * step + step * 0.15, 2),
                round(max(1.0, step * 0.7), 2),
                tuple(stacks),
                shown,
            )
        )
    return StackedChart(tuple(drawn), width, height, top, left, plot_height)
