"""Device credentials as their owners and admins see them: listed and revoked through the one
access rule (`may_manage_device`); someone else's device is as unknown as a missing one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.access import may_manage_device
from domain.errors import TokenNotFound
from store.devices import Device, DeviceTokens
from store.tokens import Principal


def device_view(device: Device, principal: Principal, now: datetime) -> dict[str, Any]:
    token = device.token
    state = "revoked" if token.revoked_at else ("active" if device.live(now) else "expired")
    return {
        "id": token.id,
        "device": device.device,
        "role": token.role,
        "person_id": token.person_id,
        "programme_id": token.programme_id,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
        "state": state,
        "current": token.id == principal.token_id,
    }


def _visible(principal: Principal, device: Device) -> bool:
    return may_manage_device(principal, device.token.person_id, device.issued_with, device.id)


def devices_of(store: DeviceTokens, principal: Principal, now: datetime) -> list[dict[str, Any]]:
    """The device credentials the caller may see and revoke, newest first."""
    return [device_view(d, principal, now) for d in store.list() if _visible(principal, d)]


def revoke_device(
    store: DeviceTokens, principal: Principal, token_id: str, now: datetime
) -> dict[str, Any]:
    """Revokes one (again: no change); TokenNotFound when unknown or someone else's."""
    device = store.get(token_id[:32])
    if not _visible(principal, device):
        raise TokenNotFound(token_id)
    if device.token.revoked_at is None:
        device = store.revoke(device.id, now)
    return device_view(device, principal, now)
