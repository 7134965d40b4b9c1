"""A bounded soak: simulated coaches, coordinators and dashboards against real processes.

Every acknowledged write is recorded on the client side; at the end each is in the event
store exactly once, every read model equals a fresh rebuild, and no request got a 5xx.
SEEDBED_SOAK_SECONDS sets the length (`make soak` runs minutes; `make test` seconds).
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from app import audit
from app.bootstrap import build_container
from app.settings import Settings
from projections.registry import NAMES
from tests.databases import read_model_differences
from tests.serving import cli_token, projector, running_server, seedbed

SECONDS = float(os.environ.get("SEEDBED_SOAK_SECONDS", "8"))
COACHES = 4


def _soak(env: dict[str, str], base_urls: list[str]) -> tuple[list[str], Counter[str]]:
    """Runs the load; returns the projects and the acknowledged writes by kind."""
    admin_token = cli_token(env, "admin")
    admin = {"Authorization": f"Bearer {admin_token}"}
    with httpx.Client(base_url=base_urls[0], headers=admin, timeout=30) as http:
        coordinator = http.post(
            "/people", json={"display_name": "K", "role": "coordinator"}
        ).json()["id"]
        network = http.post(
            "/networks",
            json={
                "name": "LEN Plön",
                "country": "DE",
                "region": "Plön",
                "target_group": "elderly",
                "coordinator_id": coordinator,
            },
        ).json()["id"]
        coaches, projects = [], []
        for n in range(COACHES):
            coach = http.post("/people", json={"display_name": f"C{n}", "role": "coach"}).json()[
                "id"
            ]
            project = http.post(
                "/projects",
                json={
                    "title": f"Care circle {n}",
                    "network_id": network,
                    "target_group": "elderly",
                    "summary": "Neighbours look after each other.",
                },
            ).json()["id"]
            http.post(f"/projects/{project}/coaches", json={"coach_id": coach})
            coaches.append(coach)
            projects.append(project)
    tokens = {
        "coordinator": cli_token(env, "coordinator", coordinator),
        "dashboard": cli_token(env, "dashboard"),
        **{f"coach{n}": cli_token(env, "coach", coaches[n]) for n in range(COACHES)},
    }
    acked: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def record(kind: str, response: httpx.Response) -> None:
        with lock:
            statuses[response.status_code] += 1
            if response.status_code in (200, 201):
                acked[kind] += 1

    def coach(n: int) -> None:
        rng = random.Random(n)
        headers = {"Authorization": f"Bearer {tokens[f'coach{n}']}"}
        with httpx.Client(base_url=base_urls[n % len(base_urls)], headers=headers, timeout=30) as h:
            i = 0
            while time.monotonic() < deadline:
                i += 1
                body = {
                    "type": rng.choice(["coaching", "training", "peer_exchange"]),
                    "started_at": f"2021-0{1 + i % 9}-{1 + i % 28:02d}T10:00:00+02:00",
                    "duration_minutes": rng.choice([30, 60, 90]),
                    "mode": "on_site",
                    "participation_level": "engaged",
                    "summary": f"coach{n}-{i}",
                }
                record(
                    "SessionLogged",
                    h.post(
                        f"/projects/{projects[n]}/sessions",
                        json=body,
                        headers={"Idempotency-Key": f"coach{n}-{i}"},
                    ),
                )

    def coordinating() -> None:
        headers = {"Authorization": f"Bearer {tokens['coordinator']}"}
        with httpx.Client(base_url=base_urls[-1], headers=headers, timeout=30) as h:
            i = 0
            while time.monotonic() < deadline:
                project = projects[i % COACHES]
                i += 1
                paused = h.post(f"/projects/{project}/pause", json={"reason": "summer"})
                record("Paused", paused)
                record("Resumed", h.post(f"/projects/{project}/resume", json={"reason": "autumn"}))
                time.sleep(0.05)

    def dashboard() -> None:
        headers = {"Authorization": f"Bearer {tokens['dashboard']}"}
        with httpx.Client(base_url=base_urls[0], headers=headers, timeout=30) as h:
            while time.monotonic() < deadline:
                for path in (
                    "/dashboard/portfolio",
                    "/projects?stage=idea",
                    f"/projects/{projects[0]}/coaching-history",
                ):
                    record("read", h.get(path))

    threads = [threading.Thread(target=coach, args=(n,)) for n in range(COACHES)]
    threads += [threading.Thread(target=coordinating), threading.Thread(target=dashboard)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(SECONDS + 60)
    assert not any(status >= 500 for status in statuses), statuses
    total = sum(statuses.values())
    print(f"soak: {total} requests, acknowledged {dict(acked)}, statuses {dict(statuses)}")
    return projects, acked


def _check(env: dict[str, str], projects: list[str], acked: Counter[str]) -> None:
    """After the processes stopped: every acknowledged write once; read models = rebuild."""
    url = env["SEEDBED_DATABASE_URL"]
    container = build_container(Settings(database_url=url, embedded_projector=False))
    try:
        stored: Counter[str] = Counter()
        for project in projects:
            for entry in audit.project_history(container.incubator, project):
                stored[entry.type.split(".")[-1]] += 1
            assert audit.verify_project(container.incubator, project).intact
        for kind in ("SessionLogged", "Paused", "Resumed"):
            assert stored[kind] == acked[kind], (kind, stored[kind], acked[kind])
        container.runner.catch_up()
        assert read_model_differences(container) == [[]] * len(NAMES)
    finally:
        container.close()


def test_soak_against_sqlite_with_two_workers(sqlite_url: str, tmp_path: Path) -> None:
    env = {"SEEDBED_DATABASE_URL": sqlite_url}
    assert seedbed("migrate", env=env).returncode == 0
    with running_server(env, tmp_path / "api.log", "--workers", "2") as base_url:
        projects, acked = _soak(env, [base_url])
    _check(env, projects, acked)


@pytest.mark.postgres
def test_soak_against_two_api_processes_and_a_projector(postgres_url: str, tmp_path: Path) -> None:
    env = {"SEEDBED_DATABASE_URL": postgres_url, "SEEDBED_EMBEDDED_PROJECTOR": "false"}
    assert seedbed("migrate", env=env).returncode == 0
    with ExitStack() as stack:
        first = stack.enter_context(running_server(env, tmp_path / "api1.log"))
        second = stack.enter_context(running_server(env, tmp_path / "api2.log"))
        stack.enter_context(projector(env, tmp_path / "projector.log"))
        projects, acked = _soak(env, [first, second])
    _check(env, projects, acked)
