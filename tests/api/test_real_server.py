"""Against a real uvicorn process: the CLI-issued token, a coach's session logged end to end,
and concurrent writers to one project over HTTP (two workers) losing nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.serving import all_sessions, coached_project, running_server, seedbed

CLIENTS = 16
WRITES_PER_CLIENT = 5


def _token(env: dict[str, str], role: str, person: str | None = None) -> str:
    args = ["token", "create", "--role", role] + (["--person", person] if person else [])
    result = seedbed(*args, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, "the token is printed alone on standard output"
    return lines[0]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    url_fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    env = {"SEEDBED_DATABASE_URL": request.getfixturevalue(url_fixture)}
    assert seedbed("migrate", env=env).returncode == 0
    admin = _token(env, "admin")
    with running_server(env, tmp_path / "serve.log", "--workers", "2") as base_url:
        yield base_url, {**env, "ADMIN": admin}


def test_coach_logs_a_session_end_to_end_against_uvicorn(
    served: tuple[str, dict[str, str]],
) -> None:
    base_url, env = served
    admin = {"Authorization": f"Bearer {env['ADMIN']}"}
    with httpx.Client(base_url=base_url, headers=admin) as http:
        coach = http.post("/people", json={"display_name": "Coach", "role": "coach"}).json()["id"]
        network = http.post(
            "/networks",
            json={
                "name": "LEN Nordfriesland",
                "country": "DE",
                "region": "Nordfriesland",
                "target_group": "migrants_refugees",
            },
        ).json()["id"]
        project = http.post(
            "/projects",
            json={
                "title": "Newspaper & Web",
                "network_id": network,
                "target_group": "migrants_refugees",
                "summary": "Refugees write a local newspaper and website.",
            },
        ).json()["id"]
        assert http.post(f"/projects/{project}/coaches", json={"coach_id": coach}).is_success
    coach_token = _token(env, "coach", coach)
    session = {
        "type": "coaching",
        "started_at": "2018-05-03T16:00:00+02:00",
        "duration_minutes": 120,
        "mode": "on_site",
        "participants": {"anonymous": [{"role": "service_user", "count": 6}]},
        "topics": ["journalism"],
        "participation_level": "co_producing",
    }
    response = httpx.post(
        f"{base_url}/projects/{project}/sessions",
        content=json.dumps(session),
        headers={
            "Authorization": f"Bearer {coach_token}",
            "Content-Type": "application/json",
            "Idempotency-Key": "2018-05-03-newspaper",
        },
    )
    assert response.status_code == 201, response.text
    assert set(response.json()) == {"id", "version", "position", "session_id"}


def test_concurrent_writes_without_if_match_over_two_workers_lose_nothing(
    served: tuple[str, dict[str, str]],
) -> None:
    base_url, env = served
    admin = {"Authorization": f"Bearer {env['ADMIN']}"}
    with httpx.Client(base_url=base_url, headers=admin, timeout=30) as http:
        project, coach, base_version = coached_project(
            http,
            "SE",
            "Luleå",
            "migrants_refugees",
            "Sömnadskollektivet",
            "A sewing cooperative of migrant tailors.",
        )

    def client(n: int) -> list[int]:
        statuses = []
        with httpx.Client(base_url=base_url, headers=admin, timeout=60) as http:
            for i in range(WRITES_PER_CLIENT):
                body = {
                    "type": "training",
                    "started_at": f"2020-0{1 + i % 9}-1{n % 10}T10:00:00+01:00",
                    "duration_minutes": 30 + n,
                    "mode": "remote",
                    "coach_ids": [coach],
                    "participation_level": "engaged",
                }
                statuses.append(http.post(f"/projects/{project}/sessions", json=body).status_code)
        return statuses

    with ThreadPoolExecutor(CLIENTS) as pool:
        statuses = [s for result in pool.map(client, range(CLIENTS)) for s in result]
    assert statuses == [201] * (CLIENTS * WRITES_PER_CLIENT)
    state = httpx.get(f"{base_url}/projects/{project}", headers=admin).json()
    assert state["sessions_total"] == CLIENTS * WRITES_PER_CLIENT
    with httpx.Client(base_url=base_url, headers=admin, timeout=30) as http:
        assert len(all_sessions(http, project)) == CLIENTS * WRITES_PER_CLIENT
    assert state["version"] == base_version + CLIENTS * WRITES_PER_CLIENT
