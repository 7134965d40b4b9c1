"""A first walk through the API, to keep the fixtures honest."""

from __future__ import annotations

from tests.api.client import SESSION, Api


def test_coach_logs_a_session_on_an_assigned_project(api: Api) -> None:
    project = api.project()
    response = api.post(f"/projects/{project}/sessions", "coach", SESSION)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["version"] == 3
    assert response.headers["ETag"] == '"3"'
    assert response.headers["X-Event-Position"] == str(body["position"])
    state = api.get(f"/projects/{project}", "coach").json()
    (session,) = state["sessions"]
    assert session["coach_ids"] == [api.people["coach"]]
    assert session["session_id"] == body["session_id"]
