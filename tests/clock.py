"""The clocks the tests run on: one fixed instant, and a clock a test can move.

FIXED_NOW is "today" for every container and app a test builds with `fixed_clock`, so dates in
tests (what is in the future, how many days a stage lasted) are stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

FIXED_NOW = datetime(2021, 12, 15, 12, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    """Always FIXED_NOW: the clock of every container and app the tests build."""
    return FIXED_NOW


@dataclass
class MovableClock:
    """A clock standing at `now` (FIXED_NOW at first) until the test moves it."""

    now: datetime = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now
