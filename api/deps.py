"""Dependencies: the container, the caller (bearer token) and the permission guard."""

from __future__ import annotations

import hmac
from dataclasses import replace
from datetime import date
from typing import Annotated, cast
from uuid import UUID

from anyio import to_thread
from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.problems import ApiProblem
from api.waiting import PositionWaiters, TooManyWaiters
from app.access import (
    STAFF,
    Action,
    KnownTies,
    PeopleTies,
    SessionScope,
    coach_sessions_scope,
    may,
    may_in_network,
    may_name_coordinator,
    may_on_project,
    may_read_person,
    network_coordinator,
    programme_visible,
    project_listing,
)
from app.bootstrap import Container
from app.incubator import Incubator
from domain.errors import PersonNotFound
from domain.values import PersonRole
from projections.audience import DashboardReads
from projections.reader import ReadModels, Scope
from projections.summaries import SummaryFilter
from store.devices import DEVICE_COOKIE
from store.people import PeopleQuery, Person
from store.tokens import ROLES_WITH_A_PERSON, Principal, Role
from store.web_sessions import SESSION_COOKIE

_bearer = HTTPBearer(auto_error=False, description="A token from `seedbed token create`.")
UNAUTHENTICATED = {"WWW-Authenticate": 'Bearer realm="seedbed"'}


async def get_container(request: Request) -> Container:
    """No I/O: async, so that FastAPI does not hop to the thread pool for it."""
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


SAFE_METHODS = frozenset({"GET", "HEAD"})
# The offline app's outbox sends this header with its device cookie: a custom header that no
# cross-site form can set and that CORS never allows, on top of the cookie's SameSite=Strict.
DEVICE_HEADER = "X-Seedbed-Device"


