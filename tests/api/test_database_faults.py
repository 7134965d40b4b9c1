"""Database faults: a SQLite file locked by another process past the busy timeout gets a clear
503 with Retry-After (nothing half-written); once the lock is gone the retry succeeds."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from app.settings import Settings
from tests.api.conftest import SESSION, Api, fixed_clock

HOLD_LOCK = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("ROLLBACK")
"""


def test_write_to_a_database_locked_by_another_process_is_503_then_succeeds(
    api: Api, sqlite_url: str, event_count: Callable[[], int]
) -> None:
    project = api.project()
    settings = Settings(
        database_url=sqlite_url, sqlite_busy_timeout_ms=200, embedded_projector=False
    )
    path = settings.sqlite_path()
    assert path is not None
    with TestClient(create_app(settings, clock=fixed_clock)) as client:
        before = event_count()
        with subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(Path(path)), "3"],
            stdout=subprocess.PIPE,
            text=True,
        ) as holder:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "locked"
            key = {"Idempotency-Key": "locked-then-retried"}
            refused = client.post(
                f"/projects/{project}/sessions", json=SESSION, headers=api.headers("coach", **key)
            )
            assert refused.status_code == 503
            assert refused.headers["Retry-After"] == "2"
            assert refused.headers["content-type"] == "application/problem+json"
            holder.wait(10)
        assert event_count() == before
        time.sleep(0.1)
        retried = client.post(
            f"/projects/{project}/sessions", json=SESSION, headers=api.headers("coach", **key)
        )
        assert retried.status_code == 201
        assert event_count() == before + 1


def test_service_starts_and_answers_503_while_postgresql_is_unreachable() -> None:
    settings = Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with TestClient(create_app(settings, clock=fixed_clock)) as client:
        assert client.get("/health").status_code == 200
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert ready.headers["Retry-After"] == "2"
        write = client.post(
            "/people",
            json={"display_name": "x", "role": "coach"},
            headers={"Authorization": "Bearer sbt_0123456789abcdef_secret"},
        )
        assert write.status_code == 503
        assert write.headers["content-type"] == "application/problem+json"
