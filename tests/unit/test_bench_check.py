"""The CI benchmark check flags a ratio beyond its limit, and a figure that went missing."""

from __future__ import annotations

from bench.check import LIMITS, regressions
from bench.common import Figure


def figure(name: str, ratio: float | None) -> Figure:
    return Figure(name, 1.0, "x", 1.0, ratio, "", None)


def healthy() -> list[Figure]:
    return [
        figure(limit.prefix, (limit.at_least or 0) * 2 if limit.at_least else limit.at_most / 2)
        for limit in LIMITS
        if limit.at_least or limit.at_most
    ]


def test_figures_within_their_limits_pass() -> None:
    assert regressions(healthy()) == []


def test_a_throughput_ratio_below_its_floor_fails() -> None:
    figures = healthy()
    figures[1] = figure("session-log throughput (32 clients) vs raw", 0.01)
    assert regressions(figures) == [
        "session-log throughput (32 clients) vs raw: ratio 0.010 < 0.02"
    ]


def test_a_latency_ratio_above_its_ceiling_fails() -> None:
    figures = [f for f in healthy() if f.name != "replay with snapshots"]
    figures.append(figure("replay with snapshots", 12.5))
    assert regressions(figures) == ["replay with snapshots: ratio 12.500 > 10.0"]


def test_a_missing_figure_or_ratio_fails() -> None:
    figures = [f for f in healthy() if not f.name.startswith("projection catch-up")]
    figures.append(figure("audit verification (verify --all)", None))
    found = regressions(figures)
    assert "projection catch-up: not measured" in found
    assert "audit verification (verify --all): no ratio" in found
