"""`python -m bench.profile_catchup [projects]`: where projection catch-up spends its time.

Builds a programme of `projects` x 100 events in a scratch SQLite file, catches the read models
up once to warm everything, then profiles a second catch-up from position 0 with cProfile and
prints the events/s and the functions by cumulative time.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

from app.settings import Settings
from bench import data
from bench.suite import _reset_projections, container_for
from migrations import upgrade


def main(projects: int = 200) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'profile.sqlite3'}")
        upgrade(settings.database_url)
        with container_for(settings) as container:
            data.programme(container.incubator, projects, 100)
            container.runner.catch_up()
            _reset_projections(container)
            started = time.perf_counter()
            done = container.runner.catch_up()
            print(f"{done:,} events at {done / (time.perf_counter() - started):,.0f} events/s")
            _reset_projections(container)
            profile = cProfile.Profile()
            profile.enable()
            container.runner.catch_up()
            profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
