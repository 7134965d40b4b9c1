"""The regression check CI can afford: the tiny scale, ratios only, generous limits.

The limits sit about three times beyond what the full and small runs measured on this machine
kind (bench/results/), so a noisy neighbour passes and a real regression (a lost batch, an
N+1 query, a snapshot no longer used) fails. Absolute times are never checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.common import Figure


@dataclass(frozen=True)
class Limit:
    prefix: str  # the figure's name starts with this
    at_least: float | None = None  # the ratio must be at least this ...
    at_most: float | None = None  # ... or at most this


LIMITS = (
    # wrk must drive the no-op well past every figure (bench/writes.py flags a figure below 3x)
    Limit("load generator headroom", at_least=1.5),  # measured 7.5 to 32
    # the write figures (tiny: SQLite, then PostgreSQL; wrk, group commit on)
    Limit("session-log throughput (32 clients) vs raw", at_least=0.02),  # 0.145, 0.071
    Limit("session-log throughput (1 client) vs raw", at_least=0.05),  # 0.25, 0.16
    Limit("session-log throughput (32 clients) vs the library's core", at_least=0.05),  # .17 .24
    Limit("session-log throughput (32 clients) vs the library's event", at_least=0.1),  # .32 .39
    Limit("session-log throughput (1 client) vs the library's", at_least=0.07),  # 0.22 to 0.31
    Limit("peer: ", at_least=0.06),  # the library's own apps vs raw: 0.18 to 0.90
    Limit("deployed split: ", at_least=0.02),  # API + projector process: see bench/results
    Limit("session-log p99 under load", at_most=15.0),  # 0.5, 5.2
    Limit("command latency p50", at_most=25.0),  # 5.1, 7.9
    # the read side
    Limit("projection catch-up", at_least=0.015),  # measured 0.05 to 0.10
    # one pass over the events for every read model: 0.066 small (0.024-0.026 one per model)
    Limit("full rebuild", at_least=0.03),
    Limit("audit verification", at_least=0.09),  # measured 0.26 to 0.51
    Limit("replay without snapshots", at_most=20.0),  # measured 4.7 to 7.8
    Limit("replay with snapshots", at_most=10.0),  # measured 2.0 to 3.7
)


def regressions(figures: list[Figure]) -> list[str]:
    """One line per figure beyond its limit (empty when all is well)."""
    found = []
    for limit in LIMITS:
        matching = [f for f in figures if f.name.startswith(limit.prefix)]
        if not matching:
            found.append(f"{limit.prefix}: not measured")
        for figure in matching:
            ratio = figure.ratio
            if ratio is None:
                found.append(f"{figure.name}: no ratio")
            elif limit.at_least is not None and ratio < limit.at_least:
                found.append(f"{figure.name}: ratio {ratio:.3f} < {limit.at_least}")
            elif limit.at_most is not None and ratio > limit.at_most:
                found.append(f"{figure.name}: ratio {ratio:.3f} > {limit.at_most}")
    return found
