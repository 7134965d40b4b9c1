"""Dependencies: the container, the caller (bearer token) and the permission guard."""

from __future__ import annotations

from datetime import date
from typing import Annotated, cast
from uuid import UUID

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.problems import ApiProblem
from app.access import Action, may, may_in_network, may_on_project
from app.bootstrap import Container
from app.incubator import Incubator
from projections.audience import DashboardReads
from projections.reader import ReadModels
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


def authenticate(
    request: Request,
    container: ContainerDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The bearer token's principal; for reads only, also a dashboard session's (the cookie is
    never enough to write, so a forged cross-site request can change nothing)."""
    if credentials is None:
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


class Guard:
    """Checks the caller's role and, for project-scoped actions, their tie to the project."""

    def __init__(self, container: ContainerDep, principal: PrincipalDep) -> None:
        self.principal = principal
        self.incubator: Incubator = container.incubator
        self._clock = container.clock

    def today(self) -> date:
        return self._clock().date()

    def require(self, action: Action) -> Principal:
        if not may(self.principal, action):
            raise self.forbidden(action)
        return self.principal

    def network(self, network_id: UUID, action: Action) -> Principal:
        self.require(action)
        network = self.incubator.get_network(network_id)
        if not may_in_network(self.principal, action, network.coordinator_id):
            raise self.forbidden(action, "this network")
        return self.principal

    def project(self, project_id: UUID, action: Action) -> None:
        """Refuses unless the caller may do `action` on this project (404 if it does not exist)."""
        self.require(action)
        _network, coaches, coordinator = self.incubator.project_access(project_id)
        if not may_on_project(self.principal, action, coaches, coordinator):
            raise self.forbidden(action, "this project")

    def allows_project(self, project_id: UUID, action: Action) -> bool:
        """Whether `project` would let the caller do `action` (for showing a form or not)."""
        try:
            self.project(project_id, action)
        except ApiProblem:
            return False
        return True

    def project_scope(self, project_id: UUID, action: Action) -> None:
        """Like `project`, but loads the project only for roles tied to projects (coach,
        coordinator); other roles need no project to decide."""
        principal = self.require(action)
        if principal.role in ROLES_WITH_A_PERSON:
            self.project(project_id, action)

    def forbidden(self, action: Action, scope: str = "") -> ApiProblem:
        where = f" on {scope}" if scope else ""
        return ApiProblem(
            403,
            f"a {self.principal.role.value} token may not {action.value}{where}",
            required_action=action.name.lower(),
        )


async def get_guard(container: ContainerDep, principal: PrincipalDep) -> Guard:
    return Guard(container, principal)


GuardDep = Annotated[Guard, Depends(get_guard)]


def fresh_read_models(
    container: ContainerDep,
    principal: PrincipalDep,
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
    read_models = container.read_models
    if x_min_position is not None and x_min_position > read_models.runner.head():
        raise ApiProblem(
            422,
            f"position {x_min_position} is beyond the newest event; use a position a write "
            "returned",
            errors=[{"field": "header.X-Min-Position", "message": "beyond the newest event"}],
        )
    if x_min_position is not None and not read_models.wait_for(
        x_min_position, container.settings.read_wait_seconds
    ):
        raise ApiProblem(
            503,
            f"the read models have not reached position {x_min_position} yet; retry shortly",
            {"Retry-After": "1"},
        )
    return reads_for(principal, read_models)


def reads_for(principal: Principal, read_models: ReadModels) -> ReadModels:
    """The read models as this principal may see them: for a dashboard, every answer passes
    through the one rule of projections/audience.py (no free text, no person ids)."""
    if principal.role is Role.DASHBOARD:
        return cast(ReadModels, DashboardReads(read_models))
    return read_models


ReadModelsDep = Annotated[ReadModels, Depends(fresh_read_models)]
