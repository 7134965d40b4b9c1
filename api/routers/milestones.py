"""The milestone catalogue, and milestones reached or revoked in a project."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api import schemas as s
from api.deps import GuardDep, PrincipalDep, ReadModelsDep
from api.docs import PROJECTED, READ, WRITE
from api.mapping import evidence
from api.routers.common import WRITE_RESPONSE_HEADERS, WriteDep
from api.writes import IfMatch, expected_version
from app.access import Action
from domain.catalogue import CATALOGUE_VERSION, MILESTONES, gates_served_by
from domain.errors import ProjectNotFound

router = APIRouter(tags=["milestones"])


@router.get(
    "/milestones",
    response_model=s.CataloguePublic,
    responses=READ,
    summary="The sustainability milestone catalogue",
)
def catalogue(_principal: PrincipalDep) -> s.CataloguePublic:
    return s.CataloguePublic(
        version=CATALOGUE_VERSION,
        items=[
            s.MilestonePublic(
                id=m.id, title=m.title, family=m.family, gates=list(gates_served_by(m.id))
            )
            for m in MILESTONES.values()
        ],
    )


@router.get(
    "/projects/{project_id}/milestones",
    response_model=s.MilestoneBoardPublic,
    responses=PROJECTED,
    summary="Every catalogue milestone: reached?, when, evidence, the gates it serves; scores",
)
def milestone_board(
    project_id: UUID, guard: GuardDep, read_models: ReadModelsDep
) -> s.MilestoneBoardPublic:
    guard.project_scope(project_id, Action.READ_PROJECT)
    if not read_models.stage_periods(project_id, guard.today()):
        raise ProjectNotFound(project_id)
    board = read_models.milestone_board(project_id)
    return s.MilestoneBoardPublic.model_validate(board, from_attributes=True)


@router.post(
    "/projects/{project_id}/milestones",
    status_code=201,
    response_model=s.WriteResult,
    responses={**WRITE, 201: {"headers": WRITE_RESPONSE_HEADERS}},
    summary="Record a milestone reached, with evidence (coach, coordinator); unknown id → 422",
)
def reach_milestone(
    project_id: UUID,
    body: s.MilestoneReach,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.RECORD_MILESTONE)
    return write.run(
        lambda: guard.incubator.reach_milestone(
            project_id,
            milestone_id=body.milestone_id,
            reached_on=body.reached_on,
            evidence=evidence(body.evidence),
            actor=guard.principal.actor,
            expected_version=expected_version(if_match),
        ),
        status_code=201,
    )


@router.post(
    "/projects/{project_id}/milestones/{milestone_id}/revocation",
    status_code=201,
    response_model=s.WriteResult,
    responses={**WRITE, 201: {"headers": WRITE_RESPONSE_HEADERS}},
    summary="Revoke a reached milestone, with a reason (coach, coordinator)",
)
def revoke_milestone(
    project_id: UUID,
    milestone_id: str,
    body: s.MilestoneRevocation,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.RECORD_MILESTONE)
    return write.run(
        lambda: guard.incubator.revoke_milestone(
            project_id,
            milestone_id=milestone_id,
            reason=body.reason,
            actor=guard.principal.actor,
            expected_version=expected_version(if_match),
        ),
        status_code=201,
    )
