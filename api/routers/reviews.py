"""Gate reviews: a coach proposes a stage change, the coordinator decides it (or declines)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import GuardDep
from api.docs import CREATED, READ
from api.replies import answer, documented
from api.schemas.common import WriteResult
from api.schemas.reviews import (
    GateReviewCreate,
    GateReviewDecline,
    GateReviewPublic,
    GateReviewRequestedResult,
    GateReviewsPublic,
)
from api.writes import ChangeDep
from app.access import Action

router = APIRouter(prefix="/projects/{project_id}/gate-reviews", tags=["gate reviews"])


@router.post(
    "",
    status_code=201,
    response_model=GateReviewRequestedResult,
    responses=CREATED,
    summary="Propose a stage change for the coordinator to decide (assigned coach, coordinator)",
)
def request_review(project_id: UUID, body: GateReviewCreate, change: ChangeDep) -> JSONResponse:
    return change.project(project_id, Action.PROPOSE_STAGE, body.command)


@router.get(
    "",
    response_model=documented(GateReviewsPublic),
    responses=READ,
    summary="The project's gate reviews, open and decided, with the milestones still missing",
)
def list_reviews(project_id: UUID, guard: GuardDep) -> JSONResponse:
    guard.project(project_id, Action.READ_PROJECT)
    project = guard.incubator.get_project(project_id)
    reached = project.reached_milestones
    items = [GateReviewPublic.of(r, project.stage, reached) for r in project.gate_reviews]
    return answer(guard.principal, {"items": items}, GateReviewsPublic)


@router.post(
    "/{review_id}/decline",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Close a gate review without a stage change, with a reason (coordinator)",
)
def decline_review(
    project_id: UUID, review_id: UUID, body: GateReviewDecline, change: ChangeDep
) -> JSONResponse:
    return change.project(project_id, Action.DECIDE_STAGE, lambda: body.command(review_id))
