"""Real processes: API workers writing, a projector projecting; the read models end equal to
the event store, with nothing lost and nothing applied twice.

PostgreSQL: two API processes (embedded projector off) and one `seedbed projector` process.
SQLite: one `seedbed serve --workers 2`, each worker running the embedded projector (two runners
competing for the same batches).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.serving import (
    migrated_with_admin,
    new_coach,
    new_network,
    new_project,
    projector,
    running_server,
    seedbed,
)

CLIENTS = 8
WRITES = 10


def _setup(base_url: str, admin: dict[str, str]) -> tuple[str, list[str]]:
    with httpx.Client(base_url=base_url, headers=admin, timeout=30) as http:
        coach = new_coach(http)
        network = new_network(http, "EE", "Harku", "elderly")
        projects = [
            new_project(
                http,
                network,
                f"Harkujärve {n}",
                "elderly",
                "A community centre run by its users.",
                coach,
            )[0]
            for n in range(4)
        ]
    return coach, projects


def _write(base_urls: list[str], admin: dict[str, str], coach: str, projects: list[str]) -> int:
    def client(n: int) -> int:
        acknowledged = 0
        with httpx.Client(
            base_url=base_urls[n % len(base_urls)], headers=admin, timeout=60
        ) as http:
            for i in range(WRITES):
                body = {
                    "type": "coaching",
                    "started_at": f"2020-0{1 + i % 9}-1{n % 10}T10:00:00+02:00",
                    "duration_minutes": 15 + i,
                    "mode": "phone",
                    "coach_ids": [coach],
                    "participation_level": "engaged",
                }
                response = http.post(
                    f"/projects/{projects[(n + i) % len(projects)]}/sessions", json=body
                )
                assert response.status_code == 201, response.text
                acknowledged += 1
        return acknowledged

    with ThreadPoolExecutor(CLIENTS) as pool:
        return sum(pool.map(client, range(CLIENTS)))


def _settle(base_url: str, timeout: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while True:
        ready = httpx.get(f"{base_url}/ready").json()
        if ready["lag_events"] == 0:
            return dict(ready)
        assert time.monotonic() < deadline, ready
        time.sleep(0.2)


def _check(base_url: str, admin: dict[str, str], projects: list[str], acknowledged: int) -> None:
    ready = _settle(base_url)
    listed = httpx.get(f"{base_url}/projects", headers=admin, params={"limit": 100}).json()["items"]
    assert sum(p["sessions"] for p in listed) == acknowledged
    for project in projects:
        state = httpx.get(f"{base_url}/projects/{project}", headers=admin).json()
        history = httpx.get(f"{base_url}/projects/{project}/coaching-history", headers=admin).json()
        assert len(history["sessions"]) == len(state["sessions"])
        summary = next(p for p in listed if p["project_id"] == project)
        assert summary["version"] == state["version"]
    portfolio = httpx.get(f"{base_url}/dashboard/portfolio", headers=admin).json()
    assert portfolio["projects"] == len(projects)
    assert set(ready["projection_positions"].values()) == {ready["head_position"]}  # type: ignore[union-attr]


@pytest.mark.postgres
def test_two_api_processes_and_a_projector_on_postgresql(postgres_url: str, tmp_path: Path) -> None:
    env = {"SEEDBED_DATABASE_URL": postgres_url, "SEEDBED_EMBEDDED_PROJECTOR": "false"}
    admin = migrated_with_admin(env)
    with ExitStack() as stack:
        first = stack.enter_context(running_server(env, tmp_path / "api1.log"))
        second = stack.enter_context(running_server(env, tmp_path / "api2.log"))
        stack.enter_context(projector(env, tmp_path / "projector.log"))
        coach, projects = _setup(first, admin)
        acknowledged = _write([first, second], admin, coach, projects)
        assert acknowledged == CLIENTS * WRITES
        _check(second, admin, projects, acknowledged)
    verified = seedbed("projections", "verify", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_two_workers_each_with_an_embedded_projector_on_sqlite(
    sqlite_url: str, tmp_path: Path
) -> None:
    env = {"SEEDBED_DATABASE_URL": sqlite_url}
    admin = migrated_with_admin(env)
    with running_server(env, tmp_path / "api.log", "--workers", "2") as base_url:
        coach, projects = _setup(base_url, admin)
        acknowledged = _write([base_url], admin, coach, projects)
        _check(base_url, admin, projects, acknowledged)
    verified = seedbed("projections", "verify", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
