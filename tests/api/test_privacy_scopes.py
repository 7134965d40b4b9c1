"""Issue 14, privacy that holds: who may read whom, whose sessions, in which networks.

docs/API.md "Finding things" gives the rules: a coach sees the people of their projects' teams
and those projects' coaches (and themselves); a coordinator sees their networks' people and
every person whose role is coach or coordinator; auditor and admin see everyone; a dashboard
is refused (403). A person outside the caller's scope answers exactly as an unknown id (404),
so that a probe learns nothing. A coordinator reads only the sessions of their networks'
projects, even from a coach who works for several networks; a session names only coaches
assigned to its project; a coordinator's network is their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import uuid4

import httpx
import pytest

from tests.api.client import SESSION, Api

PROBLEM_JSON = "application/problem+json"


def position(api: Api) -> str:
    """The store's head, for X-Min-Position (reads here see every write made before them)."""
    return str(api.container.incubator.recorder.max_notification_id() or 0)


def read(api: Api, path: str, role: str) -> httpx.Response:
    headers = api.headers(role, **{"X-Min-Position": position(api)})
    response: httpx.Response = api.client.get(path, headers=headers)
    return response


def ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def network_of(api: Api, coordinator: str, region: str) -> str:
    body = {
        "name": f"LEN {region}",
        "country": "DE",
        "region": region,
        "target_group": "single_parents",
        "institutions": [],
    }
    return str(ok(api.post("/networks", coordinator, body))["id"])


def project_in(api: Api, network: str, coordinator: str, title: str, coach: str) -> str:
    body = {
        "title": title,
        "network_id": network,
        "target_group": "single_parents",
        "summary": "Single parents help each other.",
        "proposed_on": "2017-02-01",
    }
    project = str(ok(api.post("/projects", coordinator, body))["id"])
    ok(api.post(f"/projects/{project}/coaches", coordinator, {"coach_id": api.people[coach]}))
    return project


def join_team(api: Api, project: str, role: str, name: str) -> str:
    person = api.person(name=name)
    team = {"person_id": person, "role": "service_user", "joined_on": "2017-03-01"}
    ok(api.post(f"/projects/{project}/team", role, team))
    return person


# ---------------------------------------------------------------------------- people
@pytest.fixture
def two_networks(api: Api) -> dict[str, str]:
    """Dithmarschen (the coordinator's, the coach assigned, Mia on the team) and Plön (the other
    coordinator's, the other coach assigned, Pia on the team); Otto is on no team at all."""
    here = network_of(api, "coordinator", "Dithmarschen")
    there = network_of(api, "other_coordinator", "Plön")
    ours = project_in(api, here, "coordinator", "AllDi", "coach")
    theirs = project_in(api, there, "other_coordinator", "Plöner Tafel", "other_coach")
    return {
        "ours": ours,
        "theirs": theirs,
        "mia": join_team(api, ours, "coach", "Mia Member"),
        "pia": join_team(api, theirs, "other_coach", "Pia Plön"),
        "otto": api.person(name="Otto Outside"),
        **{role: api.people[role] for role in api.people},
    }


# (reader, person) → whether the reader may see the person; everyone else's answer is 404.
SEES: dict[str, set[str]] = {
    "coach": {"coach", "mia"},
    "other_coach": {"other_coach", "pia"},
    "coordinator": {"coordinator", "mia", "coach", "other_coach", "other_coordinator"},
    "other_coordinator": {"other_coordinator", "pia", "coach", "other_coach", "coordinator"},
}
EVERYONE = ("mia", "pia", "otto", "coach", "other_coach", "coordinator", "other_coordinator")


