"""Real server processes on free local ports (used by the benchmarks and the tests)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

BIN = Path(sys.executable).parent
SEEDBED = str(BIN / "seedbed")
# The process serving each base URL while it runs (for `peak_memory_mb`).
PIDS: dict[str, int] = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running(
    command: Sequence[str], env: Mapping[str, str], log: Path, port: int, timeout: float = 30
) -> Iterator[str]:
    """Runs `command` (which must listen on `port`) until the block ends; yields its base URL."""
    full_env = {**os.environ, **env}
    with (
        log.open("wb") as log_file,
        subprocess.Popen(
            list(command), env=full_env, stdout=log_file, stderr=subprocess.STDOUT
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
            PIDS[base_url] = server.pid
            yield base_url
        finally:
            PIDS.pop(base_url, None)
            server.terminate()
            server.wait(timeout=10)


def peak_memory_mb(base_url: str) -> float | None:
    """The peak resident memory (VmHWM, MiB) of the server at `base_url` so far (Linux)."""
    pid = PIDS.get(base_url)
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (OSError, TypeError):
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


@contextmanager
def seedbed_server(env: Mapping[str, str], log: Path, *extra: str) -> Iterator[str]:
    port = free_port()
    server_env = {**env, "SEEDBED_PORT": str(port), "SEEDBED_HOST": "127.0.0.1"}
    with running(
        [SEEDBED, "serve", "--log-level", "warning", *extra], server_env, log, port
    ) as url:
        yield url


@contextmanager
def seedbed_projector(env: Mapping[str, str], log: Path) -> Iterator[None]:
    """`seedbed projector`, the read models' own process (as docker-compose runs it)."""
    with (
        log.open("wb") as log_file,
        subprocess.Popen(
            [SEEDBED, "projector"], env={**os.environ, **env}, stdout=log_file, stderr=log_file
        ) as projector,
    ):
        try:
            yield
        finally:
            projector.terminate()
            projector.wait(timeout=10)


@contextmanager
def uvicorn_app(factory: str, env: Mapping[str, str], log: Path) -> Iterator[str]:
    """Any app factory under uvicorn with httptools and uvloop, one worker, like `seedbed serve`."""
    port = free_port()
    command = [
        str(BIN / "uvicorn"),
        factory,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--http",
        "httptools",
        "--loop",
        "uvloop",
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    with running(command, env, log, port) as url:
        yield url
