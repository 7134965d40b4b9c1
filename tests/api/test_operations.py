"""Operations: /metrics parsed by the Prometheus client's own parser, request ids, JSON logs."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.api.client import SESSION, Api
from tests.serving import cli_token, running_server, seedbed


def _metrics(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    families: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            families.setdefault(sample.name, []).append((sample.labels, sample.value))
    return families


def test_metrics_scrape_cleanly_with_routes_events_and_projection_lag(api: Api) -> None:
    project = api.project()
    api.post(f"/projects/{project}/sessions", "coach", SESSION)
    api.get(f"/projects/{project}", "coach")
    response = api.client.get("/metrics", headers=api.headers("admin"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    metrics = _metrics(response.text)
    routes = {labels["route"] for labels, _ in metrics["seedbed_http_requests_total"]}
    assert "/projects/{project_id}/sessions" in routes
    assert all(project not in route for route in routes)  # templates, never ids
    assert any(
        labels["route"] == "/projects/{project_id}" and labels["status"] == "200"
        for labels, _ in metrics["seedbed_http_requests_total"]
    )
    assert "seedbed_http_request_duration_seconds_bucket" in metrics
    (appended,) = metrics["seedbed_events_appended_total"]
    assert appended[1] >= 3
    positions = {labels["projection"] for labels, _ in metrics["seedbed_projection_position"]}
    assert positions == {
        "project_summaries",
        "sustainability_milestones",
        "coaching_history",
        "stage_history",
        "project_teams",
        "programmes",
    }
    assert "seedbed_projection_lag_seconds" in metrics


def test_request_id_is_echoed_or_made(api: Api) -> None:
    given = api.client.get("/health", headers={"X-Request-ID": "coach-phone-42"})
    assert given.headers["X-Request-ID"] == "coach-phone-42"
    made = api.client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert made.headers["X-Request-ID"] != "bad id with spaces"
    assert len(made.headers["X-Request-ID"]) == 32


def test_logs_are_json_lines_with_request_ids_and_no_personal_data(tmp_path: Path) -> None:
    env = {"SEEDBED_DATABASE_URL": f"sqlite:///{tmp_path / 'logs.sqlite3'}"}
    assert seedbed("migrate", env=env).returncode == 0
    admin = cli_token(env, "admin")
    log = tmp_path / "serve.log"
    with running_server(env, log) as base_url:
        created = httpx.post(
            f"{base_url}/people",
            json={
                "display_name": "Rasa Petrauskienė",
                "role": "service_user",
                "contact": "rasa@example.lt",
            },
            headers={"Authorization": f"Bearer {admin}", "X-Request-ID": "trace-7"},
        )
        assert created.status_code == 201
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [entry for entry in lines if entry["logger"] == "seedbed.access"]
    traced = [entry for entry in access if entry["request_id"] == "trace-7"]
    assert traced
    assert traced[0]["route"] == "/people"
    assert traced[0]["status"] == 201
    text = log.read_text()
    assert "Rasa" not in text
    assert "rasa@example.lt" not in text
    assert admin not in text
