"""A projector killed with SIGKILL in the middle of a batch resumes to exactly the same rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.settings import Settings
from projections.registry import NAMES
from tests.clock import fixed_clock
from tests.databases import migrated_container, read_model_differences
from tests.integration.helpers import coaching, correct_duration, log_session, new_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("hang_in_batch", [1, 3])
def test_projector_killed_mid_batch_resumes_to_the_same_rows(
    database_url: str, tmp_path: Path, hang_in_batch: int
) -> None:
    settings = Settings(database_url=database_url, projection_batch_size=50)
    container = migrated_container(settings, fixed_clock)
    try:
        for n in range(4):
            project, coach = new_project(container.incubator, f"Project {n}")
            for i in range(40):
                session_id, _ = log_session(
                    container.incubator, project, details=coaching(coach, i), actor=str(coach)
                )
                if i % 9 == 0:
                    correct_duration(container.incubator, project, session_id, 30)
        head = container.runner.head()
        marker = tmp_path / "marker"
        with subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.integration.projector_to_kill",
                database_url,
                str(marker),
                str(hang_in_batch),
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        ) as projector:
            deadline = time.monotonic() + 60
            while not marker.exists():
                assert projector.poll() is None, "the projector ended before the batch"
                assert time.monotonic() < deadline
                time.sleep(0.05)
            projector.send_signal(signal.SIGKILL)
            projector.wait(10)
        committed = container.runner.positions()
        assert set(committed.values()) == {(hang_in_batch - 1) * 50 if hang_in_batch > 1 else 0}

        container.runner.catch_up()
        assert set(container.runner.positions().values()) == {head}
        assert read_model_differences(container) == [[]] * len(NAMES)
    finally:
        container.close()
