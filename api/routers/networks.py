"""Local Empowerment Networks: registered by coordinators, who run them."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import GuardDep, ReadModelsDep
from api.docs import CREATED, PROJECTED
from api.paging import Cursor, Limit, page_of, parse_cursor
from api.replies import answer, documented
from api.schemas.common import WriteResult
from api.schemas.networks import (
    CoordinatorAppointment,
    InstitutionCreate,
    NetworkCreate,
    NetworkPublic,
    NetworksPublic,
)
from api.writes import ChangeDep, WriteDep
from app.access import Action

router = APIRouter(prefix="/networks", tags=["networks"])


@router.post(
    "",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Register a network (a coordinator for themselves; an admin for anyone)",
)
def register_network(body: NetworkCreate, guard: GuardDep, write: WriteDep) -> JSONResponse:
    coordinator = guard.new_network(body.coordinator_id)
    actor = guard.principal.actor
    return write.run(
        lambda: body.register(guard.incubator, actor, coordinator),
        status_code=201,
        location="/networks/{id}",
    )


@router.get(
    "",
    response_model=documented(NetworksPublic),
    responses=PROJECTED,
    summary="The networks the caller may see (coordinator: theirs; coach: their projects')",
)
def list_networks(
    guard: GuardDep,
    read_models: ReadModelsDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> JSONResponse:
    principal = guard.require(Action.READ_PROJECT)
    scope = guard.scope()
    counted = scope.projects if principal.programme_id else None
    after = parse_cursor(cursor, str)
    rows = read_models.list_networks(scope.networks, limit + 1, after, counted)
    page, next_cursor = page_of(rows, limit)
    return answer(principal, {"items": page, "next_cursor": next_cursor}, NetworksPublic)


@router.get(
    "/{network_id}",
    response_model=documented(NetworkPublic),
    responses=PROJECTED,
    summary="A network (from its stream; a programme-scoped token: one of its programme's "
    "projects' networks, as the read models know them)",
)
def get_network(network_id: UUID, guard: GuardDep, _fresh: ReadModelsDep) -> JSONResponse:
    principal = guard.network_read(network_id)
    return answer(principal, guard.incubator.get_network(network_id), NetworkPublic)


@router.post(
    "/{network_id}/coordinator",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Appoint the network's coordinator (its coordinator hands over, or an admin)",
)
def appoint_coordinator(
    network_id: UUID, body: CoordinatorAppointment, change: ChangeDep
) -> JSONResponse:
    return change.network(network_id, Action.APPOINT_COORDINATOR, body.command)


@router.post(
    "/{network_id}/institutions",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="An institution joins the network (its coordinator, admin)",
)
def add_institution(network_id: UUID, body: InstitutionCreate, change: ChangeDep) -> JSONResponse:
    return change.network(network_id, Action.MANAGE_NETWORK, body.command)
