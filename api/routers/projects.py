"""Micro projects: proposal, team, coaches, needs, stage gates, pause, resume, closure."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.deps import GuardDep, ReadModelsDep
from api.docs import CREATED, PROJECTED, READ, UPDATED, WRITE_RESPONSE_HEADERS
from api.paging import (
    EMBEDDED_SESSIONS,
    Cursor,
    Limit,
    page_of,
    parse_cursor,
    with_embedded_sessions,
)
from api.replies import answer, documented
from api.schemas.common import WriteResult
from api.schemas.projects import (
    AcceleratorSelectionCreate,
    Closure,
    CoachAssignment,
    CoachRelease,
    NeedCreate,
    NeedRecordedResult,
    Pause,
    ProjectCreate,
    ProjectPublic,
    ProjectsPublic,
    Resumption,
    StageHistoryPublic,
    StageTransition,
    TeamMemberCreate,
    TeamMemberRemoval,
)
from api.writes import ChangeDep, WriteDep
from app.access import Action
from domain.errors import ProjectNotFound
from domain.values import Stage, Status, TargetGroup
from projections.summaries import SummaryFilter

router = APIRouter(prefix="/projects", tags=["projects"])


@router.post(
    "",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Propose a project in a network; it starts in stage `idea` (coordinator)",
)
def propose_project(body: ProjectCreate, guard: GuardDep, write: WriteDep) -> JSONResponse:
    principal = guard.network(body.network_id, Action.PROPOSE_PROJECT)
    return write.run(
        lambda: body.propose(guard.incubator, principal.actor),
        status_code=201,
        location="/projects/{id}",
    )


@router.get(
    "",
    response_model=documented(ProjectsPublic),
    responses=PROJECTED,
    summary="Project summaries, filtered (a coach sees the projects they coach)",
)
def list_projects(
    guard: GuardDep,
    read_models: ReadModelsDep,
    stage: Stage | None = None,
    status: Status | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    network_id: UUID | None = None,
    coach_id: UUID | None = None,
    target_group: TargetGroup | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> JSONResponse:
    where = guard.listing(
        SummaryFilter.of(stage, status, country, network_id, coach_id, target_group)
    )
    rows = read_models.list_projects(where, limit + 1, parse_cursor(cursor, date.fromisoformat))
    page, next_cursor = page_of(rows, limit)
    return answer(guard.principal, {"items": page, "next_cursor": next_cursor}, ProjectsPublic)


@router.get(
    "/{project_id}/stage-history",
    response_model=documented(StageHistoryPublic),
    responses=PROJECTED,
    summary="Every period the project spent in a stage, with the days it took",
)
def stage_history(project_id: UUID, guard: GuardDep, read_models: ReadModelsDep) -> JSONResponse:
    guard.project_scope(project_id, Action.READ_PROJECT)
    periods = read_models.stage_periods(project_id, guard.today())
    if not periods:
        raise ProjectNotFound(project_id)
    reply = {"project_id": project_id, "periods": periods}
    return answer(guard.principal, reply, StageHistoryPublic)


@router.get(
    "/{project_id}",
    response_model=documented(ProjectPublic),
    responses={**READ, 200: {"headers": {"ETag": WRITE_RESPONSE_HEADERS["ETag"]}}},
    summary="A project's current state, replayed from its event stream (never stale)",
)
def get_project(
    project_id: UUID,
    guard: GuardDep,
    sessions_limit: Annotated[
        int, Query(ge=1, le=500, description="Sessions to embed (default 50, max 500).")
    ] = EMBEDDED_SESSIONS,
) -> JSONResponse:
    guard.project(project_id, Action.READ_PROJECT)
    project = guard.incubator.get_project(project_id)
    reply = with_embedded_sessions(project, sessions_limit)
    return answer(guard.principal, reply, ProjectPublic, {"ETag": f'"{project.version}"'})


@router.post(
    "/{project_id}/team",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Add a person to the team (coach, coordinator)",
)
def add_team_member(project_id: UUID, body: TeamMemberCreate, change: ChangeDep) -> JSONResponse:
    return change.project(project_id, Action.MANAGE_TEAM, body.command)


@router.delete(
    "/{project_id}/team/{person_id}",
    response_model=WriteResult,
    responses=UPDATED,
    summary="Remove a person from the team, with a reason in the body",
)
def remove_team_member(
    project_id: UUID, person_id: UUID, body: TeamMemberRemoval, change: ChangeDep
) -> JSONResponse:
    return change.project(project_id, Action.MANAGE_TEAM, lambda: body.command(person_id), 200)


@router.post(
    "/{project_id}/coaches",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Assign a coach (coordinator)",
)
def assign_coach(project_id: UUID, body: CoachAssignment, change: ChangeDep) -> JSONResponse:
    return change.project(project_id, Action.ASSIGN_COACH, body.command)


@router.delete(
    "/{project_id}/coaches/{coach_id}",
    response_model=WriteResult,
    responses=UPDATED,
    summary="Release a coach from the project, with a reason in the body (coordinator)",
)
def release_coach(
    project_id: UUID, coach_id: UUID, body: CoachRelease, change: ChangeDep
) -> JSONResponse:
    return change.project(project_id, Action.ASSIGN_COACH, lambda: body.command(coach_id), 200)


@router.post(
    "/{project_id}/needs",
    status_code=201,
    response_model=NeedRecordedResult,
    responses=CREATED,
    summary="Record a need found with an empowerment tool (coach, coordinator)",
)
def record_need(project_id: UUID, body: NeedCreate, change: ChangeDep) -> JSONResponse:
    return change.project(project_id, Action.RECORD_NEED, body.command)


@router.post(
    "/{project_id}/stage-transitions",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Move to the next stage (gated; coordinator may override) or one stage back",
)
def change_stage(project_id: UUID, body: StageTransition, change: ChangeDep) -> JSONResponse:
    return change.project(project_id, Action.DECIDE_STAGE, body.command)


@router.post(
    "/{project_id}/pause",
    response_model=WriteResult,
    responses=UPDATED,
    summary="Pause an active project (coordinator)",
)
def pause(project_id: UUID, body: Pause, change: ChangeDep) -> JSONResponse:
    return change.project(project_id, Action.CHANGE_STATUS, body.command, 200)


@router.post(
    "/{project_id}/resume",
    response_model=WriteResult,
    responses=UPDATED,
    summary="Resume a paused project (coordinator)",
)
def resume(project_id: UUID, body: Resumption, change: ChangeDep) -> JSONResponse:
    return change.project(project_id, Action.CHANGE_STATUS, body.command, 200)


@router.post(
    "/{project_id}/closure",
    response_model=WriteResult,
    responses=UPDATED,
    summary="Close with an outcome; `independent` is gated (coordinator); no writes after",
)
def close(project_id: UUID, body: Closure, change: ChangeDep) -> JSONResponse:
    return change.project(project_id, Action.CHANGE_STATUS, body.command, 200)


@router.post(
    "/{project_id}/accelerator",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Select the project for an accelerator cohort (coordinator); with `programme`, "
    "enrol it there too, in the same write",
)
def select_for_accelerator(
    project_id: UUID, body: AcceleratorSelectionCreate, change: ChangeDep
) -> JSONResponse:
    incubator = change.guard.incubator
    return change.project(project_id, Action.SELECT_ACCELERATOR, lambda: body.enrolling(incubator))
