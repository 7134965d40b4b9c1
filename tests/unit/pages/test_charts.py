"""Chart geometry: bars scaled to the largest value, columns with thinned axis labels, and stage
timelines whose shares fill the whole (pure functions, no HTTP)."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.pages.charts import (
    Item,
    Mark,
    bar_chart,
    column_chart,
    ladder_chart,
    stacked_chart,
    timeline,
)


def items(*values: float) -> list[Item]:
    return [Item(f"k.{i}", f"label {i}", value, str(value)) for i, value in enumerate(values)]


# ---------------------------------------------------------------------------- bar charts
def test_bars_are_proportional_with_the_largest_filling_the_plot() -> None:
    chart = bar_chart(items(10, 5, 2.5, 0))
    assert chart.plot_width > 0
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == chart.plot_width
    assert widths[1] == pytest.approx(chart.plot_width / 2, abs=0.05)
    assert widths[2] == pytest.approx(chart.plot_width / 4, abs=0.05)
    assert widths[3] == 0.0


def test_the_largest_bar_fills_the_plot_whatever_its_position_or_scale() -> None:
    chart = bar_chart(items(0.001, 0.004, 0.002))
    assert [bar.width for bar in chart.bars] == pytest.approx(
        [chart.plot_width / 4, chart.plot_width, chart.plot_width / 2], abs=0.05
    )


def test_all_zero_values_draw_zero_width_bars() -> None:
    chart = bar_chart(items(0, 0, 0))
    assert [bar.width for bar in chart.bars] == [0.0, 0.0, 0.0]


def test_no_items_draw_no_bars_in_a_chart_of_one_row() -> None:
    chart = bar_chart([])
    assert chart.bars == ()
    assert chart.height == chart.row > 0


def test_bars_keep_their_items_in_order_one_row_each() -> None:
    given_items = items(3, 1, 2)
    chart = bar_chart(given_items, row=30)
    assert [bar.item for bar in chart.bars] == given_items
    assert [bar.y for bar in chart.bars] == [5, 35, 65]
    assert chart.height == 90
    assert chart.bar_height == 20
    assert all(bar.y + chart.bar_height <= chart.height for bar in chart.bars)


@pytest.mark.parametrize(("width", "label_width"), [(420, 170), (640, 200), (900, 300)])
def test_the_plot_leaves_room_for_labels_and_values(width: int, label_width: int) -> None:
    chart = bar_chart(items(1, 2), width=width, label_width=label_width)
    assert chart.width == width
    assert chart.label_width == label_width
    room_for_value = width - label_width - chart.plot_width
    assert room_for_value >= 40
    assert max(bar.width for bar in chart.bars) == chart.plot_width


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=1, max_size=30))
def test_bars_never_leave_the_plot_and_follow_the_values(values: list[float]) -> None:
    chart = bar_chart(items(*values))
    widths = [bar.width for bar in chart.bars]
    assert all(0 <= w <= chart.plot_width for w in widths)
    if max(values) > 0:
        assert max(widths) == chart.plot_width
        # A larger value never gets a (visibly) shorter bar.
        pairs = sorted(zip(values, widths, strict=True))
        assert all(b[1] >= a[1] - 0.1 for a, b in pairwise(pairs))
    else:
        assert set(widths) == {0.0}


# ---------------------------------------------------------------------------- column charts
def test_columns_are_proportional_and_stand_on_the_axis() -> None:
    chart = column_chart(items(4, 2, 0, 1))
    heights = [column.height for column in chart.columns]
    assert heights[0] == chart.plot_height
    assert heights[1] == pytest.approx(chart.plot_height / 2, abs=0.01)
    assert heights[2] == 0.0
    assert heights[3] == pytest.approx(chart.plot_height / 4, abs=0.01)
    axis = chart.top + chart.plot_height
    for column in chart.columns:
        assert column.y + column.height == pytest.approx(axis, abs=0.02)
    assert chart.largest == 4


def test_columns_sit_side_by_side_inside_the_drawing() -> None:
    chart = column_chart(items(*range(1, 121)))  # ten years of months
    xs = [column.x for column in chart.columns]
    assert xs == sorted(xs)
    for left, right in pairwise(chart.columns):
        assert left.x + left.width <= right.x + 0.01
        assert left.width > 0
    last = chart.columns[-1]
    assert chart.columns[0].x >= chart.left
    assert last.x + last.width <= chart.width


def test_all_zero_columns_are_flat_on_the_axis() -> None:
    chart = column_chart(items(0, 0))
    assert [column.height for column in chart.columns] == [0.0, 0.0]
    assert {column.y for column in chart.columns} == {chart.top + chart.plot_height}


def test_no_columns_still_draw_the_gridlines() -> None:
    chart = column_chart([])
    assert chart.columns == ()
    assert chart.largest == 0
    assert [label for _y, label in chart.gridlines] == ["0", "", ""]


def test_gridlines_mark_zero_half_and_the_top_with_the_given_labels() -> None:
    chart = column_chart(items(10, 20), shown=("0", "10", "20"))
    assert [label for _y, label in chart.gridlines] == ["0", "10", "20"]
    assert [y for y, _label in chart.gridlines] == pytest.approx(
        [chart.top + chart.plot_height, chart.top + chart.plot_height / 2, chart.top], abs=0.01
    )


@pytest.mark.parametrize(
    ("count", "ticked"),
    [
        (1, [0]),
        (7, [0, 1, 2, 3, 4, 5, 6]),
        (8, [0, 1, 2, 3, 4, 5, 6, 7]),
        (9, [0, 2, 4, 6, 8]),
        (16, [0, 2, 4, 6, 8, 10, 12, 14]),
        (17, [0, 3, 6, 9, 12, 15]),
        (24, [0, 3, 6, 9, 12, 15, 18, 21]),
        (60, [0, 8, 16, 24, 32, 40, 48, 56]),
    ],
)
def test_axis_labels_are_thinned_to_at_most_max_ticks(count: int, ticked: list[int]) -> None:
    chart = column_chart(items(*([1.0] * count)), max_ticks=8)
    assert [i for i, column in enumerate(chart.columns) if column.tick] == ticked


@settings(max_examples=200, deadline=None)
@given(count=st.integers(min_value=1, max_value=400), max_ticks=st.integers(1, 24))
def test_thinned_labels_are_evenly_spaced_and_never_too_many(count: int, max_ticks: int) -> None:
    chart = column_chart(items(*([1.0] * count)), max_ticks=max_ticks)
    ticked = [i for i, column in enumerate(chart.columns) if column.tick]
    assert ticked[0] == 0
    assert len(ticked) <= max_ticks
    assert len({b - a for a, b in pairwise(ticked)}) <= 1
    if count <= max_ticks:
        assert len(ticked) == count


# ---------------------------------------------------------------------------- timelines
def periods(*days: int) -> list[tuple[str, str, int, str]]:
    return [(f"stage{i}", f"Stage {i}", d, f"{d} days") for i, d in enumerate(days)]


def test_timeline_shares_follow_the_days_and_fill_the_whole() -> None:
    segments = timeline(periods(100, 300, 600))
    assert [s.share for s in segments] == pytest.approx([0.1, 0.3, 0.6])
    assert [s.start for s in segments] == pytest.approx([0.0, 0.1, 0.4])
    assert sum(s.share for s in segments) == pytest.approx(1.0, abs=1e-4)
    assert [(s.key, s.label, s.shown) for s in segments] == [
        ("stage0", "Stage 0", "100 days"),
        ("stage1", "Stage 1", "300 days"),
        ("stage2", "Stage 2", "600 days"),
    ]


def test_a_zero_day_period_takes_no_share_and_moves_nothing() -> None:
    segments = timeline(periods(30, 0, 90))
    assert [s.share for s in segments] == pytest.approx([0.25, 0.0, 0.75])
    assert segments[1].start == segments[2].start == pytest.approx(0.25)
    assert sum(s.share for s in segments) == pytest.approx(1.0, abs=1e-4)


def test_only_zero_day_periods_share_the_line_equally() -> None:
    segments = timeline(periods(0, 0, 0, 0))
    assert [s.share for s in segments] == [0.25, 0.25, 0.25, 0.25]
    assert [s.start for s in segments] == [0.0, 0.25, 0.5, 0.75]


def test_negative_days_count_as_none() -> None:
    segments = timeline(periods(-5, 10))
    assert [s.share for s in segments] == [0.0, 1.0]


def test_no_periods_make_no_timeline_and_one_period_fills_it() -> None:
    assert timeline([]) == ()
    (only,) = timeline(periods(1778))
    assert (only.start, only.share) == (0.0, 1.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=20_000), min_size=1, max_size=12))
def test_timeline_segments_tile_the_line(days: list[int]) -> None:
    segments = timeline(periods(*days))
    assert len(segments) == len(days)
    assert segments[0].start == 0.0
    assert sum(s.share for s in segments) == pytest.approx(1.0, abs=1e-4)
    for before, after in pairwise(segments):
        assert after.start == pytest.approx(before.start + before.share, abs=1e-4)
    assert segments[-1].start + segments[-1].share == pytest.approx(1.0, abs=1e-4)
    assert all(0 <= s.share <= 1 for s in segments)


# ---------------------------------------------------------------------------- the ladder
RUNGS = ("informed", "consulted", "engaged", "co_designing", "co_producing", "user_led")


def test_a_single_reading_sits_mid_plot_on_its_rung() -> None:
    chart = ladder_chart([Mark("coach", date(2018, 4, 12), 2, "engaged")], RUNGS)
    (point,) = chart.coach
    assert point.x == chart.left + chart.plot_width / 2
    assert point.y == chart.rungs[2][0]
    assert [label for _y, label in chart.rungs] == list(RUNGS)
    assert chart.rungs[5][0] < chart.rungs[0][0]  # the top rung is drawn highest


def test_a_gate_before_any_reading_has_no_level_and_ticks_stay_inside() -> None:
    marks = [
        Mark("gate", date(2017, 3, 1), None, "co_creation (—)"),
        Mark("coach", date(2019, 3, 1), 4, "co_producing"),
        Mark("users", date(2019, 3, 1), 5, "user_led"),
    ]
    ticks = [(date(2016, 1, 1), "2016"), (date(2018, 1, 1), "2018")]
    chart = ladder_chart(marks, RUNGS, ticks)
    (gate,) = chart.gates
    assert (gate.x, gate.y) == (chart.left, None)
    assert chart.users[0].x == chart.coach[0].x == chart.left + chart.plot_width
    assert chart.users[0].y is not None
    assert chart.coach[0].y is not None
    assert chart.users[0].y < chart.coach[0].y
    assert [label for _x, label in chart.ticks] == ["2018"]  # 2016 lies before the first mark


def test_stacked_columns_scale_to_the_tallest_and_skip_empty_parts() -> None:
    chart = stacked_chart(
        [
            ("P1", [("engaged", 1, "1"), ("co_producing", 0, "0")], "P1: 1"),
            ("P2", [("engaged", 1, "1"), ("co_producing", 3, "3")], "P2: 4"),
            ("P3", [], "P3: 0"),
        ]
    )
    p1, p2, p3 = chart.columns
    assert [s.key for s in p1.stacks] == ["engaged"]
    assert sum(s.height for s in p2.stacks) == pytest.approx(chart.plot_height)
    assert p2.stacks[1].height == pytest.approx(3 * p2.stacks[0].height)
    bottom = chart.top + chart.plot_height
    assert p2.stacks[0].y + p2.stacks[0].height == pytest.approx(bottom)  # on the axis
    assert p2.stacks[1].y + p2.stacks[1].height == pytest.approx(p2.stacks[0].y)  # on top
    assert p3.stacks == ()
    assert p1.x < p2.x < p3.x
