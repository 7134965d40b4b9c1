"""Bodies of the milestone catalogue and a project's milestone board."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
)

from api.schemas.common import Link, MilestoneId, Reason, Request
from app import commands as c
from domain.catalogue import Family
from domain.values import Evidence


class EvidenceIn(Request):
    note: Annotated[str, StringConstraints(max_length=10_000)] = ""
    links: list[Link] = Field(default_factory=list, max_length=50)


class MilestoneReach(Request):
    milestone_id: MilestoneId
    reached_on: date
    evidence: EvidenceIn

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "milestone_id": "NEED-01",
                    "reached_on": "2017-03-02",
                    "evidence": {"note": "needs workshop with 7 parents", "links": []},
                }
            ]
        },
    )

    def command(self) -> c.ReachMilestone:
        evidence = Evidence(note=self.evidence.note, links=tuple(self.evidence.links))
        return c.ReachMilestone(self.milestone_id, self.reached_on, evidence)


class MilestoneRevocation(Request):
    reason: Reason

    def command(self, milestone_id: str) -> c.RevokeMilestone:
        return c.RevokeMilestone(milestone_id, self.reason)


class EvidencePublic(BaseModel):
    note: str
    links: list[str]


class MilestoneRecordPublic(BaseModel):
    milestone_id: str
    reached_on: date
    evidence: EvidencePublic
    recorded_by: str
    catalogue_version: int
    revoked: bool
    revoked_reason: str
    revoked_by: str


class MilestonePublic(BaseModel):
    id: str
    title: str
    family: Family
    gates: list[str]


class CataloguePublic(BaseModel):
    version: int
    items: list[MilestonePublic]


class MilestoneStandingPublic(BaseModel):
    milestone_id: str
    title: str
    family: Family
    gates: list[str] = Field(description="The gates this milestone counts towards.")
    reached: bool
    reached_on: date | None
    evidence_note: str | None
    evidence_links: list[str]
    recorded_by: str | None
    revoked: bool
    revoked_reason: str | None


class FamilyScorePublic(BaseModel):
    family: Family
    reached: int
    total: int
    score: float = Field(ge=0, le=1)


class MilestoneBoardPublic(BaseModel):
    project_id: UUID
    catalogue_version: int
    score: float = Field(ge=0, le=1, description="Share of the catalogue reached.")
    families: list[FamilyScorePublic]
    milestones: list[MilestoneStandingPublic]
