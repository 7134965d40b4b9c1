"""Schema-driven fuzzing of the HTTP API with Schemathesis: every operation, bounded and repeatable.

The OpenAPI document is the app's own (`test_schema_is_the_served_one` checks that the running app
serves exactly the document fuzzed here). Requests go in-process through Schemathesis' ASGI client
to the app of this module's `Api`, whose TestClient runs the lifespan. That client is never entered
(`with`), so it starts no second lifespan: the app keeps the container its TestClient built.

* `test_fuzz_as_admin`: the examples, coverage and fuzzing phases for each operation, as admin, so
  that requests reach the handlers. Checks: no 5xx, status code documented, content type
  documented, body valid against its schema. To hit real resources and not only 404, about half of
  the ids (path parameters; `network_id`, `coach_id`, `person_ids`, ... in bodies) are placeholders
  that become the ids of a seeded network, projects, session and people just before sending.
* `test_fuzz_without_token`: valid requests without a token get 401, but `/health` and `/ready`.
* `test_stateful_links`: sequences along the links Schemathesis infers from the schema (FastAPI
  writes none), e.g. `POST /people` -> `GET /people/{person_id}` -> its erasure.
* Afterwards, what the fuzzing wrote must still read back, the projections must catch up, and
  most operations with path parameters must have reached a seeded resource. These checks stand on
  `admin_fuzz`: run alone (`pytest tests/api/test_fuzz.py::test_fuzz_reached_real_resources`),
  they run the admin fuzz themselves rather than skip or pass on nothing.

Deterministic: a fixed seed, derandomized Hypothesis, no example database, no deadline, and reads
with `X-Min-Position` do not wait (their 503 is documented and allowed).
"""

from __future__ import annotations

import copy
import hashlib
import json
import time
import unittest
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.control import SkipTest
from schemathesis.core.result import Ok
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.pytest._test_builder import build_operation_test
from schemathesis.python import asgi
from schemathesis.python._constants.orchestrator import make_constants_value_source

from api.main import create_app
from app.settings import Settings
from tests.api.client import SESSION, Api, api_in

SEED = 20211215
BASE_URL = f"http://{asgi.HOST}"
MAX_EXAMPLES = 30  # per operation in the fuzzing phase; the examples and coverage phases add theirs
ANONYMOUS_EXAMPLES = 8
STATEFUL_EXAMPLES = 15
STATEFUL_STEPS = 8
PROJECTION_CATCH_UP_SECONDS = 15.0

# Placeholders that stand for seeded resources until `Seeded.resolve` swaps them just before a
# request goes out: path parameters by name, and the id fields of request bodies by name.
PATH_PLACEHOLDERS = {
    "network_id": "00000000-0000-4000-8000-00000000000a",
    "project_id": "00000000-0000-4000-8000-00000000000b",
    "session_id": "00000000-0000-4000-8000-00000000000c",
    "person_id": "00000000-0000-4000-8000-00000000000d",
    "coach_id": "00000000-0000-4000-8000-000000000011",
    "milestone_id": "NEED-01",  # a catalogue id, reached in the seeded project
}
COACH = "00000000-0000-4000-8000-00000000000e"  # the project's coach
OTHER_COACH = "00000000-0000-4000-8000-000000000012"  # a coach not assigned yet
MEMBER = "00000000-0000-4000-8000-00000000000f"  # in the project's team
NEWCOMER = "00000000-0000-4000-8000-000000000013"  # not in the team yet
COORDINATOR = "00000000-0000-4000-8000-000000000010"
BODY_PLACEHOLDERS: dict[str, Any] = {
    "network_id": PATH_PLACEHOLDERS["network_id"],
    "coordinator_id": COORDINATOR,
    "coach_id": OTHER_COACH,
    "coach_ids": [COACH],
    "person_id": NEWCOMER,
    "person_ids": [MEMBER],
    "who": MEMBER,
}
# Fields an admin has to give because it is nobody: a session's coaches default to the calling
# coach, and an admin token has no person (without them: always 422 "at least one coach").
ADMIN_DEFAULTS = {"POST /projects/{project_id}/sessions": {"coach_ids": [COACH]}}
STALE_VERSION = '"1"'  # the seeded projects are past version 1: If-Match with it gets 409

