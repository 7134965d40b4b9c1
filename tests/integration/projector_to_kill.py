"""A projector process that stops dead in the middle of a batch, for the SIGKILL test.

Usage: python -m tests.integration.projector_to_kill DATABASE_URL MARKER_FILE BATCH_TO_HANG_IN
It projects normally until the given batch, applies that batch's rows inside the open
transaction, writes MARKER_FILE and then hangs before the commit, waiting to be killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from app.bootstrap import build_container
from app.settings import Settings


def main() -> None:
    url, marker, hang_in = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    container = build_container(Settings(database_url=url, projection_batch_size=50))
    projection = container.runner.projections[-1]
    real_apply = projection.apply_batch
    calls = 0

    def apply_then_hang(connection: Any, events: Any, history: Any = None) -> None:
        nonlocal calls
        calls += 1
        real_apply(connection, events, history)
        if calls == hang_in:
            marker.write_text("in the middle of a batch")
            while True:
                time.sleep(1)

    projection.apply_batch = apply_then_hang  # type: ignore[method-assign]
    container.runner.catch_up()


if __name__ == "__main__":
    main()
