"""Who may call what: every route against every role, and every way a token can be bad.

The tables restate docs/API.md's conventions and docs/DOMAIN.md's roles table (app/access.py
implements them): a missing, malformed, unknown, revoked or expired token gets 401 with
`WWW-Authenticate`; a known token whose role, project or network does not allow the request
gets 403 and changes nothing; every other role gets the route's success status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from store.people import people_table
from store.tokens import Role
from tests.api.client import SESSION, Api, api_in
from tests.api.scenes import TEAM, Scene, build_scene, scoped_tokens, write_ok
from tests.clock import FIXED_NOW

ROLES = (
    "admin",
    "coach",
    "other_coach",
    "coordinator",
    "other_coordinator",
    "dashboard",
    "auditor",
    # Programme-scoped tokens (issue 18): every scene project is enrolled in "ours"; the
    # `scoped_` tokens are scoped to it, the `outside_` ones to "theirs". The coordinator ones
    # are the scene network's coordinator, so that only the scope tells them apart.
    "scoped_coordinator",
    "outside_coordinator",
    "scoped_dashboard",
    "outside_dashboard",
)
# Each scoped role answers as its unscoped role does, except where a route says otherwise;
# an `outside_` one is refused on the scene project (403, as another coordinator's project).
SCOPED_AS = {
    "scoped_coordinator": "coordinator",
    "outside_coordinator": "coordinator",
    "scoped_dashboard": "dashboard",
    "outside_dashboard": "dashboard",
}
PROBLEM_JSON = "application/problem+json"
EventCount = Callable[[], int]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One migrated database and client for this module (overrides tests/api/conftest.py's `api`,
    and so also feeds `event_count`). Tests build their own networks and projects in it."""
    for api in api_in(tmp_path_factory, "auth"):
        api.people["ours"] = scoped_tokens(api, [])["ours"]
        yield api


def enrolled_scene(api: Api, needs: frozenset[str] = frozenset()) -> Scene:
    """`build_scene`, with its project enrolled in "ours" (the scoped tokens' programme)."""
    scene = build_scene(api, needs)
    enrolment = {"programme_id": api.people["ours"], "enrolled_on": "2017-02-01"}
    write_ok(api, f"/projects/{scene.project}/enrolments", "coordinator", enrolment)
    scene.ours = api.people["ours"]
    scene.position = api.container.incubator.recorder.max_notification_id() or 0
    return scene


# ---------------------------------------------------------------------------- the scene
EVERYTHING = frozenset({"member", "newcomer", "session", "milestone", "review", "programme"})


@pytest.fixture(scope="module")
def scene(api: Api) -> Scene:
    """One scene for the reads and the refused requests: they change nothing (each test checks
    that), and a refusal comes before any state matters, so they can share it."""
    return enrolled_scene(api, EVERYTHING)


def footprint(api: Api, event_count: EventCount) -> tuple[int, int, int]:
    """What a refused request must leave alone: the events, the people and their erasures."""
    with api.container.engine.connect() as connection:
        people = connection.execute(select(func.count()).select_from(people_table)).scalar_one()
        erased = connection.execute(
            select(func.count())
            .select_from(people_table)
            .where(people_table.c.erased_at.is_not(None))
        ).scalar_one()
    return event_count(), int(people), int(erased)


