"""The participation ladder of a project over time, and co-assessments with its users."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import GuardDep
from api.docs import CREATED, READ
from api.replies import answer, documented
from api.schemas.common import WriteResult
from api.schemas.participation import AssessmentCreate, ParticipationPublic
from api.writes import ChangeDep
from app.access import Action
from app.participation import participation

router = APIRouter(prefix="/projects/{project_id}", tags=["participation"])


@router.get(
    "/participation",
    response_model=documented(ParticipationPublic),
    responses=READ,
    summary="Ladder readings from sessions and co-assessments, the current level, the "
    "distance travelled and the level at each gate decision",
)
def read_participation(project_id: UUID, guard: GuardDep) -> JSONResponse:
    guard.project_scope(project_id, Action.READ_PROJECT)
    return answer(guard.principal, participation(guard.incubator, project_id), ParticipationPublic)


@router.post(
    "/participation-assessments",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Record a ladder reading made together with the service users (assigned coach, "
    "coordinator)",
)
def assess(project_id: UUID, body: AssessmentCreate, change: ChangeDep) -> JSONResponse:
    return change.project(project_id, Action.ASSESS_PARTICIPATION, body.command)
