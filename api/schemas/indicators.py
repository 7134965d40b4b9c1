"""Replies of /programmes/{id}/indicators (documented shapes; the route writes the bytes)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field


class PeriodWindow(BaseModel):
    label: str
    from_: date = Field(alias="from")
    to: date


class IndicatorPublic(BaseModel):
    code: str = Field(description="RCO84, RCO87, RCO116, RCR104, HOURS, USERS, JOBS, LADDER")
    title: str
    unit: str
    value: float = Field(description="Facts whose occurred_on lies in from-to.")
    cumulative: float = Field(description="From the programme's first day to `to`.")
    previous: float | None = Field(description="The preceding reporting period.")
    definition: str
    definition_version: int
    projects: list[UUID]
    breakdown: dict[str, dict[str, float]] = Field(
        description="HOURS: by_type and by_target_group; empty for the others."
    )


class IndicatorReportPublic(BaseModel):
    programme_id: UUID
    programme: str
    funder: str
    period: str | None
    from_: date = Field(alias="from")
    to: date
    previous_period: PeriodWindow | None
    as_known_at: datetime
    indicator_set_version: int
    indicators: list[IndicatorPublic]


class CountedEvent(BaseModel):
    stream_id: UUID = Field(description="The project's stream, or its network's (RCO87).")
    version: int
    position: int | None
    type: str
    occurred_on: date | None


class ChainHead(BaseModel):
    version: int = Field(description="The project's last version recorded by as_known_at.")
    hash: str | None = Field(description="Its hash-chain link (see /verification).")


class CountedProject(BaseModel):
    project_id: UUID
    title: str
    head: ChainHead
    events: list[CountedEvent]


class IndicatorDrillDownPublic(BaseModel):
    programme_id: UUID
    code: str
    from_: date = Field(alias="from")
    to: date
    as_known_at: datetime
    value: float
    definition: str
    definition_version: int
    projects: list[CountedProject]
