"""Runs `seedbed` commands as real processes, for tests that need a real uvicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

SEEDBED = str(Path(sys.executable).parent / "seedbed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def seedbed(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SEEDBED, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


@contextmanager
def running_server(
    env: Mapping[str, str], log: Path, *extra: str, timeout: float = 30
) -> Iterator[str]:
    """`seedbed serve` on a free port until the block ends; yields its base URL."""
    port = free_port()
    full_env = {**os.environ, **env, "SEEDBED_PORT": str(port), "SEEDBED_HOST": "127.0.0.1"}
    with (
        log.open("wb") as log_file,
        subprocess.Popen(
            [SEEDBED, "serve", "--log-level", "warning", *extra],
            env=full_env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        ) as server,
    ):
        base_url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    httpx.get(f"{base_url}/health", timeout=1)
                    break
                except httpx.TransportError:
                    assert server.poll() is None, log.read_text()
                    assert time.monotonic() < deadline, f"no answer within {timeout} s"
                    time.sleep(0.1)
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=10)