# What was sent and answered, per operation: for the summary and the reach check.
CASES: Counter[str] = Counter()
STATUSES: defaultdict[str, Counter[int]] = defaultdict(Counter)
CREATED_PROJECTS: list[str] = []


def no_server_error(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """`not_a_server_error`, but for the 503 with Retry-After that docs/API.md prescribes when the
    read models have not reached the `X-Min-Position` a read asked for (where it is documented)."""
    if (
        response.status_code == 503
        and "503" in case.operation.definition.raw["responses"]
        and "x-min-position" in {name.lower() for name in case.headers or {}}
        and response.headers.get("retry-after")
    ):
        return None
    return not_a_server_error(ctx, response, case)


CHECKS = [
    no_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# The app's own OpenAPI document (building the app runs nothing; serving it needs no lifespan).
APP_SCHEMA = copy.deepcopy(create_app(Settings(database_url="sqlite://")).openapi())


def _prepared(app_schema: dict[str, Any]) -> dict[str, Any]:
    """The document to fuzz: placeholders as examples (of path parameters, in body examples),
    and no `null` branch in parameters. FastAPI documents an optional parameter `T | None` as
    `anyOf: [T, null]`, but a header or query value cannot be JSON null: sent as the text "null"
    it only earns a 422 and hides the handler."""
    raw = copy.deepcopy(app_schema)
    for operations in raw["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in PATH_PLACEHOLDERS:
                    parameter["example"] = PATH_PLACEHOLDERS[parameter["name"]]
                branches = parameter["schema"].get("anyOf", [])
                if {"type": "null"} in branches:
                    branches.remove({"type": "null"})
    for component in raw["components"]["schemas"].values():
        for example in component.get("examples", []):
            for name in example.keys() & BODY_PLACEHOLDERS.keys():
                example[name] = BODY_PLACEHOLDERS[name]
    return raw


def _config(*, mode: str, max_examples: int, coverage: bool) -> schemathesis.Config:
    # No headers here: the admin token exists only at run time, `fuzz_session` sends it.
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "suppress-health-check": ["all"],
            "continue-on-failure": True,
            "generation": {
                "mode": mode,
                "max-examples": max_examples,
                "deterministic": True,
                "database": "none",
                "with-security-parameters": False,
            },
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": coverage},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True, "max-steps": STATEFUL_STEPS},
            },
            "checks": {
                "enabled": False,
                "not_a_server_error": {"enabled": True},
                **{check.__name__: {"enabled": True} for check in CHECKS[1:]},
            },
        }
    )


schema = schemathesis.openapi.from_dict(
    _prepared(APP_SCHEMA), config=_config(mode="all", max_examples=MAX_EXAMPLES, coverage=True)
)
anonymous_schema = schemathesis.openapi.from_dict(
    _prepared(APP_SCHEMA),
    config=_config(mode="positive", max_examples=ANONYMOUS_EXAMPLES, coverage=False),
)


def _or_placeholder(value: Any, placeholder: Any) -> st.SearchStrategy[Any]:
    """The generated value or the placeholder, as Hypothesis chooses (same JSON type only)."""
    if type(value) is type(placeholder):
        return st.sampled_from([value, placeholder])
    return st.just(value)


def _with_body_placeholders(value: Any) -> st.SearchStrategy[Any]:
    if isinstance(value, dict):
        return st.fixed_dictionaries(
            {
                name: _or_placeholder(item, BODY_PLACEHOLDERS[name])
                if name in BODY_PLACEHOLDERS
                else _with_body_placeholders(item)
                for name, item in value.items()
            }
        )
    if isinstance(value, list):
        return st.tuples(*(_with_body_placeholders(item) for item in value)).map(list)
    return st.just(value)


