"""A scripted programme whose indicator values are worked out by hand (tests/api/
test_indicators.py): one network, two projects, three reporting periods in 2017-2018.

Project A (enrolled 2017-02-01): service users U1 (joined 2017-02-01) and U2 (2017-08-01);
a 90-minute coaching session on 2017-04-12 (5 anonymous users, co_designing) and a 60-minute
training on 2017-08-10 (3 anonymous, co_producing); pilot stage from 2017-05-10; JOB-01 on
2017-09-01. Project B (enrolled 2017-07-01): a 120-minute coaching session on 2017-09-05
(2 anonymous, engaged); closed as absorbed on 2017-11-30.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from domain.network import LocalNetwork
from domain.values import TargetGroup
from tests.api.client import SESSION, Api

PROGRAMME: dict[str, Any] = {
    "name": "SEMPRE",
    "funder": "Interreg Baltic Sea Region",
    "starts_on": "2017-01-01",
    "ends_on": "2018-12-31",
    "periods": [
        {"label": "P1", "starts_on": "2017-01-01", "ends_on": "2017-06-30"},
        {"label": "P2", "starts_on": "2017-07-01", "ends_on": "2017-12-31"},
        {"label": "P3", "starts_on": "2018-01-01", "ends_on": "2018-12-31"},
    ],
    "checkin_every_days": 61,
}


@dataclass
class Story:
    programme: str
    a: str
    b: str
    network: str
    training: str  # A's session of 2017-08-10


def ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.text
    return response.json()


def _network(api: Api) -> str:
    """Registered in 2016 (the API registers networks today), coordinated by "coordinator"."""
    network = LocalNetwork.register(
        id=uuid4(),
        name="LEN Dithmarschen",
        country="DE",
        region="Dithmarschen",
        target_group=TargetGroup.SINGLE_PARENTS,
        institutions=["Kreis Dithmarschen"],
        coordinator_id=UUID(api.people["coordinator"]),
        actor=api.people["coordinator"],
        today=date(2021, 12, 15),
        registered_on=date(2016, 5, 2),
    )
    api.container.incubator.save(network)
    return str(network.id)


def session(
    api: Api, project: str, kind: str, start: str, minutes: int, anon: int, level: str
) -> str:
    body = {
        **SESSION,
        "type": kind,
        "started_at": start,
        "duration_minutes": minutes,
        "participants": {"anonymous": [{"role": "service_user", "count": anon}]},
        "participation_level": level,
        "follow_ups": [],
    }
    session_id: str = ok(api.post(f"/projects/{project}/sessions", "coach", body))["session_id"]
    return session_id


def milestone(api: Api, project: str, milestone_id: str, on: str) -> None:
    ok(
        api.post(
            f"/projects/{project}/milestones",
            "coach",
            {"milestone_id": milestone_id, "reached_on": on, "evidence": {"note": "minutes"}},
        )
    )


def advance(api: Api, project: str, to: str, on: str) -> None:
    body = {"to": to, "rationale": "gate met", "decided_on": on}
    ok(api.post(f"/projects/{project}/stage-transitions", "coordinator", body))


def build_story(api: Api) -> Story:
    programme = ok(api.post("/programmes", "admin", PROGRAMME))["id"]
    network = _network(api)
    a, b = api.project(network, title="AllDi"), api.project(network, title="Second")
    enrol = {"programme_id": programme}
    ok(api.post(f"/projects/{a}/enrolments", "coordinator", {**enrol, "enrolled_on": "2017-02-01"}))
    ok(api.post(f"/projects/{b}/enrolments", "coordinator", {**enrol, "enrolled_on": "2017-07-01"}))
    for name, joined in (("U1", "2017-02-01"), ("U2", "2017-08-01")):
        user = api.person("service_user", name)
        body = {"person_id": user, "role": "service_user", "joined_on": joined}
        ok(api.post(f"/projects/{a}/team", "coach", body))
    session(api, a, "coaching", "2017-04-12T10:00:00+02:00", 90, 5, "co_designing")
    training = session(api, a, "training", "2017-08-10T10:00:00+02:00", 60, 3, "co_producing")
    session(api, b, "coaching", "2017-09-05T10:00:00+02:00", 120, 2, "engaged")
    milestone(api, a, "NEED-01", "2017-03-01")
    milestone(api, a, "TEAM-01", "2017-03-01")
    advance(api, a, "co_creation", "2017-03-15")
    milestone(api, a, "CONC-01", "2017-05-01")
    milestone(api, a, "PLAN-01", "2017-05-01")
    advance(api, a, "pilot", "2017-05-10")
    milestone(api, a, "JOB-01", "2017-09-01")
    closure = {"outcome": "absorbed", "rationale": "the municipality took it over"}
    ok(api.post(f"/projects/{b}/closure", "coordinator", {**closure, "closed_on": "2017-11-30"}))
    return Story(programme, a, b, network, training)


def with_youth_project(api: Api) -> tuple[Story, str]:
    """The story and a third project C: youth, in a network of "other_coordinator", enrolled
    on 2017-03-01, its one session (coached by "coach") on 2018-02-10 at user_led."""
    story = build_story(api)
    network = api.network("other_coordinator")
    body = {
        "title": "Youth Radio",
        "network_id": network,
        "target_group": "youth",
        "summary": "ZEPHYRSUMMARY young people make radio.",
        "proposed_on": "2017-02-01",
    }
    c: str = ok(api.post("/projects", "other_coordinator", body))["id"]
    coach = {"coach_id": api.people["coach"]}
    ok(api.post(f"/projects/{c}/coaches", "other_coordinator", coach))
    enrolment = {"programme_id": story.programme, "enrolled_on": "2017-03-01"}
    ok(api.post(f"/projects/{c}/enrolments", "other_coordinator", enrolment))
    session(api, c, "coaching", "2018-02-10T10:00:00+01:00", 60, 4, "user_led")
    return story, c
