"""Bad input, per write endpoint: a 4xx problem (RFC 9457) that names what is wrong, and no change.

Every invalid request here differs from a valid one (see the first test) in one thing: a missing
or mistyped field, an unknown enum value or extra field, a number or string out of range, a naive
or future time, an unknown id, a malformed or oversized body, a bad header, or a state the
domain refuses (409 with its problem type). Never a 500.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from uuid import uuid4

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from store.people import people_table
from tests.api.client import SESSION, Api, api_in
from tests.api.scenes import (
    CLOSURE,
    MILESTONE,
    PAUSE,
    TEAM,
    WITHDRAWAL,
    Scene,
    build_scene,
)

PROBLEM_JSON = "application/problem+json"
TOMORROW = "2021-12-16"  # the clock stands at tests.clock.FIXED_NOW, 2021-12-15T12:00Z
UNKNOWN = "00000000-0000-4000-8000-000000000000"
EventCount = Callable[[], int]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One migrated database and client for this module (overrides tests/api/conftest.py's `api`,
    and so also feeds `event_count`). Tests build their own networks and projects in it."""
    yield from api_in(tmp_path_factory, "validation")


@pytest.fixture(scope="module")
def isolated_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """An API on a database of its own, for requests that could damage a stream for good (and
    leave the projections stuck on it). Its client answers a server error with a 500 instead of
    raising it, so that a test can assert on the status."""
    for api in api_in(tmp_path_factory, "isolated"):
        yield replace(api, client=TestClient(api.client.app, raise_server_exceptions=False))


# ---------------------------------------------------------------------------- the scene
SHARED = frozenset({"member", "newcomer", "session", "milestone"})


@pytest.fixture(scope="module")
def shared_scene(api: Api) -> Scene:
    """One scene for the requests refused before any state matters; every test checks that
    nothing changed, so they can share it."""
    return build_scene(api, SHARED)


def scene_for(api: Api, shared_scene: Scene, write: Write) -> Scene:
    """The shared scene when it has what `write` needs (a pause has to be fresh), else a new one."""
    return shared_scene if write.needs <= SHARED else build_scene(api, write.needs)


# ---------------------------------------------------------------------------- the writes
NETWORK = {
    "name": "LEN Plön",
    "country": "DE",
    "region": "Plön",
    "target_group": "elderly",
    "institutions": ["Kreis Plön", "Diakonie"],
}
PERSON = {"display_name": "Anna K.", "contact": "anna@example.org", "role": "service_user"}
PROJECT = {
    "title": "Stopover Coffee Shop",
    "network_id": "{network}",
    "target_group": "youth",
    "summary": "Young mothers run a coffee shop.",
    "proposed_on": "2017-02-01",
}
REMOVAL = {"reason": "moved away", "left_on": "2018-01-31"}
COACH = {"coach_id": "{other_coach}"}
NEED = {
    "description": "Childcare during the evening classes.",
    "tool": "needs_workshop",
    "identified_on": "2017-02-10",
}
STAGE = {
    "to": "co_creation",
    "rationale": "gate review",
    "override": "the core group meets, only not yet regularly",
    "decided_on": "2017-04-01",
}
RESUME = {"reason": "back from the break", "resumed_on": "2017-09-01"}
ACCELERATOR = {"cohort": "SEMPRE Accelerators 2019", "selected_on": "2019-10-01"}
CORRECTION = {"changes": {"duration_minutes": 120}, "reason": "typo in the duration"}
REVOCATION = {"reason": "the workshop had no parents"}
ERASURE = {"reason": "asked to be forgotten"}


@dataclass(frozen=True)
class Write:
    method: str
    path: str
    body: dict[str, Any]
    role: str = "coordinator"
    needs: frozenset[str] = field(default_factory=frozenset)

    @property
    def on_project(self) -> bool:
        """Writes to one project's stream: they take If-Match and 404 an unknown project."""
        return self.path.startswith("/projects/{project}/")

    def send(
        self, api: Api, scene: Scene, body: Any = None, *, raw: bytes | None = None, **headers: str
    ) -> httpx.Response:
        all_headers = {"Authorization": f"Bearer {api.tokens[self.role]}", **headers}
        path = scene.fill(self.path)
        if raw is not None:
            all_headers.setdefault("Content-Type", "application/json")
            return api.client.request(self.method, path, content=raw, headers=all_headers)
        return api.client.request(self.method, path, json=scene.fill(body), headers=all_headers)


def needs(*parts: str) -> frozenset[str]:
    return frozenset(parts)


