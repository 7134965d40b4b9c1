"""Support sessions: logged by coaches, corrected or withdrawn by new events, never edited."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID, uuid4

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api import schemas as s
from api.deps import GuardDep, ReadModelsDep
from api.docs import PROJECTED, WRITE
from api.mapping import cursor_of, parse_cursor, session_changes, session_details
from api.routers.common import WRITE_RESPONSE_HEADERS, WriteDep
from api.writes import IfMatch, expected_version, result_body
from app.access import Action, listing_coach
from domain.errors import ProjectNotFound

router = APIRouter(tags=["sessions"])
SESSIONS = "/projects/{project_id}/sessions"
CREATED = {**WRITE, 201: {"headers": WRITE_RESPONSE_HEADERS}}


@router.post(
    SESSIONS,
    status_code=201,
    response_model=s.SessionLoggedResult,
    responses=CREATED,
    summary="Log a support session (assigned coach, coordinator)",
)
def log_session(
    project_id: UUID,
    body: s.SessionCreate,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.LOG_SESSION)
    session_id = uuid4()
    return write.run(
        lambda: guard.incubator.log_session(
            project_id,
            details=session_details(body, guard.principal.person_id),
            actor=guard.principal.actor,
            session_id=session_id,
            expected_version=expected_version(if_match),
        )[1],
        render=lambda r: result_body(r, session_id=str(session_id)),
        status_code=201,
    )


@router.post(
    SESSIONS + "/{session_id}/corrections",
    status_code=201,
    response_model=s.WriteResult,
    responses=CREATED,
    summary="Correct a logged session: the changed fields and a reason",
)
def correct_session(
    project_id: UUID,
    session_id: UUID,
    body: s.SessionCorrection,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.LOG_SESSION)
    return write.run(
        lambda: guard.incubator.correct_session(
            project_id,
            session_id,
            changes=session_changes(body.changes),
            reason=body.reason,
            actor=guard.principal.actor,
            expected_version=expected_version(if_match),
        ),
        status_code=201,
    )


@router.post(
    SESSIONS + "/{session_id}/withdrawal",
    status_code=201,
    response_model=s.WriteResult,
    responses=CREATED,
    summary="Withdraw a logged session, with a reason",
)
def withdraw_session(
    project_id: UUID,
    session_id: UUID,
    body: s.SessionWithdrawal,
    guard: GuardDep,
    write: WriteDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    guard.project(project_id, Action.LOG_SESSION)
    return write.run(
        lambda: guard.incubator.withdraw_session(
            project_id,
            session_id,
            reason=body.reason,
            actor=guard.principal.actor,
            expected_version=expected_version(if_match),
        ),
        status_code=201,
    )


@router.get(
    "/projects/{project_id}/coaching-history",
    response_model=s.CoachingHistoryPublic,
    responses=PROJECTED,
    summary="Sessions in time order (corrections applied, withdrawals marked) and hours by "
    "type, coach and month",
)
def coaching_history(
    project_id: UUID, guard: GuardDep, read_models: ReadModelsDep
) -> s.CoachingHistoryPublic:
    guard.project_scope(project_id, Action.READ_PROJECT)
    if not read_models.stage_periods(project_id, guard.today()):
        raise ProjectNotFound(project_id)
    sessions, hours = read_models.coaching_history(project_id)
    return s.CoachingHistoryPublic(
        project_id=project_id,
        sessions=[s.SessionEntryPublic.model_validate(e, from_attributes=True) for e in sessions],
        hours=s.HourTotalsPublic.model_validate(hours, from_attributes=True),
    )


@router.get(
    "/coaches/{coach_id}/sessions",
    response_model=s.CoachSessionsPublic,
    responses=PROJECTED,
    summary="A coach's sessions across projects, in time order, with their hours",
)
def coach_sessions(
    coach_id: UUID,
    guard: GuardDep,
    read_models: ReadModelsDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
) -> s.CoachSessionsPublic:
    principal = guard.require(Action.READ_PROJECT)
    if listing_coach(principal, coach_id) != coach_id:
        raise guard.forbidden(Action.READ_PROJECT, "another coach's sessions")
    after = parse_cursor(cursor, datetime.fromisoformat)
    sessions, hours = read_models.coach_sessions(coach_id, limit + 1, after)
    page = sessions[:limit]
    last = page[-1] if page else None
    more = len(sessions) > limit and last is not None
    return s.CoachSessionsPublic(
        coach_id=coach_id,
        items=[s.SessionEntryPublic.model_validate(e, from_attributes=True) for e in page],
        next_cursor=cursor_of(
            datetime.fromisoformat(last.details["started_at"]).astimezone(UTC), last.session_id
        )
        if more and last
        else None,
        hours=s.HourTotalsPublic.model_validate(hours, from_attributes=True),
    )