@pytest.mark.parametrize("reader", sorted(SEES))
def test_get_person_outside_the_readers_scope_is_404_like_an_unknown_id(
    api: Api, two_networks: dict[str, str], reader: str
) -> None:
    unknown = read(api, f"/people/{uuid4()}", reader)
    assert unknown.status_code == 404
    for person in EVERYONE:
        response = read(api, f"/people/{two_networks[person]}", reader)
        if person in SEES[reader]:
            assert response.status_code == 200, (reader, person, response.text)
            assert response.json()["id"] == two_networks[person]
            continue
        assert response.status_code == 404, (reader, person, response.text)
        assert response.headers["content-type"] == PROBLEM_JSON
        problem = response.json()
        # Nothing tells an out-of-scope person from a missing one but the id itself.
        expected = {**unknown.json(), "id": two_networks[person]}
        expected["detail"] = unknown.json()["detail"].replace(
            unknown.json()["id"], two_networks[person]
        )
        assert problem == expected
        assert "Member" not in response.text
        assert "Plön" not in response.text


@pytest.mark.parametrize("reader", ["admin", "auditor"])
def test_get_person_as_admin_or_auditor_sees_everyone(
    api: Api, two_networks: dict[str, str], reader: str
) -> None:
    for person in EVERYONE:
        assert read(api, f"/people/{two_networks[person]}", reader).status_code == 200


def test_get_person_as_dashboard_is_403(api: Api, two_networks: dict[str, str]) -> None:
    response = read(api, f"/people/{two_networks['mia']}", "dashboard")
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM_JSON


def test_assign_coach_then_the_coaches_see_each_other_and_release_ends_it(
    api: Api, two_networks: dict[str, str]
) -> None:
    ours, other = two_networks["ours"], two_networks["other_coach"]
    assert read(api, f"/people/{other}", "coach").status_code == 404
    assert read(api, f"/people/{two_networks['mia']}", "other_coach").status_code == 404
    ok(api.post(f"/projects/{ours}/coaches", "coordinator", {"coach_id": other}))
    assert read(api, f"/people/{other}", "coach").status_code == 200
    assert read(api, f"/people/{two_networks['mia']}", "other_coach").status_code == 200
    ok(
        api.delete(
            f"/projects/{ours}/team/{two_networks['mia']}", "coach", {"reason": "moved away"}
        )
    )
    assert read(api, f"/people/{two_networks['mia']}", "other_coach").status_code == 404
    assert read(api, f"/people/{two_networks['mia']}", "coach").status_code == 404


# ---------------------------------------------------------------------------- sessions
@pytest.fixture
def coach_in_two_networks(api: Api, two_networks: dict[str, str]) -> dict[str, str]:
    """The coach works for both networks: a 90-minute session in Dithmarschen, a 60-minute
    one in Plön."""
    theirs = two_networks["theirs"]
    ok(
        api.post(
            f"/projects/{theirs}/coaches", "other_coordinator", {"coach_id": api.people["coach"]}
        )
    )
    here = ok(api.post(f"/projects/{two_networks['ours']}/sessions", "coach", SESSION))
    there = ok(
        api.post(f"/projects/{theirs}/sessions", "coach", {**SESSION, "duration_minutes": 60})
    )
    # The pages read the read models without X-Min-Position: let the embedded projector land.
    runner = api.container.runner
    assert runner.wait_for(runner.head(), 10)
    return {**two_networks, "here": here["session_id"], "there": there["session_id"]}


def coach_sessions(api: Api, role: str) -> dict[str, Any]:
    return ok(read(api, f"/coaches/{api.people['coach']}/sessions", role))


@pytest.mark.parametrize(
    ("reader", "shown", "hours"),
    [
        ("coordinator", {"here"}, 1.5),
        ("other_coordinator", {"there"}, 1.0),
        ("coach", {"here", "there"}, 2.5),
        ("auditor", {"here", "there"}, 2.5),
        ("admin", {"here", "there"}, 2.5),
        ("dashboard", {"here", "there"}, 2.5),
    ],
)
def test_coach_sessions_as_coordinator_shows_only_their_networks_sessions_and_hours(
    api: Api, coach_in_two_networks: dict[str, str], reader: str, shown: set[str], hours: float
) -> None:
    reply = coach_sessions(api, reader)
    assert {item["session_id"] for item in reply["items"]} == {
        coach_in_two_networks[name] for name in shown
    }
    assert reply["hours"]["total"] == hours
    assert sum(reply["hours"]["by_type"].values()) == hours
    assert sum(reply["hours"]["by_month"].values()) == hours
    if reader == "dashboard":  # hours by coach are keyed by person ids: never a dashboard's
        assert "by_coach" not in reply["hours"]
    else:
        assert reply["hours"]["by_coach"] == {api.people["coach"]: hours}


