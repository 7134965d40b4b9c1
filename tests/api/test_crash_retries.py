"""The whole service killed with SIGKILL during a burst of writes: after a restart, clients that
retry with their Idempotency-Key get every write recorded exactly once, none lost, no half-applied
command, chains intact and read models equal to a rebuild."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest

from app.bootstrap import build_container
from app.settings import Settings
from projections.registry import NAMES
from tests.databases import read_model_differences, stored_events
from tests.serving import (
    all_sessions,
    coached_project,
    migrated_with_admin,
    running_server,
    server_pids,
)

CLIENTS = 6
WRITES = 40


def _setup(base_url: str, admin: dict[str, str]) -> tuple[str, str]:
    with httpx.Client(base_url=base_url, headers=admin, timeout=30) as http:
        project, coach, _version = coached_project(
            http,
            "LT",
            "Jurbarkas",
            "single_parents",
            "Martyno Žąsys",
            "Single parents found an association.",
        )
    return project, coach


def _session(key: str, write: int, coach: str) -> dict[str, object]:
    """Client write number `write`, under its Idempotency-Key `key` (also its summary)."""
    return {
        "type": "coaching",
        "started_at": f"2020-01-{1 + write % 28:02d}T10:00:00+02:00",
        "duration_minutes": 30 + write,
        "mode": "phone",
        "coach_ids": [coach],
        "participation_level": "consulted",
        "summary": key,
    }


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_service_killed_mid_burst_loses_and_duplicates_nothing(
    database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    url = request.getfixturevalue("sqlite_url" if database == "sqlite" else "postgres_url")
    env = {
        "SEEDBED_DATABASE_URL": url,
        "SEEDBED_WRITE_RATE_PER_MINUTE": "0",
    }  # one token, many writers
    admin = migrated_with_admin(env)
    pending = {f"client{c}-write{w}" for c in range(CLIENTS) for w in range(WRITES)}
    acknowledged: set[str] = set()
    lock = threading.Lock()
    port_holder: dict[str, str] = {}

    def client(number: int, project: str, coach: str) -> None:
        for write in range(WRITES):
            key = f"client{number}-write{write}"
            body = _session(key, write, coach)
            try:
                response = httpx.post(
                    f"{port_holder['url']}/projects/{project}/sessions",
                    json=body,
                    headers={**admin, "Idempotency-Key": key},
                    timeout=10,
                )
            except httpx.TransportError:
                return  # the server died: this client retries everything later
            if response.status_code == 201:
                with lock:
                    acknowledged.add(key)

    kills = 0
    with running_server(env, tmp_path / "first.log") as base_url:
        port_holder["url"] = base_url
        project, coach = _setup(base_url, admin)
        threads = [
            threading.Thread(target=client, args=(n, project, coach)) for n in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        for pid in server_pids(base_url):
            os.kill(pid, signal.SIGKILL)  # no graceful shutdown: mid-request, mid-commit
            kills += 1
        for thread in threads:
            thread.join(30)
    assert kills >= 1
    before_restart = set(acknowledged)
    assert 0 < len(before_restart) < len(pending)  # the kill landed in the middle of the burst

    with (
        running_server(env, tmp_path / "second.log") as base_url,
        httpx.Client(base_url=base_url, headers=admin, timeout=30) as http,
    ):
        for key in sorted(pending):  # every write the client cannot be sure of, retried
            write = int(key.split("write")[1])
            body = _session(key, write, coach)
            response = http.post(
                f"/projects/{project}/sessions", json=body, headers={"Idempotency-Key": key}
            )
            assert response.status_code == 201, response.text
            acknowledged.add(key)
        sessions = all_sessions(http, project)

    summaries = [s["details"]["summary"] for s in sessions]
    assert sorted(summaries) == sorted(pending)  # each write exactly once
    assert before_restart <= set(summaries)  # nothing acknowledged was lost
    container = build_container(Settings(database_url=url, embedded_projector=False))
    try:
        from app import audit

        version = container.incubator.get_project(project).version
        assert stored_events(container) == version + 1  # + the network
        assert audit.verify_project(container.incubator, project).intact
        container.runner.catch_up()
        assert read_model_differences(container) == [[]] * len(NAMES)
    finally:
        container.close()


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_killed_between_a_group_commit_and_its_replies_each_write_lands_once(
    database: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """SIGKILL right after a group's commit, before any of its replies: those writes are stored
    but unacknowledged; their keyed retries replay the receipts instead of writing again."""
    url = request.getfixturevalue("sqlite_url" if database == "sqlite" else "postgres_url")
    env = {"SEEDBED_DATABASE_URL": url, "SEEDBED_WRITE_RATE_PER_MINUTE": "0"}
    admin = migrated_with_admin(env)
    with running_server(env, tmp_path / "setup.log") as base_url:
        project, coach = _setup(base_url, admin)
    pending = {f"client{c}-write{w}" for c in range(CLIENTS) for w in range(WRITES)}
    acknowledged: set[str] = set()
    lock = threading.Lock()

    def client(number: int, url: str) -> None:
        for write in range(WRITES):
            key = f"client{number}-write{write}"
            try:
                response = httpx.post(
                    f"{url}/projects/{project}/sessions",
                    json=_session(key, write, coach),
                    headers={**admin, "Idempotency-Key": key},
                    timeout=10,
                )
            except httpx.TransportError:
                return  # the server died: this client retries everything later
            assert response.status_code == 201, response.text
            with lock:
                acknowledged.add(key)

    killing = {**env, "SEEDBED_TEST_KILL_AFTER_GROUP_COMMITS": "12"}
    with running_server(killing, tmp_path / "killed.log") as base_url:
        threads = [threading.Thread(target=client, args=(n, base_url)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert server_pids(base_url) == []  # it killed itself after its 12th group commit
    before_restart = set(acknowledged)
    assert 0 < len(before_restart) < len(pending)

    replayed = set()
    with (
        running_server(env, tmp_path / "second.log") as base_url,
        httpx.Client(base_url=base_url, headers=admin, timeout=30) as http,
    ):
        for key in sorted(pending - before_restart):
            write = int(key.split("write")[1])
            response = http.post(
                f"/projects/{project}/sessions",
                json=_session(key, write, coach),
                headers={"Idempotency-Key": key},
            )
            assert response.status_code == 201, response.text
            if response.headers.get("Idempotent-Replayed") == "true":
                replayed.add(key)
        sessions = all_sessions(http, project)
    assert replayed  # the killed group's writes were committed, not answered: replayed now
    summaries = [s["details"]["summary"] for s in sessions]
    assert sorted(summaries) == sorted(pending)  # each write exactly once
