"""Bodies of /devices: the device credentials issued at sign-in, never their secrets."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from uuid import UUID

from pydantic import BaseModel, Field

from store.tokens import Role


class DeviceState(Enum):
    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"


class DevicePublic(BaseModel):
    id: str = Field(description="The device token's id (the `sbt_<id>_…` part), for revoking.")
    device: str = Field(description="The device's name, as given at sign-in.")
    role: Role
    person_id: UUID | None
    programme_id: UUID | None = Field(
        None,
        description="The programme the credential is scoped to, as the token it was "
        "issued with (null: not scoped).",
    )
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    state: DeviceState
    current: bool = Field(description="Whether this is the credential making the request.")


class DevicesPublic(BaseModel):
    items: list[DevicePublic]
