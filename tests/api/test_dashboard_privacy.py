"""A dashboard never receives free text or person ids, from any route, JSON or HTML.

Every GET route of the OpenAPI document is called as a dashboard against a scene whose free
text is planted with marker words and whose people have known ids: no reply may contain a
marker, a person id, or a key that the dashboard rule hides. The routes are found, not
listed, so a route added later is covered without being named here."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.replies import dashboard_model
from api.schemas.projects import ProjectPublic
from projections.audience import HIDDEN_FROM_DASHBOARDS

MARKERS = (
    "ZEPHYRSUMMARY",
    "ZEPHYRTOPIC",
    "ZEPHYRFOLLOW",
    "ZEPHYRNEED",
    "ZEPHYRNOTE",
    "ZEPHYRLINK",
    "ZEPHYRWHY",
    "ZEPHYRPAUSE",
    "ZEPHYRPROJECT",
)
FORBIDDEN_FOR_DASHBOARDS = {
    "/attention",
    "/biography",
    "/people",
    "/audit",
    "/events",
    "/state",
    "/diff",
    "/verification",
    "/stage-on",
    "/me/devices",
}


@pytest.fixture
def scene(api: Any) -> dict[str, str]:
    network = api.network()
    response = api.post(
        "/projects",
        "coordinator",
        {
            "title": "Stopover Coffee Shop",
            "network_id": network,
            "target_group": "youth",
            "summary": "ZEPHYRPROJECT: young mothers run a coffee shop.",
            "proposed_on": "2019-02-01",
        },
    )
    assert response.status_code == 201, response.text
    project = response.json()["id"]
    coach = api.people["coach"]
    assert (
        api.post(f"/projects/{project}/coaches", "coordinator", {"coach_id": coach}).status_code
        == 201
    )
    member = api.person(name="A. Member")
    assert (
        api.post(
            f"/projects/{project}/team",
            "coach",
            {"person_id": member, "role": "service_user", "joined_on": "2019-02-02"},
        ).status_code
        == 201
    )
    session = api.post(
        f"/projects/{project}/sessions",
        "coach",
        {
            "type": "coaching",
            "started_at": "2019-03-01T10:00:00+01:00",
            "duration_minutes": 60,
            "mode": "on_site",
            "participants": {"person_ids": [member]},
            "topics": ["ZEPHYRTOPIC"],
            "summary": "ZEPHYRSUMMARY",
            "follow_ups": [{"what": "ZEPHYRFOLLOW", "due_on": "2019-03-09", "who": member}],
            "participation_level": "engaged",
        },
    )
    assert session.status_code == 201, session.text
    assert (
        api.post(
            f"/projects/{project}/needs",
            "coach",
            {"description": "ZEPHYRNEED", "tool": "needs_workshop", "identified_on": "2019-03-01"},
        ).status_code
        == 201
    )
    assert (
        api.post(
            f"/projects/{project}/milestones",
            "coach",
            {
                "milestone_id": "NEED-01",
                "reached_on": "2019-03-01",
                "evidence": {"note": "ZEPHYRNOTE", "links": ["https://ZEPHYRLINK.example"]},
            },
        ).status_code
        == 201
    )
    assert (
        api.post(
            f"/projects/{project}/stage-transitions",
            "coordinator",
            {"to": "co_creation", "rationale": "ZEPHYRWHY", "override": "ZEPHYRWHY"},
        ).status_code
        == 201
    )
    programme = api.post(
        "/programmes",
        "admin",
        {
            "name": "SEMPRE",
            "funder": "Interreg",
            "starts_on": "2019-01-01",
            "ends_on": "2021-12-31",
        },
    ).json()["id"]
    enrolment = {"programme_id": programme, "enrolled_on": "2019-02-01"}
    enrolled = api.post(f"/projects/{project}/enrolments", "coordinator", enrolment)
    assert enrolled.status_code == 201, enrolled.text
    paused = api.post(f"/projects/{project}/pause", "coordinator", {"reason": "ZEPHYRPAUSE"})
    assert paused.status_code == 200, paused.text
    return {
        "programme_id": programme,
        "code": "USERS",
        "project_id": project,
        "network_id": network,
        "coach_id": coach,
        "person_id": member,
        "session_id": session.json()["session_id"],
        "position": str(paused.json()["position"]),
        "people": json.dumps([coach, member, api.people["coordinator"]]),
    }


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _leaks(text: str, people: list[str]) -> list[str]:
    return [m for m in MARKERS if m.lower() in text.lower()] + [p for p in people if p in text]


def test_every_get_route_answers_a_dashboard_without_free_text_or_person_ids(
    api: Any, scene: dict[str, str]
) -> None:
    people = json.loads(scene["people"])
    paths = [
        path
        for path, operations in api.client.app.openapi()["paths"].items()
        if "get" in operations and path not in ("/health", "/openapi.json", "/metrics")
    ]
    assert "/projects/{project_id}/coaching-history" in paths
    called: dict[str, int] = {}
    for template in paths:
        path = re.sub(r"\{(\w+)\}", lambda m: scene.get(m[1], m[0]), template)
        response = api.client.get(
            path,
            headers={**api.headers("dashboard"), "X-Min-Position": scene["position"]},
        )
        called[template] = response.status_code
        if any(part in template for part in FORBIDDEN_FOR_DASHBOARDS):
            # refused (a route needing query parameters may refuse them first, with 422)
            assert response.status_code in (403, 422), (template, response.text)
            assert _leaks(response.text, people) == [], template
            continue
        assert response.status_code == 200, (template, response.text)
        assert _leaks(response.text, people) == [], (template, response.text)
        assert _keys(response.json()) & HIDDEN_FROM_DASHBOARDS == set(), template
    assert sum(1 for s in called.values() if s == 200) >= 8, called


def test_every_page_shows_a_dashboard_no_free_text_or_person_ids(
    api: Any, scene: dict[str, str]
) -> None:
    people = json.loads(scene["people"])
    browser = TestClient(api.client.app, follow_redirects=False)
    form = browser.get("/sign-in")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None
    token = api.tokens["dashboard"]
    signed = browser.post("/sign-in", data={"token": token, "csrf": csrf[1], "next": "/"})
    assert signed.status_code == 303, signed.text
    for path in (
        "/",
        f"/?programme={scene['programme_id']}",
        "/ui/projects",
        f"/ui/projects/{scene['project_id']}",
        "/ui/programmes",
        f"/ui/programmes/{scene['programme_id']}",
    ):
        page = browser.get(path)
        assert page.status_code == 200, path
        assert _leaks(page.text, people) == [], (path, _leaks(page.text, people))
    # The biography tells the story in the words people typed: refused, as its JSON is.
    refused = browser.get(f"/ui/projects/{scene['project_id']}/biography")
    assert refused.status_code == 403
    assert _leaks(refused.text, people) == []


def test_the_openapi_document_shows_each_dashboard_reply_as_its_own_schema(api: Any) -> None:
    schemas = api.client.app.openapi()["components"]["schemas"]
    for name in (
        "ProjectDashboard",
        "ProjectsDashboard",
        "CoachingHistoryDashboard",
        "MilestoneBoardDashboard",
        "StageHistoryDashboard",
        "CoachSessionsDashboard",
    ):
        assert name in schemas, name
        assert set(schemas[name]["properties"]) & HIDDEN_FROM_DASHBOARDS == set(), name
    twin = dashboard_model(ProjectPublic)
    assert "summary" in ProjectPublic.model_fields
    assert "summary" not in twin.model_fields
    assert "coaches" not in twin.model_fields
