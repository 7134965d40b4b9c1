"""/metrics needs a token (issue 14): an admin API token, or the dedicated scrape token
SEEDBED_METRICS_TOKEN (what Prometheus is given: it can read metrics and nothing else)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.main import create_app
from app.settings import Settings
from migrations import upgrade
from store.tokens import Role
from tests.api.client import Api
from tests.clock import fixed_clock
from tests.serving import running_server, seedbed

PROBLEM_JSON = "application/problem+json"
SCRAPE_TOKEN = "prometheus-scrape-" + "s" * 32


def scrape(client: TestClient | httpx.Client, token: str | None) -> httpx.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    response: httpx.Response = client.get("/metrics", headers=headers)
    return response


def assert_refused(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert "seedbed_http_requests" not in response.text
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_metrics_without_a_token_is_401(api: Api) -> None:
    assert_refused(scrape(api.client, None), 401)
    assert_refused(api.client.get("/metrics", headers={"Authorization": "Basic YTpi"}), 401)


@pytest.mark.parametrize(
    "token", [f"sbt_{'0' * 16}_{'x' * 43}", "not-a-token", SCRAPE_TOKEN], ids=str.__len__
)
def test_metrics_with_an_unknown_token_is_401(api: Api, token: str) -> None:
    """Without SEEDBED_METRICS_TOKEN configured, even the scrape token's value is unknown."""
    assert_refused(scrape(api.client, token), 401)


@pytest.mark.parametrize("role", ["coach", "coordinator", "dashboard", "auditor"])
def test_metrics_with_a_token_of_another_role_is_403(api: Api, role: str) -> None:
    assert_refused(scrape(api.client, api.tokens[role]), 403)


def test_metrics_with_an_admin_token_is_200(api: Api) -> None:
    response = scrape(api.client, api.tokens["admin"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    names = {family.name for family in text_string_to_metric_families(response.text)}
    assert "seedbed_http_requests" in names


def test_metrics_after_revoking_the_admin_token_is_401(api: Api) -> None:
    token = api.token_for(Role.ADMIN)
    assert scrape(api.client, token).status_code == 200
    api.container.tokens.revoke(token.split("_", 2)[1], api.container.clock())
    assert_refused(scrape(api.client, token), 401)


@pytest.fixture
def with_scrape_token(sqlite_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=sqlite_url, metrics_token=SCRAPE_TOKEN)
    upgrade(settings.database_url)
    with TestClient(create_app(settings, clock=fixed_clock)) as client:
        yield client


def test_metrics_with_the_configured_scrape_token_is_200(with_scrape_token: TestClient) -> None:
    assert scrape(with_scrape_token, SCRAPE_TOKEN).status_code == 200
    assert_refused(scrape(with_scrape_token, SCRAPE_TOKEN[:-1] + "x"), 401)
    assert_refused(scrape(with_scrape_token, SCRAPE_TOKEN + "x"), 401)
    assert_refused(scrape(with_scrape_token, None), 401)
    # The scrape token opens /metrics only: it is no API token.
    projects = with_scrape_token.get(
        "/projects", headers={"Authorization": f"Bearer {SCRAPE_TOKEN}"}
    )
    assert projects.status_code == 401


def test_a_short_scrape_token_is_refused_by_the_settings() -> None:
    with pytest.raises(ValueError, match="SEEDBED_METRICS_TOKEN"):
        Settings(metrics_token="short")


def test_metrics_of_two_workers_are_summed_for_the_scrape_token(tmp_path: Path) -> None:
    """`serve --workers 2` with PROMETHEUS_MULTIPROC_DIR: any worker's scrape (with the token)
    counts the requests every worker answered."""
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env = {
        "SEEDBED_DATABASE_URL": f"sqlite:///{tmp_path / 'metrics.sqlite3'}",
        "SEEDBED_METRICS_TOKEN": SCRAPE_TOKEN,
        "SEEDBED_SECRET_FILE": str(tmp_path / "secret.key"),
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    assert seedbed("migrate", env=env).returncode == 0
    with running_server(env, tmp_path / "serve.log", "--workers", "2") as base_url:
        requests = 30
        for _ in range(requests):  # a new connection each time, so both workers answer some
            assert httpx.get(f"{base_url}/milestones", timeout=10).status_code == 401
        with httpx.Client(base_url=base_url, timeout=10) as client:
            assert_refused(scrape(client, None), 401)
            response = scrape(client, SCRAPE_TOKEN)
    assert response.status_code == 200, response.text
    counted = sum(
        sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if sample.name == "seedbed_http_requests_total"
        and sample.labels.get("route") == "/milestones"
    )
    assert counted >= requests
    assert len(list(metrics_dir.iterdir())) >= 2  # both workers wrote their files