WRITES: dict[str, Write] = {
    "network": Write("POST", "/networks", NETWORK),
    "person": Write("POST", "/people", PERSON),
    "project": Write("POST", "/projects", PROJECT),
    "team": Write("POST", "/projects/{project}/team", TEAM, "coach", needs("newcomer")),
    "team-removal": Write(
        "DELETE", "/projects/{project}/team/{member}", REMOVAL, "coach", needs("member")
    ),
    "coach": Write("POST", "/projects/{project}/coaches", COACH),
    "need": Write("POST", "/projects/{project}/needs", NEED, "coach"),
    "stage": Write("POST", "/projects/{project}/stage-transitions", STAGE),
    "pause": Write("POST", "/projects/{project}/pause", PAUSE),
    "resume": Write("POST", "/projects/{project}/resume", RESUME, needs=needs("paused")),
    "closure": Write("POST", "/projects/{project}/closure", CLOSURE),
    "accelerator": Write("POST", "/projects/{project}/accelerator", ACCELERATOR),
    "session": Write("POST", "/projects/{project}/sessions", SESSION, "coach"),
    "correction": Write(
        "POST",
        "/projects/{project}/sessions/{session}/corrections",
        CORRECTION,
        "coach",
        needs("session"),
    ),
    "withdrawal": Write(
        "POST",
        "/projects/{project}/sessions/{session}/withdrawal",
        WITHDRAWAL,
        "coach",
        needs("session"),
    ),
    "milestone": Write("POST", "/projects/{project}/milestones", MILESTONE, "coach"),
    "revocation": Write(
        "POST",
        "/projects/{project}/milestones/NEED-01/revocation",
        REVOCATION,
        "coach",
        needs("milestone"),
    ),
    "erasure": Write("POST", "/people/{newcomer}/erasure", ERASURE, "admin", needs("newcomer")),
}
PROJECT_WRITES = [name for name, write in WRITES.items() if write.on_project]


# ---------------------------------------------------------------------------- assertions
def snapshot(api: Api, event_count: EventCount, scene: Scene) -> tuple[int, int, int, int]:
    """What a refused write must leave alone: events, the project's version, people, erasures."""
    with api.container.engine.connect() as connection:
        people = connection.execute(select(func.count()).select_from(people_table)).scalar_one()
        erased = connection.execute(
            select(func.count())
            .select_from(people_table)
            .where(people_table.c.erased_at.is_not(None))
        ).scalar_one()
    return event_count(), api.version(scene.project), int(people), int(erased)


def assert_problem(
    response: httpx.Response, status: int, problem_type: str | None = None
) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    problem: dict[str, Any] = response.json()
    assert problem["type"].startswith("/problems/")
    if problem_type is not None:
        assert problem["type"] == problem_type
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    if status == 422:
        assert problem["errors"], problem
    return problem


def _bare(name: str) -> str:
    """A field path without its `body.` prefix and list indices: body.topics.0 → topics."""
    parts = [part for part in name.split(".") if not part.isdigit()]
    return ".".join(parts[1:] if parts[:1] == ["body"] else parts)


def assert_names(problem: dict[str, Any], wanted: str) -> None:
    """The 422's `errors` name `wanted` (as FastAPI spells it, e.g. body.changes.started_at); the
    domain's checks may name the same field bare (started_at), which counts too."""
    named = [_bare(str(error["field"])) for error in problem["errors"]]
    target = _bare(wanted)
    assert any(target == name or target.endswith(f".{name}") for name in named), (
        wanted,
        problem["errors"],
    )


# ---------------------------------------------------------------------------- valid bodies
@pytest.mark.parametrize("name", WRITES)
def test_write_with_valid_body_succeeds(api: Api, name: str) -> None:
    """The baseline: each invalid request below differs from this one in one thing."""
    write = WRITES[name]
    scene = build_scene(api, write.needs)
    response = write.send(api, scene, write.body)
    assert response.status_code in (200, 201), response.text


# ---------------------------------------------------------------------------- invalid bodies
MISSING = object()


def bad(
    write: str, case: str, wanted: str, status: int = 422, **changes: Any
) -> Any:  # what pytest.param returns
    """The write's valid body with `changes` (MISSING drops a field), refused with `status`
    naming `wanted` (for 422) or with the problem type `wanted` (otherwise)."""
    body = {
        key: value
        for key, value in {**WRITES[write].body, **changes}.items()
        if value is not MISSING
    }
    return pytest.param(write, body, status, wanted, id=f"{write}: {case}")


def bug(param: Any, reason: str) -> Any:
    return pytest.param(
        *param.values, id=param.id, marks=pytest.mark.xfail(strict=True, reason=reason)
    )


LONG = "x" * 201

