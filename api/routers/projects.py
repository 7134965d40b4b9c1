"""Micro projects: proposal, team, coaches, needs, stage gates, pause, resume, closure."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api import schemas as s
from api.deps import GuardDep, ReadModelsDep
from api.docs import PROJECTED, READ, WRITE
from api.mapping import cursor_of, parse_cursor, project_public
from api.routers.common import WRITE_RESPONSE_HEADERS, WriteDep
from api.writes import IfMatch, expected_version, result_body
from app.access import Action, listing_coach
from domain.errors import ProjectNotFound
from domain.values import Stage, Status, TargetGroup
from projections.summaries import SummaryFilter

router = APIRouter(prefix="/projects", tags=["projects"])
CREATED = {**WRITE, 201: {"headers": WRITE_RESPONSE_HEADERS}}
UPDATED = {**WRITE, 200: {"headers": WRITE_RESPONSE_HEADERS}}


@router.post(
    "",
    status_code=201,
    response_model=s.WriteResult,
    responses=CREATED,
    summary="Propose a project in a network; it starts in stage `idea` (coordinator)",
)
def propose_project(body: s.ProjectCreate, guard: GuardDep, write: WriteDep) -> JSONResponse:
    principal = guard.network(body.network_id, Action.PROPOSE_PROJECT)
    return write.run(
        lambda: guard.incubator.propose_project(
            title=body.title,
            network_id=body.network_id,
            target_group=body.target_group,
            summary=body.summary,
            actor=principal.actor,
            proposed_on=body.proposed_on,
        ),
        status_code=201,
    )


@router.get(
    "",
    response_model=s.ProjectsPublic,
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
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> s.ProjectsPublic:
    principal = guard.require(Action.READ_PROJECT)
    coach_id = listing_coach(principal, coach_id)
    where = SummaryFilter(
        stage=stage.value if stage else None,
        status=status.value if status else None,
        country=country.upper() if country else None,
        network_id=network_id,
        coach_id=coach_id,
        target_group=target_group.value if target_group else None,
    )
    rows = read_models.list_projects(where, limit + 1, parse_cursor(cursor, date.fromisoformat))
    page = rows[:limit]
    next_cursor = (
        cursor_of(page[-1].proposed_on, page[-1].project_id) if len(rows) > limit else None
    )
    return s.ProjectsPublic(
        items=[s.ProjectSummaryPublic.model_validate(r, from_attributes=True) for r in page],
        next_cursor=next_cursor,
    )


@router.get(
    "/{project_id}/stage-history",
    response_model=s.StageHistoryPublic,
    responses=PROJECTED,
    summary="Every period the project spent in a stage, with the days it took",
)
def stage_history(
    project_id: UUID, guard: GuardDep, read_models: ReadModelsDep
) -> s.StageHistoryPublic:
    guard.project_scope(project_id, Action.READ_PROJECT)
    periods = read_models.stage_periods(project_id, guard.today())
    if not periods:
        raise ProjectNotFound(project_id)
    return s.StageHistoryPublic(
        project_id=project_id,
        periods=[s.StagePeriodPublic.model_validate(p, from_attributes=True) for p in periods],
    )


@router.get(
    "/{project_id}",
    response_model=s.ProjectPublic,
    responses={**READ, 200: {"headers": {"ETag": WRITE_RESPONSE_HEADERS["ETag"]}}},
    summary="A project's current state, replayed from its event stream (never stale)",
)
def get_project(project_id: UUID, guard: GuardDep) -> JSONResponse:
    guard.project(project_id, Action.READ_PROJECT)
    project = guard.incubator.get_project(project_id)
    body = project_public(project).model_dump(mode="json")
    return JSONResponse(body, headers={"ETag": f'"{project.version}"'})


@router.post(
    "/{project_id}/team",
    status_code=201,
    response_model=s.WriteResult,
    responses=CREATED,
    summary="Add a person to the team (coach, coordinator)",
)
def add_team_member(
    project_id: UUID,
    body: s.TeamMemberCreate,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.MANAGE_TEAM)
    return write.run(
        lambda: guard.incubator.add_team_member(
            project_id,
            person_id=body.person_id,
            role=body.role,
            joined_on=body.joined_on,
            actor=guard.principal.actor,
            expected_version=expected_version(if_match),
        ),
        status_code=201,
    )


@router.delete(
    "/{project_id}/team/{person_id}",
    response_model=s.WriteResult,
    responses=UPDATED,
    summary="Remove a person from the team, with a reason in the body",
)
def remove_team_member(
    project_id: UUID,
    person_id: UUID,
    body: s.TeamMemberRemoval,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.MANAGE_TEAM)
    return write.run(
        lambda: guard.incubator.remove_team_member(
            project_id,
            person_id=person_id,
            reason=body.reason,
            left_on=body.left_on,
            actor=guard.principal.actor,
            expected_version=expected_version(if_match),
        )
    )


@router.post(
    "/{project_id}/coaches",
    status_code=201,
    response_model=s.WriteResult,
    responses=CREATED,
    summary="Assign a coach (coordinator)",
)
def assign_coach(
    project_id: UUID,
    body: s.CoachAssignment,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.ASSIGN_COACH)
    return write.run(
        lambda: guard.incubator.assign_coach(
            project_id,
            coach_id=body.coach_id,
            actor=guard.principal.actor,
            expected_version=expected_version(if_match),
        ),
        status_code=201,
    )


@router.post(
    "/{project_id}/needs",
    status_code=201,
    response_model=s.NeedRecordedResult,
    responses=CREATED,
    summary="Record a need found with an empowerment tool (coach, coordinator)",
)
def record_need(
    project_id: UUID,
    body: s.NeedCreate,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.RECORD_NEED)
    need_id = uuid4()
    return write.run(
        lambda: guard.incubator.record_need(
            project_id,
            description=body.description,
            tool=body.tool,
            identified_on=body.identified_on,
            actor=guard.principal.actor,
            need_id=need_id,
            expected_version=expected_version(if_match),
        ),
        render=lambda r: result_body(r, need_id=str(need_id)),
        status_code=201,
    )


@router.post(
    "/{project_id}/stage-transitions",
    status_code=201,
    response_model=s.WriteResult,
    responses=CREATED,
    summary="Move to the next stage (gated; coordinator may override) or one stage back",
)
def change_stage(
    project_id: UUID,
    body: s.StageTransition,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.DECIDE_STAGE)
    return write.run(
        lambda: guard.incubator.change_stage(
            project_id,
            to=body.to,
            rationale=body.rationale,
            actor=guard.principal.actor,
            override=body.override,
            decided_on=body.decided_on,
            expected_version=expected_version(if_match),
        ),
        status_code=201,
    )


@router.post(
    "/{project_id}/pause",
    response_model=s.WriteResult,
    responses=UPDATED,
    summary="Pause an active project (coordinator)",
)
def pause(
    project_id: UUID,
    body: s.Pause,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.CHANGE_STATUS)
    return write.run(
        lambda: guard.incubator.pause_project(
            project_id,
            reason=body.reason,
            actor=guard.principal.actor,
            paused_on=body.paused_on,
            expected_version=expected_version(if_match),
        )
    )


@router.post(
    "/{project_id}/resume",
    response_model=s.WriteResult,
    responses=UPDATED,
    summary="Resume a paused project (coordinator)",
)
def resume(
    project_id: UUID,
    body: s.Resumption,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.CHANGE_STATUS)
    return write.run(
        lambda: guard.incubator.resume_project(
            project_id,
            reason=body.reason,
            actor=guard.principal.actor,
            resumed_on=body.resumed_on,
            expected_version=expected_version(if_match),
        )
    )


@router.post(
    "/{project_id}/closure",
    response_model=s.WriteResult,
    responses=UPDATED,
    summary="Close with an outcome; `independent` is gated (coordinator); no writes after",
)
def close(
    project_id: UUID,
    body: s.Closure,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.CHANGE_STATUS)
    return write.run(
        lambda: guard.incubator.close_project(
            project_id,
            outcome=body.outcome,
            rationale=body.rationale,
            actor=guard.principal.actor,
            override=body.override,
            closed_on=body.closed_on,
            expected_version=expected_version(if_match),
        )
    )


@router.post(
    "/{project_id}/accelerator",
    status_code=201,
    response_model=s.WriteResult,
    responses=CREATED,
    summary="Select the project for an accelerator cohort (coordinator)",
)
def select_for_accelerator(
    project_id: UUID,
    body: s.AcceleratorSelectionCreate,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.SELECT_ACCELERATOR)
    return write.run(
        lambda: guard.incubator.select_for_accelerator(
            project_id,
            cohort=body.cohort,
            selected_on=body.selected_on,
            actor=guard.principal.actor,
            expected_version=expected_version(if_match),
        ),
        status_code=201,
    )