def authenticate(
    request: Request,
    container: ContainerDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The bearer token's principal; else the offline app's device cookie sent with the
    X-Seedbed-Device header; for reads only, also a dashboard session's (that cookie is never
    enough to write, so a forged cross-site request can change nothing)."""
    if credentials is None:
        device = request.cookies.get(DEVICE_COOKIE)
        if device and request.headers.get(DEVICE_HEADER) == "outbox":
            principal = container.tokens.verify(device, container.clock())
            if principal is None:
                raise ApiProblem(
                    401, "this device's credential is revoked or expired", UNAUTHENTICATED
                )
            return replace(principal, scope=f"device:{principal.person_id}")
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie and request.method in SAFE_METHODS:
            session = container.web_sessions.resolve(cookie, container.clock())
            if session is not None:
                return session.principal
        raise ApiProblem(401, "send Authorization: Bearer <token>", UNAUTHENTICATED)
    principal = container.tokens.verify(credentials.credentials, container.clock())
    if principal is None:
        raise ApiProblem(401, "the token is unknown, revoked or expired", UNAUTHENTICATED)
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def metrics_reader(
    container: ContainerDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """/metrics: the scrape token SEEDBED_METRICS_TOKEN (compared in constant time), or an API
    token whose role may read metrics (admin). Missing or unknown → 401, another role → 403."""
    if credentials is None:
        raise ApiProblem(401, "send Authorization: Bearer <token>", UNAUTHENTICATED)
    scrape_token = container.settings.metrics_token.get_secret_value()
    given = credentials.credentials
    if scrape_token and hmac.compare_digest(given.encode(), scrape_token.encode()):
        return
    principal = container.tokens.verify(given, container.clock())
    if principal is None:
        raise ApiProblem(401, "the token is unknown, revoked or expired", UNAUTHENTICATED)
    Guard(container, principal).require(Action.READ_METRICS)


class Guard:
    """Checks the caller's role and, for project-scoped actions, their tie to the project."""

    def __init__(self, container: ContainerDep, principal: PrincipalDep) -> None:
        self.principal = principal
        self.incubator: Incubator = container.incubator
        self.read_models: ReadModels = container.read_models
        self._clock = container.clock

    def today(self) -> date:
        return self._clock().date()

    def require(self, action: Action) -> Principal:
        if not may(self.principal, action):
            raise self.forbidden(action)
        return self.principal

    def new_network(self, coordinator_id: UUID | None) -> UUID | None:
        """The coordinator of a network the caller registers; 403 when the caller names
        someone else (only an admin registers a network for another coordinator)."""
        principal = self.require(Action.REGISTER_NETWORK)
        if not may_name_coordinator(principal, coordinator_id):
            raise ApiProblem(
                403,
                f"a {principal.role.value} token registers networks it coordinates itself: "
                "only an admin may name another coordinator",
                required_action=Action.REGISTER_NETWORK.name.lower(),
            )
        return network_coordinator(principal, coordinator_id)

    def network(self, network_id: UUID, action: Action) -> Principal:
        self.require(action)
        network = self.incubator.get_network(network_id)
        if not may_in_network(self.principal, action, network.coordinator_id):
            raise self.forbidden(action, "this network")
        return self.principal

    def project(self, project_id: UUID, action: Action) -> None:
        """Refuses unless the caller may do `action` on this project (404 if it does not exist);
        a programme-scoped token only on projects enrolled in its programme."""
        self.require(action)
        access = self.incubator.project_access(project_id)
        if not may_on_project(
            self.principal, action, access.coaches, access.coordinator_id, access.programmes
        ):
            raise self.forbidden(action, self._outside())

    def allows_project(self, project_id: UUID, action: Action) -> bool:
        """Whether `project` would let the caller do `action` (for showing a form or not)."""
        try:
            self.project(project_id, action)
        except ApiProblem:
            return False
        return True

    def project_scope(self, project_id: UUID, action: Action) -> None:
        """Like `project`, but loads the project only for roles tied to projects (coach,
        coordinator) and programme-scoped tokens; other roles need no project to decide."""
        principal = self.require(action)
        if principal.role in ROLES_WITH_A_PERSON or principal.programme_id is not None:
            self.project(project_id, action)

    def _outside(self) -> str:
        scope = self.principal.programme_id
        return "this project" if scope is None else f"this project (outside programme {scope})"

    def scope(self) -> Scope:
        """The networks and projects the caller sees (None: every one): a coach's, a
        coordinator's networks', and for a programme-scoped token only the projects enrolled
        in its programme, with their networks."""
        principal = self.principal
        return self.read_models.scope_of(
            principal.role.value, principal.person_id, principal.programme_id
        )

    def listing(self, where: SummaryFilter) -> SummaryFilter:
        """A project list's filter, limited to what the caller sees (app/access.py)."""
        return project_listing(self.require(Action.READ_PROJECT), where)

    def programme(self, programme_id: UUID, action: Action) -> Principal:
        """Refuses unless the caller may do `action` on this programme: a programme-scoped
        token on its own programme only."""
        principal = self.require(action)
        if not programme_visible(principal, programme_id):
            raise self.forbidden(action, f"programme {programme_id} (outside its programme)")
        return principal

    def network_read(self, network_id: UUID) -> Principal:
        """A network the caller may read: any for an unscoped token, for a programme-scoped
        one the networks of its programme's projects."""
        principal = self.require(Action.READ_PROJECT)
        if principal.programme_id is not None:
            networks = self.scope().networks
            if networks is not None and network_id not in networks:
                raise self.forbidden(Action.READ_PROJECT, "this network (outside its programme)")
        return principal

    def projects_within(self, action: Action) -> frozenset[UUID] | None:
        """The projects a read across projects may count for the caller: a coach's or a
        coordinator's own (as their other reads are scoped), a programme-scoped token's
        programme's, None (every one) for the rest."""
        principal = self.require(action)
        if principal.role not in ROLES_WITH_A_PERSON and principal.programme_id is None:
            return None
        return self.scope().projects or frozenset()

    def person(self, person_id: UUID, ties: PeopleTies) -> Person:
        """A person the caller may read (403 for a role that reads nobody). Someone outside
        the caller's scope answers exactly as an unknown id (404), revealing nothing."""
        principal = self.require(Action.READ_PERSON)
        person = self.incubator.get_person(person_id)
        if principal.programme_id is not None:
            ties = KnownTies(self.read_models.people_of(self.scope().projects or frozenset()))
        if not may_read_person(principal, person.id, person.role, ties):
            raise PersonNotFound(person_id)
        return person

    def find_people(
        self,
        roles: frozenset[PersonRole] | None,
        text: str,
        limit: int,
        after: tuple[str, UUID] | None = None,
    ) -> list[Person]:
        """The people the caller works with (as `person` decides, for a list), by name: a
        coach their projects' teams and coaches; a coordinator their networks' people and
        every coach and coordinator; auditor and admin everyone (403 for a dashboard)."""
        principal = self.require(Action.READ_PERSON)
        query = PeopleQuery(roles=roles, text=text, limit=limit, after=after)
        if principal.role not in ROLES_WITH_A_PERSON:
            return self.incubator.people.search(query)
        me = principal.person_id
        if me is None:
            return []
        reads = self.read_models
        scope = self.scope()
        ids = reads.people_of(scope.projects or frozenset()) | {me}
        also = STAFF if principal.role is Role.COORDINATOR else frozenset()
        return self.incubator.people.search(replace(query, ids=ids, also_roles=also))

    def coach_sessions(self, coach_id: UUID) -> SessionScope:
        """Which of a coach's sessions the caller reads (403 for another coach's)."""
        principal = self.require(Action.READ_PROJECT)
        scope = coach_sessions_scope(principal, coach_id)
        if scope is None:
            raise self.forbidden(Action.READ_PROJECT, "another coach's sessions")
        return scope

    def forbidden(self, action: Action, scope: str = "") -> ApiProblem:
        where = f" on {scope}" if scope else ""
        return ApiProblem(
            403,
            f"a {self.principal.role.value} token may not {action.value}{where}",
            required_action=action.name.lower(),
        )