INVALID_BODIES = [
    # networks
    bad("network", "name missing", "body.name", name=MISSING),
    bad("network", "name too long", "body.name", name=LONG),
    bad("network", "name blank", "body.name", name="   "),
    bad("network", "country missing", "body.country", country=MISSING),
    bad("network", "country XX", "body.country", country="XX"),
    bad("network", "country of three letters", "body.country", country="DEU"),
    bad("network", "country a number", "body.country", country=49),
    bad("network", "unknown target group", "body.target_group", target_group="pensioners"),
    bad("network", "institutions a string", "body.institutions", institutions="Kreis Plön"),
    bad("network", "institution twice", "body.institutions", institutions=["Diakonie"] * 2),
    bad("network", "institution blank", "body.institutions", institutions=["  "]),
    bad("network", "coordinator not a uuid", "body.coordinator_id", coordinator_id="anna"),
    # A coordinator may name only themselves: another, even unknown, id is refused as such.
    bad("network", "another coordinator", "/problems/forbidden", 403, coordinator_id=UNKNOWN),
    # people
    bad("person", "name missing", "body.display_name", display_name=MISSING),
    bad("person", "name empty", "body.display_name", display_name=""),
    bad("person", "name too long", "body.display_name", display_name=LONG),
    bad("person", "name a number", "body.display_name", display_name=42),
    bad("person", "contact too long", "body.contact", contact="x" * 501),
    bad("person", "role missing", "body.role", role=MISSING),
    bad("person", "unknown role", "body.role", role="mayor"),
    # projects
    bad("project", "title missing", "body.title", title=MISSING),
    bad("project", "title too long", "body.title", title=LONG),
    bad("project", "summary too long", "body.summary", summary="x" * 5_001),
    bad("project", "network not a uuid", "body.network_id", network_id="LEN Plön"),
    bad("project", "unknown network", "/problems/not-found", 404, network_id=UNKNOWN),
    bad("project", "unknown target group", "body.target_group", target_group="kids"),
    bad("project", "proposed tomorrow", "body.proposed_on", proposed_on=TOMORROW),
    bad("project", "proposed before 2000", "body.proposed_on", proposed_on="1999-12-31"),
    bad("project", "proposed on 30 February", "body.proposed_on", proposed_on="2021-02-30"),
    bad("project", "date in German", "body.proposed_on", proposed_on="01.02.2017"),
    # team
    bad("team", "person missing", "body.person_id", person_id=MISSING),
    bad("team", "person not a uuid", "body.person_id", person_id="Nils"),
    bad("team", "unknown person", "/problems/not-found", 404, person_id=UNKNOWN),
    bad("team", "unknown team role", "body.role", role="coach"),
    bad("team", "joined missing", "body.joined_on", joined_on=MISSING),
    bad("team", "joined tomorrow", "body.joined_on", joined_on=TOMORROW),
    bad("team-removal", "reason missing", "body.reason", reason=MISSING),
    bad("team-removal", "reason empty", "body.reason", reason=""),
    bad("team-removal", "reason too long", "body.reason", reason="x" * 2_001),
    bad("team-removal", "left tomorrow", "body.left_on", left_on=TOMORROW),
    bad("team-removal", "left before joining", "body.left_on", left_on="2017-02-28"),
    # coaches
    bad("coach", "coach missing", "body.coach_id", coach_id=MISSING),
    bad("coach", "coach a number", "body.coach_id", coach_id=42),
    bad("coach", "unknown coach", "/problems/not-found", 404, coach_id=UNKNOWN),
    # needs
    bad("need", "description missing", "body.description", description=MISSING),
    bad("need", "description too long", "body.description", description="x" * 5_001),
    bad("need", "description blank", "body.description", description=" \n "),
    bad("need", "unknown tool", "body.tool", tool="hammer"),
    bad("need", "identified tomorrow", "body.identified_on", identified_on=TOMORROW),
    bad("need", "identified yesterday, in words", "body.identified_on", identified_on="yesterday"),
    # stage transitions
    bad("stage", "to missing", "body.to", to=MISSING),
    bad("stage", "unknown stage", "body.to", to="launch"),
    bad("stage", "stage a number", "body.to", to=2),
    bad("stage", "rationale missing", "body.rationale", rationale=MISSING),
    bad("stage", "override empty", "body.override", override=""),
    bad("stage", "decided tomorrow", "body.decided_on", decided_on=TOMORROW),
    bad("stage", "decided before the proposal", "body.decided_on", decided_on="2017-01-31"),
    # pause, resume, closure
    bad("pause", "reason missing", "body.reason", reason=MISSING),
    bad("pause", "reason too long", "body.reason", reason="x" * 2_001),
    bad("pause", "paused tomorrow", "body.paused_on", paused_on=TOMORROW),
    bad("resume", "reason a list", "body.reason", reason=["back"]),
    bad("resume", "resumed tomorrow", "body.resumed_on", resumed_on=TOMORROW),
    bad("closure", "outcome missing", "body.outcome", outcome=MISSING),
    bad("closure", "unknown outcome", "body.outcome", outcome="failed"),
    bad("closure", "rationale empty", "body.rationale", rationale=""),
    bad("closure", "closed tomorrow", "body.closed_on", closed_on=TOMORROW),
    # accelerator
    bad("accelerator", "cohort missing", "body.cohort", cohort=MISSING),
    bad("accelerator", "cohort too long", "body.cohort", cohort="x" * 101),
    bad("accelerator", "cohort a number", "body.cohort", cohort=2019),
    bad("accelerator", "selected tomorrow", "body.selected_on", selected_on=TOMORROW),
    # sessions
    bad("session", "duration 0", "body.duration_minutes", duration_minutes=0),
    bad("session", "duration 721", "body.duration_minutes", duration_minutes=721),
    bad("session", "duration in words", "body.duration_minutes", duration_minutes="ninety"),
    bad("session", "duration a fraction", "body.duration_minutes", duration_minutes=90.5),
    bad("session", "duration missing", "body.duration_minutes", duration_minutes=MISSING),
    bad("session", "type missing", "body.type", type=MISSING),
    bad("session", "unknown type", "body.type", type="lecture"),
    bad("session", "unknown mode", "body.mode", mode="carrier_pigeon"),
    bad("session", "unknown level", "body.participation_level", participation_level="bossy"),
    bad("session", "naive start", "body.started_at", started_at="2018-04-12T17:00:00"),
    bad("session", "start not a time", "body.started_at", started_at="Thursday evening"),
    bad(
        "session",
        "start tomorrow",
        "body.started_at",
        started_at="2021-12-16T10:00:00+00:00",
        follow_ups=[],
    ),
    bad("session", "start before 2000", "body.started_at", started_at="1999-06-01T10:00:00Z"),
    bad(
        "session",
        "head count 0",
        "body.participants.anonymous.0.count",
        participants={"anonymous": [{"role": "service_user", "count": 0}]},
    ),
    bad(
        "session",
        "head count of an unknown role",
        "body.participants.anonymous.0.role",
        participants={"anonymous": [{"role": "boss", "count": 2}]},
    ),
    bad("session", "participants a list", "body.participants", participants=[]),
    bad(
        "session",
        "unknown participant",
        "/problems/not-found",
        404,
        participants={"person_ids": [UNKNOWN]},
    ),
    bad("session", "unknown coach", "/problems/not-found", 404, coach_ids=[UNKNOWN]),
    bad("session", "coach twice", "body.coach_ids", coach_ids=["{coach}", "{coach}"]),
    bad("session", "unknown milestone", "body.milestone_ids", milestone_ids=["NOPE-01"]),
    bad("session", "milestone id too long", "body.milestone_ids.0", milestone_ids=["M" * 21]),
    bad("session", "unknown tool", "body.tools.0", tools=["hammer"]),
    bad("session", "topics a string", "body.topics", topics="website"),
    bad("session", "topic too long", "body.topics.0", topics=[LONG]),
    bad("session", "summary too long", "body.summary", summary="x" * 10_001),
    bad(
        "session",
        "follow-up without what",
        "body.follow_ups.0.what",
        follow_ups=[{"due_on": "2018-04-26"}],
    ),
    bad(
        "session",
        "follow-up due before the session",
        "body.follow_ups.0.due_on",
        follow_ups=[{"what": "call", "due_on": "2018-04-01"}],
    ),
    # corrections and withdrawals
    bad("correction", "changes missing", "body.changes", changes=MISSING),
    bad("correction", "no change", "body.changes", changes={}),
    bad("correction", "changes a string", "body.changes", changes="duration"),
    bad(
        "correction", "duration 0", "body.changes.duration_minutes", changes={"duration_minutes": 0}
    ),
    bad(
        "correction",
        "duration 721",
        "body.changes.duration_minutes",
        changes={"duration_minutes": 721},
    ),
    bad(
        "correction",
        "naive start",
        "body.changes.started_at",
        changes={"started_at": "2018-04-12T17:00:00"},
    ),
    bad(
        "correction",
        "start tomorrow",
        "body.changes.started_at",
        changes={"started_at": "2021-12-16T10:00:00+00:00", "follow_ups": []},
    ),
    bad("correction", "no coach", "body.changes.coach_ids", changes={"coach_ids": []}),
    bad(
        "correction",
        "unknown milestone",
        "body.changes.milestone_ids",
        changes={"milestone_ids": ["NOPE-01"]},
    ),
    bad("correction", "unknown field", "body.changes.colour", changes={"colour": "red"}),
    bad("correction", "reason missing", "body.reason", reason=MISSING),
    bad("withdrawal", "reason missing", "body.reason", reason=MISSING),
    bad("withdrawal", "reason blank", "body.reason", reason="   "),
    # milestones
    bad("milestone", "unknown milestone", "body.milestone_id", milestone_id="NOPE-01"),
    bad("milestone", "milestone id too long", "body.milestone_id", milestone_id="M" * 21),
    bad("milestone", "reached missing", "body.reached_on", reached_on=MISSING),
    bad("milestone", "reached tomorrow", "body.reached_on", reached_on=TOMORROW),
    bad("milestone", "evidence missing", "body.evidence", evidence=MISSING),
    bad("milestone", "evidence a string", "body.evidence", evidence="a note"),
    bad("milestone", "evidence empty", "body.evidence", evidence={}),
    bad("milestone", "evidence blank", "body.evidence", evidence={"note": "  "}),
    bad("milestone", "blank link", "body.evidence.links.0", evidence={"links": ["  "]}),
    bad("milestone", "51 links", "body.evidence.links", evidence={"links": ["https://a.b"] * 51}),
    bad(
        "milestone",
        "unknown evidence field",
        "body.evidence.photo",
        evidence={"note": "n", "photo": "x"},
    ),
    bad("revocation", "reason missing", "body.reason", reason=MISSING),
    bad("revocation", "reason too long", "body.reason", reason="x" * 2_001),
    # erasure
    bad("erasure", "reason missing", "body.reason", reason=MISSING),
    bad("erasure", "reason empty", "body.reason", reason=""),
]


