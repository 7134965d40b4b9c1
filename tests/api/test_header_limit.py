"""Request headers are bounded (issue 14): uvicorn with httptools has no limit of its own and
took 16 MB of headers; the app refuses more than SEEDBED_MAX_HEADER_BYTES (32 KiB) with a 431
problem, and on the h11 stack uvicorn stops a request head that large itself. Through a real
`seedbed serve`, as the limit lives where the server meets the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api.main import create_app
from app.settings import Settings
from migrations import upgrade
from store.database import make_engine
from store.people import people_table
from tests.clock import fixed_clock
from tests.serving import running_server, seedbed

PROBLEM_JSON = "application/problem+json"
SIXTEEN_MIB = 16 * 1024 * 1024


def people(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(select(func.count()).select_from(people_table)).scalar_one()
            )
    finally:
        engine.dispose()


@pytest.fixture(params=["httptools", "h11"])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """A real server on SQLite: (base URL, database URL, an admin token)."""
    url = f"sqlite:///{tmp_path / 'headers.sqlite3'}"
    env = {"SEEDBED_DATABASE_URL": url, "SEEDBED_SECRET_FILE": str(tmp_path / "secret.key")}
    assert seedbed("migrate", env=env).returncode == 0
    created = seedbed("token", "create", "--role", "admin", env=env)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    stack = () if request.param == "httptools" else ("--http", request.param)  # the default
    with running_server(env, tmp_path / "serve.log", *stack) as base_url:
        yield base_url, url, token


def test_a_16_mib_header_is_refused_and_changes_nothing(served: tuple[str, str, str]) -> None:
    base_url, url, token = served
    body = {"display_name": "Padded Person", "role": "service_user"}
    headers = {"Authorization": f"Bearer {token}", "X-Padding": "x" * SIXTEEN_MIB}
    try:
        response = httpx.post(f"{base_url}/people", json=body, headers=headers, timeout=60)
    except httpx.TransportError:
        pass  # the server closed the connection: refused as well
    else:
        if response.headers.get("content-type") == PROBLEM_JSON:
            assert response.status_code == 431
            assert response.json()["type"] == "/problems/headers-too-large"
        else:  # uvicorn's h11 stack refuses the request head before the app sees it
            assert response.status_code in (400, 431), response.text
            assert response.headers.get("connection") == "close"
    assert people(url) == 0
    assert httpx.get(f"{base_url}/health", timeout=10).json() == {"status": "ok"}
    accepted = httpx.post(
        f"{base_url}/people", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    assert accepted.status_code == 201
    assert people(url) == 1


def test_headers_within_the_limit_are_served(served: tuple[str, str, str]) -> None:
    base_url, _url, _token = served
    response = httpx.get(f"{base_url}/health", headers={"X-Padding": "x" * 20_000}, timeout=10)
    assert response.status_code == 200


def test_headers_just_over_the_limit_get_a_431_problem(served: tuple[str, str, str]) -> None:
    base_url, _url, _token = served
    padding = {f"X-Padding-{n}": "x" * 4_000 for n in range(9)}  # ~36 KB in nine headers
    response = httpx.get(f"{base_url}/health", headers=padding, timeout=10)
    assert response.status_code == 431
    assert response.headers["content-type"] == PROBLEM_JSON
    problem = response.json()
    assert problem["status"] == 431
    assert problem["type"] == "/problems/headers-too-large"
    assert "32768" in problem["detail"]


@pytest.fixture
def small_limit(sqlite_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=sqlite_url, max_header_bytes=2048)
    upgrade(settings.database_url)
    with TestClient(create_app(settings, clock=fixed_clock)) as client:
        yield client


def test_the_limit_is_a_setting(small_limit: TestClient) -> None:
    assert small_limit.get("/health", headers={"X-Padding": "x" * 1000}).status_code == 200
    refused = small_limit.get("/health", headers={"X-Padding": "x" * 3000})
    assert refused.status_code == 431
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
