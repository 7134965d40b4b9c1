"""Bodies of the operations routes."""

from __future__ import annotations

from pydantic import (
    BaseModel,
)


class ReadyPublic(BaseModel):
    status: str
    database: str
    head_position: int
    projection_positions: dict[str, int]
    lag_events: int
    lag_seconds: float