@pytest.mark.parametrize(("name", "body", "status", "wanted"), INVALID_BODIES)
def test_write_with_invalid_body_is_refused_and_changes_nothing(
    api: Api,
    event_count: EventCount,
    shared_scene: Scene,
    name: str,
    body: dict[str, Any],
    status: int,
    wanted: str,
) -> None:
    write = WRITES[name]
    scene = scene_for(api, shared_scene, write)
    before = snapshot(api, event_count, scene)
    response = write.send(api, scene, body)
    if status == 422:
        assert_names(assert_problem(response, 422), wanted)
    else:
        assert_problem(response, status, wanted)
    assert snapshot(api, event_count, scene) == before


@pytest.mark.parametrize("name", WRITES)
def test_write_with_unknown_field_is_422_and_changes_nothing(
    api: Api, event_count: EventCount, shared_scene: Scene, name: str
) -> None:
    write = WRITES[name]
    scene = scene_for(api, shared_scene, write)
    before = snapshot(api, event_count, scene)
    response = write.send(api, scene, {**write.body, "priority": "high"})
    assert_names(assert_problem(response, 422, "/problems/invalid-input"), "body.priority")
    assert snapshot(api, event_count, scene) == before


# ---------------------------------------------------------------------------- malformed bodies
MALFORMED = {
    "empty": (b"", 422),
    "json array": (b"[]", 422),
    "cut-off json": (b'{"reason": "moved', 400),
    "not utf-8": (b'{"reason": "\xff\xfe"}', 400),
}


