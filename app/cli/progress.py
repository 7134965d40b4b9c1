"""A small progress bar with a rate and an ETA, for long-running commands (on standard error)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, label: str, unit: str = "events", stream: TextIO | None = None) -> None:
        self.label = label
        self.unit = unit
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_draw < 0.2 and done < total:
            return
        self._last_draw = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        share = done / total if total else 1.0
        eta = (total - done) / rate if rate > 0 else 0.0
        bar = "#" * int(share * 30)
        line = (
            f"\r{self.label} [{bar:<30}] {share:6.1%} {done}/{total} {self.unit} "
            f"{rate:,.0f}/s ETA {int(eta // 60)}:{int(eta % 60):02d}"
        )
        self.stream.write(line)
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Ends the bar's line (once; closing again does nothing)."""
        if self._drawn:
            self._drawn = False
            elapsed = time.monotonic() - self.started
            self.stream.write(f"  done in {elapsed:.1f} s\n")
            self.stream.flush()
