"""Runs `seedbed` commands as real processes, for tests that need a real uvicorn."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from bench.servers import SEEDBED, free_port, seedbed_server

__all__ = ["SEEDBED", "free_port", "running_server", "seedbed"]


def seedbed(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SEEDBED, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


@contextmanager
def running_server(env: Mapping[str, str], log: Path, *extra: str) -> Iterator[str]:
    """`seedbed serve` on a free port until the block ends; yields its base URL."""
    with seedbed_server(env, log, *extra) as base_url:
        yield base_url