@pytest.mark.parametrize("kind", MALFORMED)
@pytest.mark.parametrize("name", WRITES)
def test_write_with_malformed_body_is_refused_and_changes_nothing(
    api: Api, event_count: EventCount, shared_scene: Scene, name: str, kind: str
) -> None:
    raw, status = MALFORMED[kind]
    write = WRITES[name]
    scene = scene_for(api, shared_scene, write)
    before = snapshot(api, event_count, scene)
    response = write.send(api, scene, raw=raw)
    problem = assert_problem(response, status)
    if status == 422:
        assert_names(problem, "body")
    else:
        assert problem["type"] == "/problems/malformed-request"
    assert snapshot(api, event_count, scene) == before


@pytest.mark.parametrize("name", WRITES)
def test_write_as_plain_text_is_refused_and_changes_nothing(
    api: Api, event_count: EventCount, shared_scene: Scene, name: str
) -> None:
    write = WRITES[name]
    scene = scene_for(api, shared_scene, write)
    before = snapshot(api, event_count, scene)
    raw = json.dumps(scene.fill(write.body)).encode()
    response = write.send(api, scene, raw=raw, **{"Content-Type": "text/plain"})
    assert response.status_code in (415, 422), response.text  # api/problems.py knows both
    assert_problem(response, response.status_code)
    assert snapshot(api, event_count, scene) == before


@pytest.mark.parametrize("name", WRITES)
def test_write_with_body_over_the_cap_is_413_and_changes_nothing(
    api: Api, event_count: EventCount, shared_scene: Scene, name: str
) -> None:
    write = WRITES[name]
    scene = scene_for(api, shared_scene, write)
    before = snapshot(api, event_count, scene)
    oversized = {**write.body, "padding": "x" * api.settings.max_body_bytes}
    response = write.send(api, scene, oversized)
    assert_problem(response, 413, "/problems/payload-too-large")
    assert snapshot(api, event_count, scene) == before