def assert_problem(response: httpx.Response, status: int, problem_type: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    problem: dict[str, Any] = response.json()
    assert problem["type"] == problem_type
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    return problem


def bearer(token: str) -> str:
    return f"Bearer {token}"


def token_id(token: str) -> str:
    """The id in `sbt_<id>_<secret>` (the secret itself may contain underscores)."""
    return token.split("_", 2)[1]


# ---------------------------------------------------------------------------- the routes
REACH_NEED = {
    "milestone_id": "NEED-01",
    "reached_on": "2017-03-02",
    "evidence": {"note": "needs workshop with seven parents"},
}


def only(status: int, *roles: str) -> dict[str, int]:
    """Admin and `roles` succeed with `status`; every other role gets 403."""
    return dict.fromkeys(("admin", *roles), status)


EVERYONE = only(200, *ROLES[1:])
PROJECT_READERS = only(200, "coach", "coordinator", "dashboard", "auditor")
TEAMWORK = ("coach", "coordinator")  # the assigned coach and the network's coordinator


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    allowed: Mapping[str, int]
    body: Any = None
    needs: frozenset[str] = field(default_factory=frozenset)
    scoped: Mapping[str, int] = field(default_factory=dict)  # the scoped roles' exceptions

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    def expected(self, role: str) -> int:
        """The status `role` gets: as allowed, and for a programme-scoped role as its unscoped
        role gets (403 outside its programme on the scene project) unless `scoped` says."""
        if role in self.scoped:
            return self.scoped[role]
        if role not in SCOPED_AS:
            return self.allowed.get(role, 403)
        if role.startswith("outside_") and "{project}" in self.path:
            return 403
        return self.allowed.get(SCOPED_AS[role], 403)

    @property
    def writes(self) -> bool:
        return self.method != "GET"

    def send(self, api: Api, scene: Scene, authorization: str | None) -> httpx.Response:
        headers = {} if self.writes else {"X-Min-Position": str(scene.position)}
        if authorization is not None:
            headers["Authorization"] = authorization
        return api.client.request(
            self.method, scene.fill(self.path), json=scene.fill(self.body), headers=headers
        )


def needs(*parts: str) -> frozenset[str]:
    return frozenset(parts)


ROUTES = (
    Route(
        "POST",
        "/networks",
        only(201, "coordinator", "other_coordinator"),
        {
            "name": "LEN Plön",
            "country": "DE",
            "region": "Plön",
            "target_group": "elderly",
            "institutions": ["Kreis Plön"],
        },
    ),
    # A programme-scoped token reads the networks of its programme's projects only.
    Route(
        "GET",
        "/networks/{network}",
        EVERYONE,
        scoped={"outside_coordinator": 403, "outside_dashboard": 403},
    ),
    Route(
        "POST",
        "/people",
        only(201, "coach", "other_coach", "coordinator", "other_coordinator"),
        {"display_name": "Anna K.", "role": "service_user"},
    ),
    # Finding people: every role but the dashboard, each in its own scope (a list, never 404).
    Route(
        "GET",
        "/people",
        only(200, "coach", "other_coach", "coordinator", "other_coordinator", "auditor"),
    ),
    # Personal data: every role but the dashboard, limited to the people the caller works
    # with; a team member of another coach's or network's project answers 404 like an unknown
    # id (tests/api/test_privacy_scopes.py has the whole table).
    Route(
        "GET",
        "/people/{member}",
        {
            **only(200, "coach", "coordinator", "auditor"),
            "other_coach": 404,
            "other_coordinator": 404,
        },
        needs=needs("member"),
        scoped={"outside_coordinator": 404},
    ),
    Route(
        "POST",
        "/people/{member}/erasure",
        only(200),
        {"reason": "asked to be forgotten"},
        needs("member"),
    ),
    # A programme-scoped coordinator proposes nothing: the new project would be outside it.
    Route(
        "POST",
        "/projects",
        only(201, "coordinator"),
        {
            "title": "Stopover Coffee Shop",
            "network_id": "{network}",
            "target_group": "youth",
            "summary": "Young mothers run a coffee shop.",
        },
        scoped={"scoped_coordinator": 403, "outside_coordinator": 403},
    ),
    Route("GET", "/projects", EVERYONE),
    Route("GET", "/devices", EVERYONE),
    Route("GET", "/projects/{project}", PROJECT_READERS),
    Route("GET", "/projects/{project}/stage-history", PROJECT_READERS),
    Route("GET", "/projects/{project}/milestones", PROJECT_READERS),
    Route("GET", "/projects/{project}/coaching-history", PROJECT_READERS),
    Route("GET", "/projects/{project}/sessions", PROJECT_READERS),
    Route("POST", "/projects/{project}/team", only(201, *TEAMWORK), TEAM, needs("newcomer")),
    Route(
        "DELETE",
        "/projects/{project}/team/{member}",
        only(200, *TEAMWORK),
        {"reason": "moved away"},
        needs("member"),
    ),
    Route(
        "POST",
        "/projects/{project}/coaches",
        only(201, "coordinator"),
        {"coach_id": "{other_coach}"},
    ),
    Route(
        "POST",
        "/projects/{project}/needs",
        only(201, *TEAMWORK),
        {
            "description": "Childcare in the evening.",
            "tool": "needs_workshop",
            "identified_on": "2017-02-10",
        },
    ),
    Route(
        "POST",
        "/projects/{project}/stage-transitions",
        only(201, "coordinator"),
        {"to": "co_creation", "rationale": "gate review", "override": "the group meets anyway"},
    ),
    Route("POST", "/projects/{project}/pause", only(200, "coordinator"), {"reason": "summer"}),
    Route(
        "POST",
        "/projects/{project}/resume",
        only(200, "coordinator"),
        {"reason": "back from the break"},
        needs("paused"),
    ),
    Route(
        "POST",
        "/projects/{project}/closure",
        only(200, "coordinator"),
        {"outcome": "informal_stable", "rationale": "runs on its own"},
    ),
    Route(
        "POST",
        "/projects/{project}/accelerator",
        only(201, "coordinator"),
        {"cohort": "SEMPRE Accelerators 2019", "selected_on": "2019-10-01"},
    ),
    Route(
        "POST",
        "/projects/{project}/sessions",
        only(201, *TEAMWORK),
        {**SESSION, "coach_ids": ["{coach}"]},
    ),
    Route(
        "POST",
        "/projects/{project}/sessions/{session}/corrections",
        only(201, *TEAMWORK),
        {"changes": {"duration_minutes": 120}, "reason": "typo in the duration"},
        needs("session"),
    ),
    Route(
        "POST",
        "/projects/{project}/sessions/{session}/withdrawal",
        only(201, *TEAMWORK),
        {"reason": "logged twice"},
        needs("session"),
    ),
    # A coach reads their own sessions only; other roles read any coach's.
    Route(
        "GET",
        "/coaches/{coach}/sessions",
        only(200, "coach", "coordinator", "other_coordinator", "dashboard", "auditor"),
    ),
    Route(
        "POST",
        "/projects/{project}/milestones",
        only(201, *TEAMWORK),
        {**REACH_NEED, "milestone_id": "TEAM-01"},
    ),
    Route(
        "POST",
        "/projects/{project}/milestones/NEED-01/revocation",
        only(201, *TEAMWORK),
        {"reason": "the workshop had no parents"},
        needs("milestone"),
    ),
    Route("GET", "/milestones", EVERYONE),
    Route("GET", "/dashboard/portfolio", EVERYONE),
    Route("GET", "/projects/{project}/events", only(200, "auditor")),
    Route("GET", "/projects/{project}/state?version=1", only(200, "auditor")),
    Route("GET", "/projects/{project}/diff?from_version=1&to_version=2", only(200, "auditor")),
    Route("GET", "/projects/{project}/stage-on?date=2018-01-01", only(200, "auditor")),
    Route("GET", "/projects/{project}/verification", only(200, "auditor")),
    Route("GET", "/audit/export?project_id={project}", only(200, "auditor")),
    Route("GET", "/me", EVERYONE),
    Route("GET", "/networks", EVERYONE),
    Route(
        "POST",
        "/networks/{network}/coordinator",
        only(201, "coordinator"),
        {"coordinator_id": "{other_coordinator}"},
    ),
    Route(
        "POST",
        "/networks/{network}/institutions",
        only(201, "coordinator"),
        {"institution": "Stadtbücherei Heide"},
    ),
    Route(
        "DELETE",
        "/projects/{project}/coaches/{coach}",
        only(200, "coordinator"),
        {"reason": "parental leave"},
    ),
    Route(
        "POST",
        "/projects/{project}/gate-reviews",
        only(201, *TEAMWORK),
        {"to": "co_creation", "note": "needs assessed with seven parents"},
    ),
    Route("GET", "/projects/{project}/gate-reviews", PROJECT_READERS),
    Route(
        "POST",
        "/projects/{project}/gate-reviews/{review}/decline",
        only(201, "coordinator"),
        {"reason": "the team does not meet yet"},
        needs("review"),
    ),
    Route(
        "POST",
        "/projects/{project}/redactions",
        only(200),
        {"version": 1, "field": "/summary", "reason": "names a family"},
    ),
    # Programmes, funder indicators and what is due (issue 18).
    Route(
        "POST",
        "/programmes",
        only(201),
        {
            "name": "SEMPRE Accelerators",
            "funder": "Interreg",
            "starts_on": "2019-07-01",
            "ends_on": "2021-12-31",
        },
    ),
    Route("GET", "/programmes", EVERYONE),
    # A programme-scoped token reads its own programme only ("{programme}" is another).
    Route(
        "GET",
        "/programmes/{programme}",
        EVERYONE,
        needs=needs("programme"),
        scoped=dict.fromkeys(SCOPED_AS, 403),
    ),
    Route(
        "GET",
        "/programmes/{ours}",
        EVERYONE,
        scoped={"outside_coordinator": 403, "outside_dashboard": 403},
    ),
    Route(
        "POST",
        "/projects/{project}/enrolments",
        only(201, "coordinator"),
        {"programme_id": "{programme}", "enrolled_on": "2017-02-01"},
        needs("programme"),
    ),
    Route(
        "GET",
        "/programmes/{programme}/indicators?period=P1",
        only(200, "coordinator", "other_coordinator", "dashboard", "auditor"),
        needs=needs("programme"),
        scoped=dict.fromkeys(SCOPED_AS, 403),
    ),
    Route(
        "GET",
        "/programmes/{programme}/indicators/HOURS?period=P1",
        only(200, "coordinator", "other_coordinator", "dashboard", "auditor"),
        needs=needs("programme"),
        scoped=dict.fromkeys(SCOPED_AS, 403),
    ),
    Route(
        "GET",
        "/programmes/{ours}/indicators?period=P1",
        only(200, "coordinator", "other_coordinator", "dashboard", "auditor"),
        scoped={"outside_coordinator": 403, "outside_dashboard": 403},
    ),
    Route(
        "GET",
        "/programmes/{ours}/indicators/HOURS?period=P1",
        only(200, "coordinator", "other_coordinator", "dashboard", "auditor"),
        scoped={"outside_coordinator": 403, "outside_dashboard": 403},
    ),
    Route(
        "GET",
        "/attention",
        only(200, "coach", "other_coach", "coordinator", "other_coordinator", "auditor"),
    ),
    Route("GET", "/projects/{project}/participation", PROJECT_READERS),
    Route(
        "GET",
        "/programmes/{programme}/participation",
        only(200, "coordinator", "other_coordinator", "dashboard", "auditor"),
        needs=needs("programme"),
        scoped=dict.fromkeys(SCOPED_AS, 403),
    ),
    Route(
        "GET",
        "/programmes/{ours}/participation",
        only(200, "coordinator", "other_coordinator", "dashboard", "auditor"),
        scoped={"outside_coordinator": 403, "outside_dashboard": 403},
    ),
    Route("GET", "/projects/{project}/biography", only(200, "coach", "coordinator", "auditor")),
    Route(
        "POST",
        "/projects/{project}/participation-assessments",
        only(201, *TEAMWORK),
        {"assessed_on": "2017-03-01", "level": "engaged", "user_view": "co_designing"},
    ),
)

# Routes outside the role matrix: open ones, and the dashboard's own sign-in pages.
UNMATRIXED = {
    "GET /health",
    "GET /ready",
    "GET /openapi.json",
    "GET /metrics",
    # Anyone may revoke their own device and nobody another's (404, as unknown): no role row
    # fits; tests/api/test_devices.py covers it.
    "POST /devices/{token_id}/revocation",
}

# (route, role, expected status): the whole table, one row per route and role.
TABLE = [(route, role, route.expected(role)) for route in ROUTES for role in ROLES]
ALLOWED_READS = [
    pytest.param(route, role, status, id=f"{route} as {role}")
    for route, role, status in TABLE
    if status != 403 and not route.writes
]
ALLOWED_WRITES = [
    pytest.param(route, role, status, id=f"{route} as {role}")
    for route, role, status in TABLE
    if status != 403 and route.writes
]
REFUSED = [
    pytest.param(route, role, id=f"{route} as {role}")
    for route, role, status in TABLE
    if status == 403
]


# ---------------------------------------------------------------------------- roles
@pytest.mark.parametrize(("route", "role", "status"), ALLOWED_WRITES)
def test_write_as_allowed_role_succeeds_and_records(
    api: Api, event_count: EventCount, route: Route, role: str, status: int
) -> None:
    scene = enrolled_scene(api, route.needs)
    before = footprint(api, event_count)
    response = route.send(api, scene, bearer(api.tokens[role]))
    assert response.status_code == status, response.text
    assert footprint(api, event_count) != before


@pytest.mark.parametrize(("route", "role", "status"), ALLOWED_READS)
def test_read_as_allowed_role_succeeds_and_changes_nothing(
    api: Api, event_count: EventCount, scene: Scene, route: Route, role: str, status: int
) -> None:
    before = footprint(api, event_count)
    response = route.send(api, scene, bearer(api.tokens[role]))
    assert response.status_code == status, response.text
    assert footprint(api, event_count) == before


@pytest.mark.parametrize(("route", "role"), REFUSED)
def test_call_route_as_refused_role_is_403_and_changes_nothing(
    api: Api, event_count: EventCount, scene: Scene, route: Route, role: str
) -> None:
    before = footprint(api, event_count)
    response = route.send(api, scene, bearer(api.tokens[role]))
    problem = assert_problem(response, 403, "/problems/forbidden")
    assert problem["required_action"]
    assert footprint(api, event_count) == before


# ---------------------------------------------------------------------------- bad tokens
BAD_AUTHORIZATIONS = (
    "missing",
    "empty bearer",
    "basic scheme",
    "malformed",
    "unknown id",
    "wrong secret",
    "revoked",
    "expired",
)


@pytest.fixture(scope="module")
def bad_authorization(api: Api) -> dict[str, str | None]:
    """Authorization headers that must get 401; the revoked and expired tokens are admin ones,
    so it is never the role that refuses them."""
    revoked = api.token_for(Role.ADMIN)
    api.container.tokens.revoke(token_id(revoked), FIXED_NOW)
    expired = api.token_for(Role.ADMIN, expires_in=timedelta(0))
    return {
        "missing": None,
        "empty bearer": "Bearer",
        "basic scheme": "Basic YWRtaW46YWRtaW4=",
        "malformed": "Bearer not-a-token",
        "unknown id": bearer(f"sbt_{'0' * 16}_{'x' * 43}"),
        "wrong secret": bearer(f"sbt_{token_id(api.tokens['admin'])}_{'x' * 43}"),
        "revoked": bearer(revoked),
        "expired": bearer(expired),
    }


@pytest.mark.parametrize("kind", BAD_AUTHORIZATIONS)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_call_route_with_bad_token_is_401_and_changes_nothing(
    api: Api,
    event_count: EventCount,
    scene: Scene,
    bad_authorization: dict[str, str | None],
    route: Route,
    kind: str,
) -> None:
    before = footprint(api, event_count)
    response = route.send(api, scene, bad_authorization[kind])
    assert_problem(response, 401, "/problems/unauthenticated")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert footprint(api, event_count) == before


@pytest.mark.parametrize("path", ["/health", "/ready", "/openapi.json"])
def test_get_open_endpoint_without_token_succeeds(api: Api, path: str) -> None:
    assert api.client.get(path).status_code == 200


def test_revoke_token_then_it_is_401(api: Api) -> None:
    token = api.token_for(Role.COACH, api.people["coach"])
    headers = {"Authorization": bearer(token)}
    assert api.client.get("/milestones", headers=headers).status_code == 200
    api.container.tokens.revoke(token_id(token), FIXED_NOW)
    response = api.client.get("/milestones", headers=headers)
    assert_problem(response, 401, "/problems/unauthenticated")


def test_use_token_before_it_expires_succeeds(api: Api) -> None:
    token = api.token_for(Role.AUDITOR, expires_in=timedelta(seconds=1))
    response = api.client.get("/milestones", headers={"Authorization": bearer(token)})
    assert response.status_code == 200


def test_use_token_expired_a_day_ago_is_401(api: Api) -> None:
    token = api.token_for(Role.AUDITOR, expires_in=timedelta(days=-1))
    response = api.client.get("/milestones", headers={"Authorization": bearer(token)})
    assert_problem(response, 401, "/problems/unauthenticated")


# ---------------------------------------------------------------------------- project ties
def test_assign_coach_then_that_coach_may_write_and_read(api: Api) -> None:
    project = api.project()
    need = {"description": "A lift to the clinic.", "tool": "other", "identified_on": "2017-02-10"}
    refused = api.post(f"/projects/{project}/needs", "other_coach", need)
    assert_problem(refused, 403, "/problems/forbidden")
    write_ok(
        api, f"/projects/{project}/coaches", "coordinator", {"coach_id": api.people["other_coach"]}
    )
    assert api.post(f"/projects/{project}/needs", "other_coach", need).status_code == 201
    assert api.get(f"/projects/{project}", "other_coach").status_code == 200


def test_touch_project_as_coordinator_of_another_network_is_403(
    api: Api, event_count: EventCount
) -> None:
    project = api.project()
    before = footprint(api, event_count)
    read = api.get(f"/projects/{project}", "other_coordinator")
    pause = api.post(f"/projects/{project}/pause", "other_coordinator", {"reason": "mine now"})
    assert_problem(read, 403, "/problems/forbidden")
    assert_problem(pause, 403, "/problems/forbidden")
    assert footprint(api, event_count) == before


def test_read_as_dashboard_shows_no_names(api: Api) -> None:
    scene = build_scene(api, EVERYTHING)
    names = ("Mia Member", "The coach", "The coordinator")
    for path in (
        "/projects/{project}",
        "/projects/{project}/coaching-history",
        "/projects/{project}/sessions",
        "/projects/{project}/milestones",
        "/projects?network_id={network}",
        "/coaches/{coach}/sessions",
        "/dashboard/portfolio",
    ):
        response = api.client.get(
            scene.fill(path),
            headers={
                "Authorization": bearer(api.tokens["dashboard"]),
                "X-Min-Position": str(scene.position),
            },
        )
        assert response.status_code == 200, (path, response.text)
        assert not any(name in response.text for name in names), path
    assert_problem(api.get(f"/people/{scene.member}", "dashboard"), 403, "/problems/forbidden")


def test_every_route_of_the_openapi_document_is_in_the_role_matrix(api: Api) -> None:
    """A route added later cannot escape this table: every operation the API documents is a
    row of ROUTES (with its path parameters named as the scene names them)."""
    documented = {
        f"{method.upper()} {path}"
        for path, operations in api.client.app.openapi()["paths"].items()
        for method in operations
    }
    names = {
        "project_id": "project",
        "network_id": "network",
        "person_id": "member",
        "session_id": "session",
        "coach_id": "coach",
        "review_id": "review",
        "milestone_id": "NEED-01",
        "programme_id": "programme",
    }
    matrixed = set()
    for route in ROUTES:
        path = route.path.split("?")[0]
        for parameter, name in names.items():
            path = path.replace("{" + name + "}", "{" + parameter + "}")
        path = path.replace("/NEED-01/", "/{milestone_id}/").replace("/HOURS", "/{code}")
        matrixed.add(f"{route.method} {path}")
    missing = documented - matrixed - UNMATRIXED
    assert missing == set(), sorted(missing)
