"""The projection endpoints over HTTP: read-your-writes, lag, and who sees what."""

from __future__ import annotations

from tests.api.client import SESSION, Api


def _logged(api: Api, project: str) -> int:
    response = api.post(f"/projects/{project}/sessions", "coach", SESSION)
    assert response.status_code == 201
    position: int = response.json()["position"]
    return position


def test_read_with_x_min_position_sees_the_write(api: Api) -> None:
    project = api.project()
    position = _logged(api, project)
    history = api.client.get(
        f"/projects/{project}/coaching-history",
        headers=api.headers("coach", **{"X-Min-Position": str(position)}),
    )
    assert history.status_code == 200
    assert len(history.json()["sessions"]) == 1
    assert history.json()["hours"]["total"] == 1.5
    listed = api.client.get(
        "/projects", headers=api.headers("dashboard", **{"X-Min-Position": str(position)})
    ).json()["items"]
    assert [p["sessions"] for p in listed] == [1]


def test_read_waiting_for_an_unprojected_position_is_503_with_retry_after(api: Api) -> None:
    served = api.client.app.state.container  # type: ignore[attr-defined]
    served.runner.stop()  # the projector stalls; the write still succeeds
    served.settings.read_wait_seconds = 0.2
    position = _logged(api, api.project())
    response = api.client.get(
        "/dashboard/portfolio",
        headers=api.headers("dashboard", **{"X-Min-Position": str(position)}),
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.headers["content-type"] == "application/problem+json"


def test_read_with_a_position_beyond_the_newest_event_is_422(api: Api) -> None:
    response = api.client.get(
        "/dashboard/portfolio", headers=api.headers("dashboard", **{"X-Min-Position": "99999"})
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "header.X-Min-Position"


def test_ready_reports_positions_and_lag(api: Api) -> None:
    project = api.project()
    position = _logged(api, project)
    assert api.container.read_models.wait_for(position, 5)
    ready = api.client.get("/ready").json()
    assert ready["status"] == "ready"
    assert ready["head_position"] == position
    assert ready["lag_events"] == 0
    assert set(ready["projection_positions"].values()) == {position}


def test_milestone_board_lists_every_catalogue_milestone_with_gates(api: Api) -> None:
    project = api.project()
    reached = api.post(
        f"/projects/{project}/milestones",
        "coach",
        {"milestone_id": "PLAN-01", "reached_on": "2017-05-01", "evidence": {"note": "plan"}},
    )
    board = api.client.get(
        f"/projects/{project}/milestones",
        headers=api.headers("dashboard", **{"X-Min-Position": str(reached.json()["position"])}),
    ).json()
    assert len(board["milestones"]) == 20
    plan = next(m for m in board["milestones"] if m["milestone_id"] == "PLAN-01")
    assert plan["reached"] is True
    assert plan["gates"] == ["co_creation→pilot"]
    assert board["score"] == 0.05


def test_coach_lists_only_the_projects_they_coach(api: Api) -> None:
    mine = api.project()
    api.project(assign_coach=False)
    position = _logged(api, mine)
    headers = {"X-Min-Position": str(position)}
    as_coach = api.client.get("/projects", headers=api.headers("coach", **headers)).json()
    assert [p["project_id"] for p in as_coach["items"]] == [mine]
    as_dashboard = api.client.get("/projects", headers=api.headers("dashboard", **headers)).json()
    assert len(as_dashboard["items"]) == 2


def test_coach_may_not_read_another_coachs_sessions(api: Api) -> None:
    response = api.get(f"/coaches/{api.people['coach']}/sessions", "other_coach")
    assert response.status_code == 403
    assert api.get(f"/coaches/{api.people['coach']}/sessions", "coach").status_code == 200


def test_project_list_pages_with_a_cursor(api: Api) -> None:
    network = api.network()
    last = 0
    for _ in range(3):
        last = api.post(
            "/projects",
            "coordinator",
            {"title": "T", "network_id": network, "target_group": "youth", "summary": "s"},
        ).json()["position"]
    headers = api.headers("dashboard", **{"X-Min-Position": str(last)})
    first = api.client.get("/projects", params={"limit": 2}, headers=headers).json()
    assert len(first["items"]) == 2
    rest = api.client.get(
        "/projects", params={"limit": 2, "cursor": first["next_cursor"]}, headers=headers
    ).json()
    assert len(rest["items"]) == 1
    assert rest["next_cursor"] is None
    ids = {p["project_id"] for p in first["items"]} | {p["project_id"] for p in rest["items"]}
    assert len(ids) == 3
    assert (
        api.client.get("/projects", params={"cursor": "nonsense"}, headers=headers).status_code
        == 422
    )


def test_portfolio_counts_and_funnel(api: Api) -> None:
    project = api.project()
    closed = api.post(
        f"/projects/{project}/closure",
        "coordinator",
        {"outcome": "discontinued", "rationale": "the group dissolved"},
    )
    portfolio = api.client.get(
        "/dashboard/portfolio",
        headers=api.headers("dashboard", **{"X-Min-Position": str(closed.json()["position"])}),
    ).json()
    assert portfolio["projects"] == 1
    assert portfolio["by_outcome"] == {"discontinued": 1}
    assert portfolio["by_country"] == {"DE": 1}
    assert portfolio["funnel"]["idea"] == 1
