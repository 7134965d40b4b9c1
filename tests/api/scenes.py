"""The scene the per-route tests (test_auth.py, test_validation.py) write against: a project in
the coordinator's network with the coach assigned and, as a test asks, the state a route needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from store.tokens import Role
from tests.api.client import SESSION, Api

TEAM = {"person_id": "{newcomer}", "role": "volunteer", "joined_on": "2017-03-01"}
PAUSE = {"reason": "summer break", "paused_on": "2017-07-01"}
CLOSURE = {"outcome": "informal_stable", "rationale": "runs on its own", "closed_on": "2019-06-30"}
WITHDRAWAL = {"reason": "logged twice"}
REVIEW = {"to": "co_creation", "note": "needs assessed with seven parents"}
MILESTONE = {
    "milestone_id": "TEAM-01",
    "reached_on": "2017-03-02",
    "evidence": {"note": "the core group meets weekly", "links": ["https://example.org/m"]},
}


@dataclass
class Scene:
    """A project in the coordinator's network (coach assigned, proposed 2017-02-01) and, as
    asked, a team member (joined 2017-03-01), a person outside the team, a logged session,
    NEED-01 reached, an open gate review, a pause (2017-07-01), the session withdrawn, a
    closure (2019-06-30), a programme (SEMPRE, 2016 to mid-2019)."""

    network: str
    project: str
    coach: str
    other_coach: str
    other_coordinator: str = ""
    member: str = ""
    newcomer: str = ""
    session: str = ""
    review: str = ""
    programme: str = ""
    ours: str = ""  # a programme the project is enrolled in (tests/api/test_auth.py)
    position: int = 0  # the store's head once the scene is built, for X-Min-Position

    def fill(self, template: Any) -> Any:
        """`template` with `{project}`, `{session}`, ... replaced by this scene's ids."""
        if isinstance(template, str):
            return template.format_map(vars(self))
        if isinstance(template, dict):
            return {key: self.fill(value) for key, value in template.items()}
        if isinstance(template, list):
            return [self.fill(value) for value in template]
        return template


def write_ok(api: Api, path: str, role: str, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post(path, role, body)
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


# SEMPRE, in the scene when a route needs a programme.
PROGRAMME = {
    "name": "SEMPRE",
    "funder": "Interreg Baltic Sea Region",
    "starts_on": "2016-01-01",
    "ends_on": "2019-06-30",
    "periods": [{"label": "P1", "starts_on": "2016-01-01", "ends_on": "2016-06-30"}],
    "checkin_every_days": 61,
}


def scoped_tokens(api: Api, enrolled: Sequence[str]) -> dict[str, str]:
    """Programmes "ours" (with `enrolled` enrolled on 2017-02-01 by the coordinator) and
    "theirs", and tokens scoped to them in `api.tokens`: `scoped_dashboard` and
    `scoped_coordinator` (the coordinator, scoped to ours), `outside_dashboard` and
    `outside_coordinator` (scoped to theirs). Returns the programmes' ids by name."""
    made = {
        name: write_ok(api, "/programmes", "admin", {**PROGRAMME, "name": name})["id"]
        for name in ("ours", "theirs")
    }
    for project in enrolled:
        enrolment = {"programme_id": made["ours"], "enrolled_on": "2017-02-01"}
        write_ok(api, f"/projects/{project}/enrolments", "coordinator", enrolment)
    for role, name in (("scoped", "ours"), ("outside", "theirs")):
        scope = {"programme_id": UUID(made[name])}
        api.tokens[f"{role}_coordinator"] = api.token_for(
            Role.COORDINATOR, api.people["coordinator"], **scope
        )
        api.tokens[f"{role}_dashboard"] = api.token_for(Role.DASHBOARD, **scope)
    return made


def build_scene(api: Api, needs: frozenset[str] = frozenset()) -> Scene:
    network = api.network()
    scene = Scene(
        network=network,
        project=api.project(network),
        coach=api.people["coach"],
        other_coach=api.people["other_coach"],
        other_coordinator=api.people["other_coordinator"],
    )
    at = f"/projects/{scene.project}"
    if "member" in needs:
        scene.member = api.person(name="Mia Member")
        write_ok(api, f"{at}/team", "coordinator", {**TEAM, "person_id": scene.member})
    if "newcomer" in needs:
        scene.newcomer = api.person(name="Nils Newcomer")
    if "session" in needs or "withdrawn" in needs:
        scene.session = write_ok(api, f"{at}/sessions", "coach", SESSION)["session_id"]
    if "withdrawn" in needs:
        write_ok(api, f"{at}/sessions/{scene.session}/withdrawal", "coach", WITHDRAWAL)
    if "milestone" in needs:
        write_ok(api, f"{at}/milestones", "coach", {**MILESTONE, "milestone_id": "NEED-01"})
    if "review" in needs:
        review = write_ok(api, f"{at}/gate-reviews", "coach", REVIEW)
        scene.review = review["review_id"]
    if "programme" in needs:
        scene.programme = write_ok(api, "/programmes", "admin", PROGRAMME)["id"]
    if "paused" in needs:
        write_ok(api, f"{at}/pause", "coordinator", PAUSE)
    if "closed" in needs:
        write_ok(api, f"{at}/closure", "coordinator", CLOSURE)
    scene.position = api.container.incubator.recorder.max_notification_id() or 0
    return scene