@schema.hook
def flatmap_path_parameters(
    _context: schemathesis.HookContext, path_parameters: dict[str, Any] | None
) -> st.SearchStrategy[dict[str, Any]]:
    """Each path parameter: the generated value or the placeholder of a seeded resource."""
    return st.fixed_dictionaries(
        {
            name: _or_placeholder(value, PATH_PLACEHOLDERS[name])
            if name in PATH_PLACEHOLDERS
            else st.just(value)
            for name, value in (path_parameters or {}).items()
        }
    )


@schema.hook
def flatmap_body(context: schemathesis.HookContext, body: Any) -> st.SearchStrategy[Any]:
    """Each id field of the body (network_id, coach_id, person_ids, ...): generated or seeded."""
    assert context.operation is not None
    defaults = ADMIN_DEFAULTS.get(context.operation.label, {})
    if isinstance(body, dict) and not defaults.keys() <= body.keys():
        return st.sampled_from([body, defaults | body]).flatmap(_with_body_placeholders)
    return _with_body_placeholders(body)


@schema.hook
def flatmap_headers(
    _context: schemathesis.HookContext, headers: dict[str, Any] | None
) -> st.SearchStrategy[dict[str, Any] | None]:
    """If-Match: the generated text (hardly ever a version: 422), none, or a stale version."""
    if not headers or "If-Match" not in headers:
        return st.just(headers)
    without = {name: value for name, value in headers.items() if name != "If-Match"}
    return st.sampled_from([headers, without, without | {"If-Match": STALE_VERSION}])


@dataclass(frozen=True)
class Seeded:
    network: str
    project: str  # open: the coach, a team member, a need, NEED-01 and a session
    status_project: str  # for pause, resume and closure, so that `project` stays open
    session: str
    coach: str
    other_coach: str
    coordinator: str
    member: str
    newcomer: str
    erasable: str

    def resolve(self, case: schemathesis.Case) -> None:
        """Swap the placeholders in the case for seeded ids; make Idempotency-Keys per request."""
        label = case.operation.label
        project = self.project
        if label.rsplit("/", 1)[-1] in ("pause", "resume", "closure"):
            project = self.status_project
        person = self.coach
        if label.startswith("DELETE /projects/"):
            person = self.member
        elif label.endswith("/erasure"):
            person = self.erasable
        real = {
            PATH_PLACEHOLDERS["network_id"]: self.network,
            PATH_PLACEHOLDERS["project_id"]: project,
            PATH_PLACEHOLDERS["session_id"]: self.session,
            PATH_PLACEHOLDERS["person_id"]: person,
            PATH_PLACEHOLDERS["coach_id"]: self.coach,
            COACH: self.coach,
            OTHER_COACH: self.other_coach,
            MEMBER: self.member,
            NEWCOMER: self.newcomer,
            COORDINATOR: self.coordinator,
        }
        if case.path_parameters:
            case.path_parameters = _replaced(case.path_parameters, real)
        if isinstance(case.body, dict | list):
            case.body = _replaced(case.body, real)
        key = (case.headers or {}).get("Idempotency-Key")
        if isinstance(key, str) and 1 <= len(key) <= 255:
            # Generated keys repeat ("0", "00", ...) across unrelated requests, and a key reused
            # with another request is refused (422) before the handler runs. A key derived from
            # the whole request keeps the replays of one request and drops the collisions.
            request = [label, key, case.path_parameters, case.query, _json(case.body)]
            case.headers["Idempotency-Key"] = hashlib.sha256(_json(request).encode()).hexdigest()


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _replaced(value: Any, real: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {name: _replaced(item, real) for name, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item, real) for item in value]
    if isinstance(value, str):
        return real.get(value, value)
    return value


@pytest.fixture(scope="module")
def fuzz_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One API on one SQLite file for the whole module: seeding once keeps the run short."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SEEDBED_READ_WAIT_SECONDS", "0")  # X-Min-Position: answer or 503 at once
        yield from api_in(tmp_path_factory, "fuzz")


