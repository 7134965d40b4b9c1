"""Database faults: a SQLite file locked by another process past the busy timeout gets a clear
503 with Retry-After (nothing half-written); once the lock is gone the retry succeeds."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from app.settings import Settings
from tests.api.client import SESSION, Api
from tests.clock import fixed_clock
from tests.databases import read_model_differences

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


def _with_pragma(client: TestClient, pragma: str | None) -> None:
    """Every new connection of the served app runs `pragma` (None: back to normal)."""
    from sqlalchemy import event

    engine = client.app.state.container.engine  # type: ignore[attr-defined]
    for listener in getattr(engine, "_fault_listeners", []):
        event.remove(engine, "connect", listener)
    engine._fault_listeners = []
    if pragma is not None:

        def on_connect(dbapi_connection: object, _record: object) -> None:
            dbapi_connection.execute(pragma)  # type: ignore[attr-defined]

        event.listen(engine, "connect", on_connect)
        engine._fault_listeners = [on_connect]
    engine.dispose()


@pytest.mark.parametrize(
    ("fault", "pragma"),
    # (A full disk could not be provoked here: in WAL mode max_page_count does not bind
    # the WAL, and this sandbox mounts no small file system.)
    [("read-only file", "PRAGMA query_only = ON")],
)
def test_read_only_database_gives_503_and_no_corruption(
    api: Api, sqlite_url: str, event_count: Callable[[], int], fault: str, pragma: str
) -> None:
    from app import audit
    from projections.registry import NAMES

    project = api.project()
    settings = Settings(database_url=sqlite_url, embedded_projector=False)
    with TestClient(create_app(settings, clock=fixed_clock)) as client:
        before = event_count()
        _with_pragma(client, pragma)
        refused = client.post(
            f"/projects/{project}/sessions", json=SESSION, headers=api.headers("coach")
        )
        assert refused.status_code == 503, (fault, refused.text)
        assert refused.headers["Retry-After"] == "2"
        _with_pragma(client, None)
        assert event_count() == before
        accepted = client.post(
            f"/projects/{project}/sessions", json=SESSION, headers=api.headers("coach")
        )
        assert accepted.status_code == 201
    container = api.container
    assert audit.verify_project(container.incubator, project).intact
    container.runner.catch_up()
    assert read_model_differences(container) == [[]] * len(NAMES)