def test_write_streamed_over_the_cap_is_413_and_changes_nothing(
    api: Api, event_count: EventCount
) -> None:
    scene = build_scene(api)
    before = snapshot(api, event_count, scene)
    chunk = b"x" * 8_192
    chunks = iter([chunk] * (api.settings.max_body_bytes // len(chunk) + 2))
    response = api.client.post(  # no Content-Length: the body arrives in chunks
        f"/projects/{scene.project}/needs",
        content=chunks,
        headers={
            "Authorization": f"Bearer {api.tokens['coach']}",
            "Content-Type": "application/json",
        },
    )
    assert_problem(response, 413, "/problems/payload-too-large")
    assert snapshot(api, event_count, scene) == before


# ---------------------------------------------------------------------------- ids in paths
@pytest.mark.parametrize("name", PROJECT_WRITES)
def test_write_to_project_id_not_a_uuid_is_422_and_changes_nothing(
    api: Api, event_count: EventCount, shared_scene: Scene, name: str
) -> None:
    write = WRITES[name]
    scene = scene_for(api, shared_scene, write)
    before = snapshot(api, event_count, scene)
    response = write.send(api, Scene(**{**vars(scene), "project": "alldi"}), write.body)
    assert_names(assert_problem(response, 422), "path.project_id")
    assert snapshot(api, event_count, scene) == before


@pytest.mark.parametrize("name", PROJECT_WRITES)
def test_write_to_unknown_project_is_404_and_changes_nothing(
    api: Api, event_count: EventCount, shared_scene: Scene, name: str
) -> None:
    write = WRITES[name]
    scene = scene_for(api, shared_scene, write)
    before = snapshot(api, event_count, scene)
    response = write.send(api, Scene(**{**vars(scene), "project": UNKNOWN}), write.body)
    assert_problem(response, 404, "/problems/not-found")
    assert snapshot(api, event_count, scene) == before


BAD_PATH_IDS = [
    pytest.param("correction", "session", "S-1", 422, "path.session_id", id="correction: bad id"),
    pytest.param("correction", "session", UNKNOWN, 404, None, id="correction: unknown session"),
    pytest.param("withdrawal", "session", "S-1", 422, "path.session_id", id="withdrawal: bad id"),
    pytest.param("withdrawal", "session", UNKNOWN, 404, None, id="withdrawal: unknown session"),
    pytest.param("team-removal", "member", "Mia", 422, "path.person_id", id="removal: bad id"),
    pytest.param("team-removal", "member", UNKNOWN, 404, None, id="removal: not in the team"),
    pytest.param("erasure", "newcomer", "Nils", 422, "path.person_id", id="erasure: bad id"),
    pytest.param("erasure", "newcomer", UNKNOWN, 404, None, id="erasure: unknown person"),
]


@pytest.mark.parametrize(("name", "part", "value", "status", "wanted"), BAD_PATH_IDS)
def test_write_to_bad_or_unknown_id_in_path_is_refused_and_changes_nothing(
    api: Api,
    event_count: EventCount,
    shared_scene: Scene,
    name: str,
    part: str,
    value: str,
    status: int,
    wanted: str | None,
) -> None:
    write = WRITES[name]
    scene = scene_for(api, shared_scene, write)
    before = snapshot(api, event_count, scene)
    response = write.send(api, Scene(**{**vars(scene), part: value}), write.body)
    if wanted is None:
        assert_problem(response, status, "/problems/not-found")
    else:
        assert_names(assert_problem(response, status), wanted)
    assert snapshot(api, event_count, scene) == before


@pytest.mark.parametrize("milestone", ["NOPE-01", "M" * 300])
def test_revoke_unknown_milestone_is_422_and_changes_nothing(
    api: Api, event_count: EventCount, milestone: str
) -> None:
    scene = build_scene(api)
    before = snapshot(api, event_count, scene)
    response = api.post(
        f"/projects/{scene.project}/milestones/{milestone}/revocation", "coach", REVOCATION
    )
    assert_names(assert_problem(response, 422), "path.milestone_id")
    assert snapshot(api, event_count, scene) == before


# ---------------------------------------------------------------------------- headers
@pytest.mark.parametrize("if_match", ["seven", '"-1"', "1" * 41])
@pytest.mark.parametrize("name", PROJECT_WRITES)
def test_write_with_malformed_if_match_is_422_and_changes_nothing(
    api: Api, event_count: EventCount, shared_scene: Scene, name: str, if_match: str
) -> None:
    write = WRITES[name]
    scene = scene_for(api, shared_scene, write)
    before = snapshot(api, event_count, scene)
    response = write.send(api, scene, write.body, **{"If-Match": if_match})
    assert_names(assert_problem(response, 422), "header.If-Match")
    assert snapshot(api, event_count, scene) == before


@pytest.mark.parametrize("name", PROJECT_WRITES)
def test_write_with_stale_if_match_is_409_with_current_version(
    api: Api, event_count: EventCount, shared_scene: Scene, name: str
) -> None:
    write = WRITES[name]
    scene = scene_for(api, shared_scene, write)
    before = snapshot(api, event_count, scene)
    current = api.version(scene.project)
    response = write.send(api, scene, write.body, **{"If-Match": f'"{current - 1}"'})
    problem = assert_problem(response, 409, "/problems/version-conflict")
    assert problem["current_version"] == current
    assert response.headers["ETag"] == f'"{current}"'
    assert snapshot(api, event_count, scene) == before


def test_reuse_idempotency_key_with_another_body_is_422_and_changes_nothing(
    api: Api, event_count: EventCount
) -> None:
    write = WRITES["need"]
    scene = build_scene(api)
    key = {"Idempotency-Key": str(uuid4())}
    assert write.send(api, scene, NEED, **key).status_code == 201
    before = snapshot(api, event_count, scene)
    response = write.send(api, scene, {**NEED, "tool": "other"}, **key)
    assert_names(assert_problem(response, 422), "header.Idempotency-Key")
    assert snapshot(api, event_count, scene) == before


def test_write_with_idempotency_key_too_long_is_422_and_changes_nothing(
    api: Api, event_count: EventCount
) -> None:
    write = WRITES["need"]
    scene = build_scene(api)
    before = snapshot(api, event_count, scene)
    response = write.send(api, scene, NEED, **{"Idempotency-Key": "k" * 256})
    assert_names(assert_problem(response, 422), "header.Idempotency-Key")
    assert snapshot(api, event_count, scene) == before


# ---------------------------------------------------------------------------- domain conflicts
def test_advance_stage_without_gate_milestones_is_409_listing_them(
    api: Api, event_count: EventCount
) -> None:
    scene = build_scene(api)
    before = snapshot(api, event_count, scene)
    response = api.post(
        f"/projects/{scene.project}/stage-transitions",
        "coordinator",
        {"to": "co_creation", "rationale": "gate review"},
    )
    problem = assert_problem(response, 409, "/problems/gate-not-met")
    assert problem["missing_milestones"] == ["NEED-01", "TEAM-01"]
    assert snapshot(api, event_count, scene) == before


def test_close_as_independent_without_gate_milestones_is_409_listing_them(
    api: Api, event_count: EventCount
) -> None:
    scene = build_scene(api)
    before = snapshot(api, event_count, scene)
    body = {"outcome": "independent", "rationale": "an association now"}
    response = api.post(f"/projects/{scene.project}/closure", "coordinator", body)
    problem = assert_problem(response, 409, "/problems/gate-not-met")
    assert problem["missing_milestones"] == ["FIN-01", "FIN-03", "GOV-01", "ORG-02"]
    assert snapshot(api, event_count, scene) == before


CONFLICTS = [
    pytest.param("stage", {**STAGE, "to": "pilot"}, (), "/problems/invalid-transition", id="skip"),
    pytest.param(
        "stage", {**STAGE, "to": "idea"}, (), "/problems/invalid-transition", id="back from idea"
    ),
    pytest.param(
        "stage", STAGE, ("paused",), "/problems/invalid-transition", id="stage while paused"
    ),
    pytest.param("pause", PAUSE, ("paused",), "/problems/invalid-transition", id="pause twice"),
    pytest.param("resume", RESUME, (), "/problems/invalid-transition", id="resume active"),
    pytest.param(
        "revocation", REVOCATION, (), "/problems/invalid-transition", id="revoke unreached"
    ),
    pytest.param(
        "team",
        {**TEAM, "person_id": "{member}"},
        ("member",),
        "/problems/already-recorded",
        id="team member twice",
    ),
    pytest.param(
        "coach", {"coach_id": "{coach}"}, (), "/problems/already-recorded", id="coach twice"
    ),
    pytest.param(
        "milestone",
        {**MILESTONE, "milestone_id": "NEED-01"},
        ("milestone",),
        "/problems/already-recorded",
        id="milestone twice",
    ),
    pytest.param(
        "correction",
        CORRECTION,
        ("withdrawn",),
        "/problems/session-withdrawn",
        id="correct a withdrawn session",
    ),
    pytest.param(
        "withdrawal",
        WITHDRAWAL,
        ("withdrawn",),
        "/problems/session-withdrawn",
        id="withdraw twice",
    ),
]


@pytest.mark.parametrize(("name", "body", "state", "problem_type"), CONFLICTS)
def test_write_against_state_is_409_and_changes_nothing(
    api: Api,
    event_count: EventCount,
    name: str,
    body: dict[str, Any],
    state: tuple[str, ...],
    problem_type: str,
) -> None:
    scene = build_scene(api, frozenset(state))
    before = snapshot(api, event_count, scene)
    response = WRITES[name].send(api, scene, body)
    assert_problem(response, 409, problem_type)
    assert snapshot(api, event_count, scene) == before


def test_select_for_accelerator_twice_is_409_and_changes_nothing(
    api: Api, event_count: EventCount
) -> None:
    write = WRITES["accelerator"]
    scene = build_scene(api)
    assert write.send(api, scene, ACCELERATOR).status_code == 201
    before = snapshot(api, event_count, scene)
    response = write.send(api, scene, {**ACCELERATOR, "cohort": "SEMPRE Accelerators 2020"})
    assert_problem(response, 409, "/problems/already-recorded")
    assert snapshot(api, event_count, scene) == before


def test_step_back_with_override_is_422_and_changes_nothing(
    api: Api, event_count: EventCount
) -> None:
    write = WRITES["stage"]
    scene = build_scene(api)
    assert write.send(api, scene, STAGE).status_code == 201
    before = snapshot(api, event_count, scene)
    response = write.send(api, scene, {**STAGE, "to": "idea", "decided_on": "2017-05-01"})
    assert_names(assert_problem(response, 422), "body.override")
    assert snapshot(api, event_count, scene) == before


def test_erase_person_twice_is_409_and_changes_nothing(api: Api, event_count: EventCount) -> None:
    write = WRITES["erasure"]
    scene = build_scene(api, write.needs)
    assert write.send(api, scene, ERASURE).status_code == 200
    before = snapshot(api, event_count, scene)
    assert_problem(write.send(api, scene, ERASURE), 409)
    assert snapshot(api, event_count, scene) == before


@pytest.fixture(scope="module")
def closed_scene(api: Api) -> Scene:
    """The shared scene's parts in a project paused and then closed."""
    return build_scene(api, SHARED | {"paused", "closed"})


@pytest.mark.parametrize("name", PROJECT_WRITES)
def test_write_after_closure_is_409_project_closed(
    api: Api, event_count: EventCount, closed_scene: Scene, name: str
) -> None:
    write = WRITES[name]
    before = snapshot(api, event_count, closed_scene)
    response = write.send(api, closed_scene, write.body)
    assert_problem(response, 409, "/problems/project-closed")
    assert snapshot(api, event_count, closed_scene) == before


# ---------------------------------------------------------------------------- reads
READS = [
    "/projects/{project}",
    "/projects/{project}/events",
    "/projects/{project}/state?version=1",
    "/projects/{project}/milestones",
    "/projects/{project}/coaching-history",
    "/projects/{project}/stage-history",
]


@pytest.mark.parametrize("path", READS)
def test_read_project_id_not_a_uuid_is_422(api: Api, path: str) -> None:
    response = api.client.get(
        path.format(project="alldi"), headers={"Authorization": f"Bearer {api.tokens['admin']}"}
    )
    assert_names(assert_problem(response, 422), "path.project_id")


@pytest.mark.parametrize("path", READS)
def test_read_unknown_project_is_404(api: Api, path: str) -> None:
    response = api.client.get(
        path.format(project=UNKNOWN), headers={"Authorization": f"Bearer {api.tokens['admin']}"}
    )
    assert_problem(response, 404, "/problems/not-found")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/people/{id}", 404),
        ("/people/anna", 422),
        ("/networks/{id}", 404),
        ("/networks/len", 422),
        ("/coaches/anna/sessions", 422),
    ],
)
def test_read_unknown_or_malformed_id_is_refused(api: Api, path: str, status: int) -> None:
    response = api.get(path.format(id=UNKNOWN), "admin")
    assert_problem(response, status)


