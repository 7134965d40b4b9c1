"""Bodies and replies of /projects/{id}/participation(-assessments) and of
/programmes/{id}/participation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, StringConstraints

from api.schemas.common import Request
from app.participation import AssessParticipation
from domain.values import ParticipationLevel, Stage


class AssessmentCreate(Request):
    assessed_on: date
    level: ParticipationLevel = Field(description="The level the coach reads.")
    user_view: ParticipationLevel = Field(description="The level the service users name.")
    note: Annotated[str, StringConstraints(max_length=2_000)] = ""

    def command(self) -> AssessParticipation:
        return AssessParticipation(self.level, self.user_view, self.assessed_on, self.note)


class ReadingPublic(BaseModel):
    on: date
    level: ParticipationLevel
    source: Literal["session", "assessment"]
    user_view: ParticipationLevel | None = None


class GateLevelPublic(BaseModel):
    on: date
    to_stage: Stage
    level: ParticipationLevel | None = Field(description="The latest reading on that day.")


class ParticipationPublic(BaseModel):
    current: ParticipationLevel | None
    distance: int = Field(description="Signed rungs from the first reading to the latest.")
    readings: list[ReadingPublic]
    at_gates: list[GateLevelPublic]


class DistributionPublic(BaseModel):
    projects: int = Field(description="Active enrolled projects in the window.")
    by_level: dict[str, int] = Field(
        description="Projects whose latest reading by the window's last day is on each rung "
        "(lowest first), and `no_reading` for those without one."
    )
    share_co_producing_or_above: float = Field(
        description="The LADDER indicator of the window (0-1)."
    )


class LadderWindowPublic(BaseModel):
    label: str = Field(description="`now`, a reporting period's label or a month (YYYY-MM).")
    start: date = Field(serialization_alias="from")
    end: date = Field(serialization_alias="to")
    total: DistributionPublic
    by_target_group: dict[str, DistributionPublic]


class LadderSummaryPublic(BaseModel):
    programme_id: UUID
    programme: str
    as_known_at: datetime
    by: Literal["period", "month"]
    now: LadderWindowPublic
    over_time: list[LadderWindowPublic]