async def limit_reads(request: Request, principal: PrincipalDep) -> None:
    """The per-token read limit (429 with Retry-After), before any read does work or waits."""
    if request.method in SAFE_METHODS:
        request.app.state.read_limiter.take(principal.token_id)


ReadAllowedDep = Annotated[None, Depends(limit_reads)]


async def get_guard(container: ContainerDep, principal: PrincipalDep, _: ReadAllowedDep) -> Guard:
    return Guard(container, principal)


GuardDep = Annotated[Guard, Depends(get_guard)]


async def fresh_read_models(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    _: ReadAllowedDep,
    x_min_position: Annotated[
        int | None,
        Header(
            alias="X-Min-Position",
            ge=0,
            le=2**62,
            description="Wait (bounded) until the read models have processed this position, "
            "e.g. the X-Event-Position of your last write.",
        ),
    ] = None,
) -> ReadModels:
    """Async, so that a read waiting for its position holds no worker thread (api/waiting.py);
    the route itself then runs as usual."""
    read_models = container.read_models
    if x_min_position is not None:
        await _wait_for_position(request.app.state.waiters, container, x_min_position)
    return reads_for(principal, read_models)


async def _wait_for_position(waiters: PositionWaiters, container: Container, position: int) -> None:
    if await waiters.reached(position):
        return
    if position > await to_thread.run_sync(container.read_models.runner.head):
        raise ApiProblem(
            422,
            f"position {position} is beyond the newest event; use a position a write returned",
            errors=[{"field": "header.X-Min-Position", "message": "beyond the newest event"}],
        )
    try:
        reached = await waiters.wait_for(position, container.settings.read_wait_seconds)
    except TooManyWaiters:
        raise ApiProblem(
            503,
            f"{waiters.capacity} reads are already waiting for the read models "
            "(SEEDBED_MAX_WAITERS); retry shortly",
            {"Retry-After": "1"},
        ) from None
    if not reached:
        raise ApiProblem(
            503,
            f"the read models have not reached position {position} yet; retry shortly",
            {"Retry-After": "1"},
        )


def reads_for(principal: Principal, read_models: ReadModels) -> ReadModels:
    """The read models as this principal may see them: for a dashboard, every answer passes
    through the one rule of projections/audience.py (no free text, no person ids)."""
    if principal.role is Role.DASHBOARD:
        return cast(ReadModels, DashboardReads(read_models))
    return read_models


ReadModelsDep = Annotated[ReadModels, Depends(fresh_read_models)]
