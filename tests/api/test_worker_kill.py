"""One of two API workers killed with SIGKILL in the middle of requests: clients retry what was
not acknowledged with the same Idempotency-Key; every write ends up stored exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx

from tests.serving import (
    all_sessions,
    coached_project,
    migrated_with_admin,
    running_server,
    server_pids,
)

CLIENTS = 4
WRITES = 150  # enough that the burst is still on when the kills land


def _workers(master: int) -> list[int]:
    """uvicorn's worker processes (not multiprocessing's resource tracker)."""
    found = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True, check=False
    )
    workers = []
    for child in (int(p) for p in found.stdout.split()):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except (FileNotFoundError, ProcessLookupError):
            continue  # it exited between pgrep and here (the killed worker, just reaped)
        if b"spawn_main" in command:
            workers.append(child)
    return workers


def test_killing_one_worker_mid_request_loses_and_duplicates_nothing(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = {"SEEDBED_DATABASE_URL": sqlite_url, "SEEDBED_WRITE_RATE_PER_MINUTE": "0"}
    admin = migrated_with_admin(env)
    transport_errors = 0
    acknowledged = 0
    lock = threading.Lock()
    with running_server(env, tmp_path / "api.log", "--workers", "2") as base_url:
        with httpx.Client(base_url=base_url, headers=admin, timeout=30) as http:
            project, coach, _version = coached_project(
                http,
                "SE",
                "Gävleborg",
                "people_with_disabilities",
                "SIVANs dog service",
                "Dog care by its users.",
            )

        def client(number: int) -> None:
            nonlocal transport_errors, acknowledged
            with httpx.Client(base_url=base_url, headers=admin, timeout=30) as http:
                for write in range(WRITES):
                    key = f"w{number}-{write}"
                    body = {
                        "type": "coaching",
                        "started_at": "2019-09-02T10:00:00+02:00",
                        "duration_minutes": 45,
                        "mode": "on_site",
                        "coach_ids": [coach],
                        "participation_level": "co_producing",
                        "summary": key,
                    }
                    for _attempt in range(20):  # a rural connection: retry until acknowledged
                        try:
                            response = http.post(
                                f"/projects/{project}/sessions",
                                json=body,
                                headers={"Idempotency-Key": key},
                            )
                        except httpx.TransportError:
                            with lock:
                                transport_errors += 1
                            time.sleep(0.2)
                            continue
                        assert response.status_code == 201, response.text
                        with lock:
                            acknowledged += 1
                        break
                    else:
                        raise AssertionError(f"{key} never acknowledged")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        # Kill once every client is writing, not after a fixed sleep: on a loaded machine the
        # clients may not have started yet (or, on an idle one, be nearly done).
        deadline = time.monotonic() + 30
        while acknowledged < CLIENTS:
            assert time.monotonic() < deadline, "the clients did not start writing"
            time.sleep(0.01)
        assert acknowledged < CLIENTS * WRITES // 2, "too few writes left to cut off"
        master = server_pids(base_url)[0]
        first, second = _workers(master)[:2]
        os.kill(first, signal.SIGKILL)  # mid-request: the clients are writing all the time
        deadline = time.monotonic() + 20
        while first in _workers(master) or len(_workers(master)) < 2:  # uvicorn replaces it
            assert time.monotonic() < deadline, "the killed worker was not replaced"
            time.sleep(0.1)
        os.kill(second, signal.SIGKILL)  # and the other one: every client loses a connection
        for thread in threads:
            thread.join(120)
        with httpx.Client(base_url=base_url, headers=admin, timeout=30) as http:
            sessions = all_sessions(http, project)
    print(f"worker kill: {transport_errors} requests cut off and retried")
    assert transport_errors >= 1  # the kills did cut requests off
    summaries = sorted(s["details"]["summary"] for s in sessions)
    assert summaries == sorted(f"w{n}-{w}" for n in range(CLIENTS) for w in range(WRITES))
