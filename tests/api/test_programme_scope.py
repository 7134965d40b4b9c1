"""What a programme-scoped token sees and may change: only the projects enrolled in its
programme, in every list, count and figure (tests/api/test_auth.py has which route answers
which status); a scoped coordinator writes only to those. An unscoped token sees everything as
before.

The scene: one network of the coordinator's with the kitchen (enrolled in "ours", coached,
one session) and the cafe (enrolled in "theirs", coached, one session, Carla on its team).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.api.client import SESSION, Api, api_in
from tests.api.scenes import TEAM, scoped_tokens, write_ok

CARLA = "Carla Cafe-Team"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    yield from api_in(tmp_path_factory, "programme-scope")


@pytest.fixture(scope="module")
def scene(api: Api) -> dict[str, Any]:
    network = api.network()
    kitchen = api.project(network, title="Wendelstein Kitchen")
    cafe = api.project(network, title="Moorhof Repair Cafe")
    programmes = scoped_tokens(api, [kitchen])
    enrolment = {"programme_id": programmes["theirs"], "enrolled_on": "2017-02-01"}
    write_ok(api, f"/projects/{cafe}/enrolments", "coordinator", enrolment)
    for project in (kitchen, cafe):
        write_ok(api, f"/projects/{project}/sessions", "coach", SESSION)
    carla = api.person(name=CARLA)
    write_ok(api, f"/projects/{cafe}/team", "coordinator", {**TEAM, "person_id": carla})
    api.container.runner.catch_up()
    position = api.container.incubator.recorder.max_notification_id() or 0
    return {
        **programmes,
        "network": network,
        "kitchen": kitchen,
        "cafe": cafe,
        "carla": carla,
        "fresh": {"X-Min-Position": str(position)},
    }


def read(api: Api, scene: dict[str, Any], role: str, path: str) -> Any:
    response = api.client.get(path, headers=api.headers(role, **scene["fresh"]))
    assert response.status_code == 200, response.text
    return response.json()


def ids(items: list[dict[str, Any]], key: str = "project_id") -> list[str]:
    return sorted(item[key] for item in items)


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("scoped_dashboard", ["kitchen"]),
        ("outside_dashboard", ["cafe"]),
        ("scoped_coordinator", ["kitchen"]),
        ("dashboard", ["kitchen", "cafe"]),
        ("coordinator", ["kitchen", "cafe"]),
    ],
)
def test_every_list_and_count_holds_only_the_projects_of_the_tokens_programme(
    api: Api, scene: dict[str, Any], role: str, shown: list[str]
) -> None:
    expected = sorted(scene[name] for name in shown)
    assert ids(read(api, scene, role, "/projects")["items"]) == expected
    portfolio = read(api, scene, role, "/dashboard/portfolio")
    assert portfolio["projects"] == len(shown)
    assert sum(portfolio["coaching_hours_per_month"].values()) == 1.5 * len(shown)
    sessions = read(api, scene, role, f"/coaches/{api.people['coach']}/sessions")
    assert ids(sessions["items"]) == expected
    assert sessions["hours"]["total"] == 1.5 * len(shown)
    networks = read(api, scene, role, "/networks")["items"]
    assert [(n["network_id"], n["projects"]) for n in networks if n["projects"]] == [
        (scene["network"], len(shown))
    ]


@pytest.mark.parametrize(
    ("role", "programme", "programmes"),
    [
        ("scoped_dashboard", "ours", ["ours"]),
        ("outside_coordinator", "theirs", ["theirs"]),
        ("dashboard", None, ["ours", "theirs"]),
    ],
)
def test_me_and_the_programmes_name_the_tokens_programme(
    api: Api, scene: dict[str, Any], role: str, programme: str | None, programmes: list[str]
) -> None:
    me = read(api, scene, role, "/me")
    assert me["programme_id"] == (scene[programme] if programme else None)
    listed = read(api, scene, role, "/programmes")["items"]
    assert sorted(p["name"] for p in listed) == programmes
    if programme is not None:
        projects = [scene["kitchen"] if programme == "ours" else scene["cafe"]]
        assert me["projects"] == projects
        assert me["networks"] == [scene["network"]]


def test_a_scoped_coordinators_attention_and_people_are_its_programmes(
    api: Api, scene: dict[str, Any]
) -> None:
    due = {i["project_id"] for i in read(api, scene, "scoped_coordinator", "/attention")["items"]}
    everything = read(api, scene, "coordinator", "/attention")["items"]
    assert due == {scene["kitchen"]}
    assert scene["cafe"] in {i["project_id"] for i in everything}
    found = read(api, scene, "scoped_coordinator", f"/people?q={CARLA}")["items"]
    assert found == []
    assert len(read(api, scene, "coordinator", f"/people?q={CARLA}")["items"]) == 1
    carla = f"/people/{scene['carla']}"
    assert api.get(carla, "scoped_coordinator").status_code == 404  # as an unknown id
    assert api.get(carla, "outside_coordinator").status_code == 200


WRITES: list[tuple[str, dict[str, Any]]] = [
    ("/sessions", SESSION),
    ("/pause", {"reason": "summer break", "paused_on": "2017-07-01"}),
    (
        "/needs",
        {"description": "Evening care.", "tool": "needs_workshop", "identified_on": "2017-03-01"},
    ),
]


@pytest.mark.parametrize(("path", "body"), WRITES, ids=[path for path, _ in WRITES])
def test_a_scoped_coordinator_writes_inside_its_programme_and_is_refused_outside(
    api: Api, scene: dict[str, Any], event_count: Callable[[], int], path: str, body: Any
) -> None:
    before = event_count()
    refused = api.post(f"/projects/{scene['cafe']}{path}", "scoped_coordinator", body)
    assert refused.status_code == 403, refused.text
    assert refused.json()["type"] == "/problems/forbidden"
    assert "outside programme" in refused.json()["detail"]
    assert event_count() == before
    allowed = api.post(f"/projects/{scene['kitchen']}{path}", "scoped_coordinator", body)
    assert allowed.status_code in (200, 201), allowed.text
    assert event_count() == before + 1
