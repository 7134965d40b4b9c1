"""The milestone catalogue, and milestones reached or revoked in a project."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import GuardDep, PrincipalDep, ReadModelsDep
from api.docs import CREATED, PROJECTED, READ
from api.replies import answer, documented
from api.schemas.common import WriteResult
from api.schemas.milestones import (
    CataloguePublic,
    MilestoneBoardPublic,
    MilestonePublic,
    MilestoneReach,
    MilestoneRevocation,
)
from api.writes import ChangeDep
from app.access import Action
from domain.catalogue import CATALOGUE_VERSION, MILESTONES, gates_served_by
from domain.errors import ProjectNotFound

router = APIRouter(tags=["milestones"])


@router.get(
    "/milestones",
    response_model=CataloguePublic,
    responses=READ,
    summary="The sustainability milestone catalogue",
)
def catalogue(_principal: PrincipalDep) -> CataloguePublic:
    return CataloguePublic(
        version=CATALOGUE_VERSION,
        items=[
            MilestonePublic(
                id=m.id, title=m.title, family=m.family, gates=list(gates_served_by(m.id))
            )
            for m in MILESTONES.values()
        ],
    )


@router.get(
    "/projects/{project_id}/milestones",
    response_model=documented(MilestoneBoardPublic),
    responses=PROJECTED,
    summary="Every catalogue milestone: reached?, when, evidence, the gates it serves; scores",
)
def milestone_board(project_id: UUID, guard: GuardDep, read_models: ReadModelsDep) -> JSONResponse:
    guard.project_scope(project_id, Action.READ_PROJECT)
    if not read_models.stage_periods(project_id, guard.today()):
        raise ProjectNotFound(project_id)
    return answer(guard.principal, read_models.milestone_board(project_id), MilestoneBoardPublic)


@router.post(
    "/projects/{project_id}/milestones",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Record a milestone reached, with evidence (coach, coordinator); unknown id → 422",
)
def reach_milestone(project_id: UUID, body: MilestoneReach, change: ChangeDep) -> JSONResponse:
    return change.project(project_id, Action.RECORD_MILESTONE, body.command)


@router.post(
    "/projects/{project_id}/milestones/{milestone_id}/revocation",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Revoke a reached milestone, with a reason (coach, coordinator)",
)
def revoke_milestone(
    project_id: UUID, milestone_id: str, body: MilestoneRevocation, change: ChangeDep
) -> JSONResponse:
    return change.project(project_id, Action.RECORD_MILESTONE, lambda: body.command(milestone_id))