@pytest.mark.parametrize(
    ("query", "status", "wanted"),
    [
        ({}, 422, "query.version"),
        ({"version": 1, "as_of": "2021-12-15T12:00:00Z"}, 422, "query.version"),
        ({"version": 0}, 422, "query.version"),
        ({"version": "one"}, 422, "query.version"),
        ({"version": 99}, 404, None),
        ({"as_of": "2021-12-15T12:00:00"}, 422, "query.as_of"),
        ({"as_of": "last week"}, 422, "query.as_of"),
    ],
)
def test_read_state_with_bad_query_is_refused(
    api: Api, query: dict[str, Any], status: int, wanted: str | None
) -> None:
    scene = build_scene(api)
    response = api.get(f"/projects/{scene.project}/state", "auditor", **query)
    problem = assert_problem(response, status)
    if wanted is not None:
        assert_names(problem, wanted)


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ({"limit": 0}, "query.limit"),
        ({"limit": 501}, "query.limit"),
        ({"cursor": "next"}, "query.cursor"),
        ({"from_version": 0}, "query.from_version"),
    ],
)
def test_read_events_with_bad_query_is_422(api: Api, query: dict[str, Any], wanted: str) -> None:
    scene = build_scene(api)
    response = api.get(f"/projects/{scene.project}/events", "auditor", **query)
    assert_names(assert_problem(response, 422), wanted)


# ---------------------------------------------------------------------------- corrections to null
@pytest.mark.parametrize(
    "field_name",
    [
        "type",
        "started_at",
        "duration_minutes",
        "mode",
        "coach_ids",
        "participants",
        "topics",
        "milestone_ids",
        "tools",
        "summary",
        "follow_ups",
        "participation_level",
    ],
)
def test_correct_session_field_to_null_is_422_and_changes_nothing(
    isolated_api: Api, field_name: str
) -> None:
    """A correction leaves a field out or changes it; it never sets it to null (that once gave
    500s, or recorded a session that no read could show any more)."""
    api = isolated_api
    write = WRITES["correction"]
    scene = build_scene(api, write.needs)
    version = api.version(scene.project)
    body = {"changes": {field_name: None}, "reason": "cleared by mistake"}
    response = write.send(api, scene, body)
    problem = assert_problem(response, 422)
    fields = {error["field"] for error in problem["errors"]}
    assert fields & {"body.changes", f"body.changes.{field_name}"}, problem["errors"]
    assert api.version(scene.project) == version
