"""Security review items: headers set deliberately, CORS only when configured, a write rate
limit per token (429), tokens never stored or logged in clear (see test_tokens, test_operations)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from app.settings import Settings
from tests.api.client import SESSION, Api
from tests.clock import fixed_clock


def test_every_reply_carries_the_security_headers(api: Api) -> None:
    reply = api.get("/milestones", "dashboard")
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["X-Frame-Options"] == "DENY"
    assert reply.headers["Referrer-Policy"] == "no-referrer"
    assert reply.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert reply.headers["Cache-Control"] == "no-store"
    refused = api.client.get("/milestones")
    assert refused.status_code == 401
    assert refused.headers["X-Content-Type-Options"] == "nosniff"


def test_docs_page_is_not_blocked_by_the_api_policy(api: Api) -> None:
    docs = api.client.get("/docs")
    assert docs.status_code == 200
    assert "Content-Security-Policy" not in docs.headers
    assert docs.headers["X-Frame-Options"] == "DENY"


def test_no_cross_origin_access_unless_configured(api: Api) -> None:
    reply = api.client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in reply.headers


@pytest.fixture
def client_with(sqlite_url: str) -> Iterator[Callable[..., TestClient]]:
    opened: list[TestClient] = []

    def build(**overrides: object) -> TestClient:
        settings = Settings(database_url=sqlite_url, **overrides)  # type: ignore[arg-type]
        client = TestClient(create_app(settings, clock=fixed_clock))
        client.__enter__()
        opened.append(client)
        return client

    yield build
    for client in opened:
        client.__exit__(None, None, None)


@pytest.mark.usefixtures("api")  # migrates the database the client opens
def test_configured_origin_may_call_the_api(client_with: Callable[..., TestClient]) -> None:
    client = client_with(cors_origins="https://dashboard.sempre.example")
    preflight = client.options(
        "/projects",
        headers={
            "Origin": "https://dashboard.sempre.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Authorization, X-Min-Position",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://dashboard.sempre.example"
    other = client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_writes_beyond_the_per_token_limit_get_429_and_record_nothing(
    api: Api, client_with: Callable[..., TestClient], event_count: Callable[[], int]
) -> None:
    project = api.project()
    client = client_with(write_rate_per_minute=1, write_rate_burst=3)  # no refill mid-test
    coach = api.headers("coach")
    statuses = [
        client.post(f"/projects/{project}/sessions", json=SESSION, headers=coach).status_code
        for _ in range(3)
    ]
    assert statuses == [201, 201, 201]
    before = event_count()
    limited = client.post(f"/projects/{project}/sessions", json=SESSION, headers=coach)
    assert limited.status_code == 429
    assert limited.headers["content-type"] == "application/problem+json"
    assert int(limited.headers["Retry-After"]) >= 1
    assert event_count() == before
    other = client.post(
        f"/projects/{project}/sessions", json=SESSION, headers=api.headers("coordinator")
    )
    assert other.status_code == 201  # the limit is per token
    assert client.get(f"/projects/{project}", headers=coach).status_code == 200  # reads are free


def test_reads_beyond_the_per_token_limit_get_429_with_retry_after(
    api: Api, client_with: Callable[..., TestClient]
) -> None:
    project = api.project()
    client = client_with(read_rate_per_minute=1, read_rate_burst=3)  # no refill mid-test
    coach = api.headers("coach")
    statuses = [client.get(f"/projects/{project}", headers=coach).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    limited = client.get(f"/projects/{project}/coaching-history", headers=coach)
    assert limited.status_code == 429
    assert limited.headers["content-type"] == "application/problem+json"
    assert limited.json()["type"] == "/problems/too-many-requests"
    assert "reads" in limited.json()["detail"]
    assert int(limited.headers["Retry-After"]) >= 1
    other = client.get(f"/projects/{project}", headers=api.headers("coordinator"))
    assert other.status_code == 200  # the limit is per token
    assert client.get("/health").status_code == 200  # no token, no bucket
    written = client.post(f"/projects/{project}/sessions", json=SESSION, headers=coach)
    assert written.status_code == 201  # writes have their own bucket
