"""Bodies and replies of /projects/{id}/participation(-assessments)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

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