@pytest.mark.usefixtures("coach_in_two_networks")
def test_coach_page_as_coordinator_shows_only_their_networks_sessions(api: Api) -> None:
    opened = api.container.web_sessions.open(api.tokens["coordinator"], api.container.clock())
    assert opened is not None
    cookie, _session = opened
    ok(read(api, f"/coaches/{api.people['coach']}/sessions", "admin"))  # the read models caught up
    api.client.cookies.set("seedbed_session", cookie)
    try:
        page = api.client.get(f"/ui/coaches/{api.people['coach']}")
    finally:
        api.client.cookies.clear()
    assert page.status_code == 200, page.text
    assert "AllDi" in page.text
    assert "Plöner Tafel" not in page.text


# ---------------------------------------------------------------------------- session coaches
def test_log_session_naming_a_coach_not_on_the_project_is_422_and_records_nothing(
    api: Api, two_networks: dict[str, str], event_count: Callable[[], int]
) -> None:
    ours = two_networks["ours"]
    before = event_count()
    coach, stranger = api.people["coach"], api.people["other_coach"]
    for coaches in ([stranger], [coach, stranger]):
        body = {**SESSION, "coach_ids": coaches}
        response = api.post(f"/projects/{ours}/sessions", "coach", body)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM_JSON
        assert [e["field"] for e in response.json()["errors"]] == ["coach_ids"]
    assert event_count() == before
    assert api.post(f"/projects/{ours}/sessions", "coach", SESSION).status_code == 201


def test_correct_session_to_a_coach_not_on_the_project_is_422_and_records_nothing(
    api: Api, two_networks: dict[str, str], event_count: Callable[[], int]
) -> None:
    ours = two_networks["ours"]
    session = ok(api.post(f"/projects/{ours}/sessions", "coach", SESSION))["session_id"]
    before = event_count()
    correction = {"changes": {"coach_ids": [api.people["other_coach"]]}, "reason": "who held it"}
    response = api.post(f"/projects/{ours}/sessions/{session}/corrections", "coach", correction)
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["coach_ids"]
    assert event_count() == before
    assign = {"coach_id": api.people["other_coach"]}
    ok(api.post(f"/projects/{ours}/coaches", "coordinator", assign))
    accepted = api.post(f"/projects/{ours}/sessions/{session}/corrections", "coach", correction)
    assert accepted.status_code == 201, accepted.text


# ---------------------------------------------------------------------------- networks
NETWORK = {
    "name": "LEN Nordfriesland",
    "country": "DE",
    "region": "Nordfriesland",
    "target_group": "migrants_refugees",
    "institutions": [],
}


def test_register_network_for_another_coordinator_is_403_and_records_nothing(
    api: Api, event_count: Callable[[], int]
) -> None:
    before = event_count()
    body = {**NETWORK, "coordinator_id": api.people["other_coordinator"]}
    response = api.post("/networks", "coordinator", body)
    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["type"] == "/problems/forbidden"
    assert event_count() == before


def test_register_network_naming_oneself_or_nobody_makes_it_the_callers(api: Api) -> None:
    for body in (NETWORK, {**NETWORK, "coordinator_id": api.people["coordinator"]}):
        network = ok(api.post("/networks", "coordinator", body))["id"]
        shown = ok(api.get(f"/networks/{network}", "admin"))
        assert shown["coordinator_id"] == api.people["coordinator"]


def test_register_network_as_admin_may_name_any_coordinator(api: Api) -> None:
    body = {**NETWORK, "coordinator_id": api.people["other_coordinator"]}
    network = ok(api.post("/networks", "admin", body))["id"]
    assert (
        ok(api.get(f"/networks/{network}", "admin"))["coordinator_id"]
        == (api.people["other_coordinator"])
    )
