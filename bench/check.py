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
    Limit("session-log throughput", at_least=0.12),  # measured 0.34 to 0.56
    Limit("session-log p99 under load", at_most=6.0),  # measured 1.1 to 1.7
    Limit("command latency p50", at_most=10.0),  # measured 2.6 to 6.4
    Limit("projection catch-up", at_least=0.015),  # measured 0.05 to 0.10
    Limit("audit verification", at_least=0.12),  # measured 0.40 to 0.51
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
