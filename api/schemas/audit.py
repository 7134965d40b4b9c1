"""Bodies of the audit routes: events, verification, differences, bitemporal stages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import (
    BaseModel,
    Field,
)

from domain.values import (
    Stage,
)


class EventPublic(BaseModel):
    version: int
    position: int | None
    type: str = Field(examples=["MicroProject.StageAdvanced"])
    recorded_at: datetime
    occurred_on: date | None
    actor: str | None
    actor_name: str | None = Field(
        default=None,
        description='The actor\'s display name ("erased" after an erasure); only for roles '
        "that may see personal data.",
    )
    data: dict[str, Any]
    redacted: list[str] = Field(
        default_factory=list,
        description="RFC 6901 pointers into `data` of the free-text values redacted (their "
        'value reads "redacted").',
        examples=[["/details/summary"]],
    )


class EventsPublic(BaseModel):
    items: list[EventPublic]
    next_cursor: str | None


class AnchorPublic(BaseModel):
    """The chain head before and after the one rewrite of stored events (free text made
    erasable): bundles exported before verify against `old_head`."""

    old_head: str
    new_head: str
    events: int
    reanchored_at: datetime


class VerificationPublic(BaseModel):
    intact: bool
    events: int = Field(description="Events verified before the first broken link (or all).")
    head: str = Field(description="The hash of the last verified event (the chain head).")
    broken_at: int | None = Field(default=None, description="The version of the first bad link.")
    reason: str | None = None
    anchor: AnchorPublic | None = Field(
        default=None, description="Where the chain was re-anchored (null: it never was)."
    )


class FieldChangePublic(BaseModel):
    field: str = Field(examples=["stage", "sessions[…].details.duration_minutes"])
    before: Any
    after: Any
    text: str


class DiffPublic(BaseModel):
    from_version: int
    to_version: int
    changes: list[FieldChangePublic]


class StageOnPublic(BaseModel):
    date: date
    as_known_at: datetime | None = Field(
        description="The recording instant the answer is based on (null: everything recorded)."
    )
    known_version: int
    stage: Stage | None = Field(description="null when the project was not yet proposed then.")