@pytest.fixture(scope="module")
def seeded(fuzz_api: Api) -> Seeded:
    api = fuzz_api
    network = api.network()
    project = api.project(network)
    member = api.person(name="A team member")
    evidence = {"note": "needs workshop"}
    writes = {
        "team": {"person_id": member, "role": "service_user", "joined_on": "2017-02-10"},
        "needs": {"description": "care", "tool": "needs_workshop", "identified_on": "2017-02-20"},
        "milestones": {"milestone_id": "NEED-01", "reached_on": "2017-03-02", "evidence": evidence},
        "sessions": SESSION,
    }
    answers = {}
    for what, body in writes.items():
        answers[what] = api.post(f"/projects/{project}/{what}", "coach", body)
        assert answers[what].status_code == 201, answers[what].text
    return Seeded(
        network=network,
        project=project,
        status_project=api.project(network),
        session=answers["sessions"].json()["session_id"],
        coach=api.people["coach"],
        other_coach=api.people["other_coach"],
        coordinator=api.people["coordinator"],
        member=member,
        newcomer=api.person(name="Joins later"),
        erasable=api.person(name="To be erased"),
    )


@pytest.fixture(scope="module")
def fuzz_session(fuzz_api: Api) -> asgi.ASGIClient:
    """Schemathesis' in-process client for the fixture's app, as admin; never entered (see top)."""
    session = asgi.get_client(fuzz_api.client.app)
    session.headers["Authorization"] = f"Bearer {fuzz_api.tokens['admin']}"
    return session


@pytest.fixture(scope="module")
def anonymous_session(fuzz_api: Api) -> asgi.ASGIClient:
    return asgi.get_client(fuzz_api.client.app)


def _tally(tally: str, case: schemathesis.Case, response: schemathesis.Response) -> None:
    CASES[tally + case.operation.label] += 1
    STATUSES[tally + case.operation.label][response.status_code] += 1
    if case.operation.label == "POST /projects" and response.status_code == 201:
        CREATED_PROJECTS.append(response.json()["id"])


def test_schema_is_the_served_one(fuzz_api: Api) -> None:
    served = fuzz_api.client.get("/openapi.json")
    assert served.status_code == 200
    assert served.json() == APP_SCHEMA


def _fuzz_as_admin(case: schemathesis.Case, seeded: Seeded, fuzz_session: asgi.ASGIClient) -> None:
    seeded.resolve(case)
    response = case.call(base_url=BASE_URL, session=fuzz_session)
    _tally("", case, response)
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
def test_fuzz_as_admin(
    case: schemathesis.Case, seeded: Seeded, fuzz_session: asgi.ASGIClient
) -> None:
    _fuzz_as_admin(case, seeded, fuzz_session)


@pytest.fixture(scope="module")
def admin_fuzz(seeded: Seeded, fuzz_session: asgi.ASGIClient) -> None:
    """The admin fuzz has run over every operation, for the checks of what it left behind.

    In a run of the whole module, test_fuzz_as_admin did that before them and this does nothing.
    When they run without it (alone, or with -k), this runs each operation test_fuzz_as_admin
    did not reach, with the Hypothesis test Schemathesis' pytest plugin builds for it (the same
    phases, settings and per-operation seed: the same requests as test_fuzz_as_admin sends)."""
    feedback = FeedbackSources(constants_value_source=make_constants_value_source(schema))
    for result in schema.get_all_operations():
        if not isinstance(result, Ok):
            raise result.err()  # an operation the schema cannot describe: test_fuzz_as_admin fails
        operation = result.ok()
        if operation.label in CASES:
            continue
        fuzz = build_operation_test(
            config=schema.config,
            operation=operation,
            test_func=_fuzz_as_admin,
            given_kwargs={},
            feedback=feedback,
        )
        try:
            fuzz(seeded=seeded, fuzz_session=fuzz_session)
        except (SkipTest, unittest.SkipTest):  # no case could be made: the plugin skips it too
            continue


