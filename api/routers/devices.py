"""Device credentials: the tokens issued when someone signs in on a device (the offline app's
outbox sends with them). Each person lists and revokes their own; an admin every one."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ContainerDep, PrincipalDep
from api.docs import READ, problems
from api.replies import answer, documented
from api.schemas.devices import DevicePublic, DevicesPublic
from app.devices import devices_of
from app.devices import revoke_device as revoke

router = APIRouter(tags=["devices"])


@router.get(
    "/devices",
    response_model=documented(DevicesPublic),
    responses=READ,
    summary="The device credentials the caller may revoke: their own (admin: every one)",
)
def list_devices(principal: PrincipalDep, container: ContainerDep) -> JSONResponse:
    items = devices_of(container.devices, principal, container.clock())
    return answer(principal, {"items": items}, DevicesPublic)


@router.post(
    "/devices/{token_id}/revocation",
    response_model=documented(DevicePublic),
    responses=problems(401, 404),
    summary="Revoke a device credential: its outbox stops at its next sync (own, or admin)",
)
def revoke_device(token_id: str, principal: PrincipalDep, container: ContainerDep) -> JSONResponse:
    """Another person's device answers 404, exactly as an unknown id."""
    reply = revoke(container.devices, principal, token_id, container.clock())
    return answer(principal, reply, DevicePublic)
