"""Dependencies: the container, the caller (bearer token) and the permission guard."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.problems import ApiProblem
from app.access import Action, may, may_in_network, may_on_project
from app.bootstrap import Container
from app.dto import ProjectState
from app.incubator import Incubator
from app.tokens import Principal

_bearer = HTTPBearer(auto_error=False, description="A token from `seedbed token create`.")
UNAUTHENTICATED = {"WWW-Authenticate": 'Bearer realm="seedbed"'}


def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


def authenticate(
    container: ContainerDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
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

    def require(self, action: Action) -> Principal:
        if not may(self.principal, action):
            raise self._forbidden(action)
        return self.principal

    def network(self, network_id: UUID, action: Action) -> Principal:
        self.require(action)
        network = self.incubator.get_network(network_id)
        if not may_in_network(self.principal, action, network.coordinator_id):
            raise self._forbidden(action, "this network")
        return self.principal

    def project(self, project_id: UUID, action: Action) -> ProjectState:
        self.require(action)
        project = self.incubator.get_project(project_id)
        coordinator = self.incubator.get_network(project.network_id).coordinator_id
        if not may_on_project(self.principal, action, project, coordinator):
            raise self._forbidden(action, "this project")
        return project

    def _forbidden(self, action: Action, scope: str = "") -> ApiProblem:
        where = f" on {scope}" if scope else ""
        return ApiProblem(
            403,
            f"a {self.principal.role.value} token may not {action.value}{where}",
            required_action=action.name.lower(),
        )


GuardDep = Annotated[Guard, Depends(Guard)]
