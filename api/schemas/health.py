"""Bodies of the operations routes."""

from __future__ import annotations

from pydantic import (
    BaseModel,
    Field,
)


class ReadyPublic(BaseModel):
    status: str
    database: str
    head_position: int
    projection_positions: dict[str, int]
    lag_events: int
    lag_seconds: float
    waiting_reads: int = Field(
        default=0,
        description="Reads waiting for X-Min-Position in this process now (at most "
        "SEEDBED_MAX_WAITERS).",
    )