@anonymous_schema.parametrize()
def test_fuzz_without_token(case: schemathesis.Case, anonymous_session: asgi.ASGIClient) -> None:
    response = case.call(base_url=BASE_URL, session=anonymous_session)
    _tally("no token: ", case, response)
    assert "authorization" not in {name.lower() for name in response.request.headers}
    case.validate_response(response, checks=CHECKS)
    if case.operation.definition.raw.get("security"):
        assert response.status_code == 401, response.text
        assert response.headers.get("www-authenticate") == ['Bearer realm="seedbed"']
    else:  # /health, /ready
        assert response.status_code != 401, response.text


def test_stateful_links(seeded: Seeded, fuzz_session: asgi.ASGIClient) -> None:
    machine = schema.as_state_machine()  # infers the links first (dependency analysis)
    assert schema.statistic.transitions.total > 0

    class Machine(machine):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            seeded.resolve(case)
            return {"base_url": BASE_URL, "session": fuzz_session}

        def after_call(self, response: schemathesis.Response, case: schemathesis.Case) -> None:
            super().after_call(response, case)
            _tally("stateful: ", case, response)

        def validate_response(
            self,
            response: schemathesis.Response,
            case: schemathesis.Case,
            additional_checks: Any = None,
            **kwargs: Any,
        ) -> None:
            try:
                case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)
            except Exception as failure:
                failures.append(failure)
                raise

    failures: list[Exception] = []
    try:
        _run_links(Machine)
    except hypothesis.errors.FlakyStrategyDefinition:
        # Which rules are enabled depends on the live server's replies (bundles fill from
        # them, and what a list answers depends on the projector's timing): on a loaded
        # machine Hypothesis may find its own replay of a sequence drawing differently. That is
        # about the generator, not the server: every reply sent was checked, and a failed check
        # is raised here instead.
        if failures:
            raise failures[0] from None
    assert sum(1 for label in CASES if label.startswith("stateful: ")) > 1, CASES


def _run_links(Machine: Any) -> None:  # noqa: N803 - a class
    Machine.run(
        settings=hypothesis.settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=STATEFUL_STEPS,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            # No shrinking: the server's state runs on between examples, so replaying a failing
            # sequence to shrink it behaves differently and Hypothesis reports only
            # "FlakyStrategyDefinition"; without it, the failure itself is what is reported.
            phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        )
    )


@pytest.mark.usefixtures("admin_fuzz")
def test_fuzzed_projects_still_read(fuzz_api: Api, seeded: Seeded) -> None:
    """Every write the API accepted left its project readable (no event poisons a replay)."""
    broken = {}
    for project in [seeded.project, seeded.status_project, *CREATED_PROJECTS]:
        try:
            response = fuzz_api.get(f"/projects/{project}", "admin")
        except Exception as error:  # the TestClient re-raises what the app raised
            broken[project] = f"{error.__class__.__name__}: {error}"[:300]
        else:
            if response.status_code != 200:
                broken[project] = f"{response.status_code} {response.text[:200]}"
    assert not broken, broken


@pytest.mark.usefixtures("admin_fuzz")
def test_projections_caught_up(fuzz_api: Api) -> None:
    """Every event the API accepted can be projected: the projections reach the head."""
    deadline = time.monotonic() + PROJECTION_CATCH_UP_SECONDS
    while True:
        ready = fuzz_api.client.get("/ready").json()
        if ready.get("lag_events") == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert ready.get("lag_events") == 0, ready


@pytest.mark.usefixtures("admin_fuzz")
def test_fuzz_reached_real_resources(capsys: pytest.CaptureFixture[str]) -> None:
    """Most operations with path parameters were answered 2xx or 409: seeded ids got used."""
    with_path = sorted(label for label in STATUSES if "{" in label and ": " not in label)
    assert with_path, "the admin fuzz sent no request to an operation with path parameters"
    with capsys.disabled():
        print(f"\nfuzz: {sum(CASES.values())} requests")
        for label, count in sorted(CASES.items()):
            print(f"  {label}: {count} {dict(sorted(STATUSES[label].items()))}")
    reached = [label for label in with_path if any(s < 300 or s == 409 for s in STATUSES[label])]
    assert len(reached) >= len(with_path) * 3 // 4, {k: dict(STATUSES[k]) for k in with_path}
