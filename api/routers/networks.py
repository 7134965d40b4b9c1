"""Local Empowerment Networks: registered by coordinators."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api import schemas as s
from api.deps import GuardDep
from api.docs import READ, WRITE
from api.mapping import network_public
from api.routers.common import WRITE_RESPONSE_HEADERS, WriteDep
from app.access import Action
from store.tokens import Role

router = APIRouter(prefix="/networks", tags=["networks"])


@router.post(
    "",
    status_code=201,
    response_model=s.WriteResult,
    responses={**WRITE, 201: {"headers": WRITE_RESPONSE_HEADERS}},
    summary="Register a network (coordinator, admin)",
)
def register_network(body: s.NetworkCreate, guard: GuardDep, write: WriteDep) -> JSONResponse:
    principal = guard.require(Action.REGISTER_NETWORK)
    coordinator = body.coordinator_id
    if coordinator is None and principal.role is Role.COORDINATOR:
        coordinator = principal.person_id
    return write.run(
        lambda: guard.incubator.register_network(
            name=body.name,
            country=body.country,
            region=body.region,
            target_group=body.target_group,
            institutions=body.institutions,
            coordinator_id=coordinator,
            actor=principal.actor,
        ),
        status_code=201,
    )


@router.get("/{network_id}", response_model=s.NetworkPublic, responses=READ, summary="A network")
def get_network(network_id: UUID, guard: GuardDep) -> s.NetworkPublic:
    guard.require(Action.READ_PROJECT)
    return network_public(guard.incubator.get_network(network_id))
