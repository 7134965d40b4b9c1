"""Bodies of gate reviews: a coach proposes a stage change, a coordinator decides it."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import LongText, Reason, Request, WriteResult
from app import commands as c
from domain.catalogue import STAGE_GATES
from domain.project import GateReview
from domain.values import Stage


class GateReviewCreate(Request):
    to: Stage = Field(description="The stage proposed: the next one or the previous one.")
    note: LongText = Field(description="Why now, and the evidence the coordinator should see.")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"to": "co_creation", "note": "Needs assessed with 7 parents."}]
        },
    )

    def command(self) -> c.RequestGateReview:
        return c.RequestGateReview(self.to, self.note)


class GateReviewDecline(Request):
    reason: Reason

    def command(self, review_id: UUID) -> c.DeclineGateReview:
        return c.DeclineGateReview(review_id, self.reason)


class GateReviewRequestedResult(WriteResult):
    review_id: UUID


class GateReviewPublic(BaseModel):
    review_id: UUID
    to: Stage
    note: str
    requested_by: str
    requested_at: date
    state: str = Field(description="open or decided", examples=["open"])
    decision: str | None = Field(
        description="advanced, reverted or declined, once decided", examples=["advanced"]
    )
    decided_by: str | None
    decided_on: date | None
    reason: str | None = Field(description="Why it was declined.")
    missing_milestones: list[str] = Field(
        description="For a forward move: the gate's milestones not reached now."
    )

    @classmethod
    def of(cls, review: GateReview, stage: Stage, reached: frozenset[str]) -> GateReviewPublic:
        gate = STAGE_GATES.get((stage, review.to_stage))
        missing = [] if gate is None else sorted({m for g in gate.missing(reached) for m in g})
        return cls(
            review_id=review.review_id,
            to=review.to_stage,
            note=review.note,
            requested_by=review.requested_by,
            requested_at=review.requested_on,
            state="open" if review.open else "decided",
            decision=None if review.open else review.state,
            decided_by=review.decided_by or None,
            decided_on=review.decided_on,
            reason=review.reason or None,
            missing_milestones=missing if review.open else [],
        )


class GateReviewsPublic(BaseModel):
    items: list[GateReviewPublic]
