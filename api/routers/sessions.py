"""Support sessions: logged by coaches, corrected or withdrawn by new events, never edited."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import GuardDep, ReadModelsDep
from api.docs import CREATED, PROJECTED
from api.paging import Cursor, Limit, page_of, parse_cursor
from api.replies import answer, documented
from api.schemas.common import WriteResult
from api.schemas.sessions import (
    CoachingHistoryPublic,
    CoachSessionsPublic,
    ProjectSessionsPublic,
    SessionCorrection,
    SessionCreate,
    SessionLoggedResult,
    SessionWithdrawal,
)
from api.writes import ChangeDep
from app.access import Action
from domain.errors import ProjectNotFound
from projections.coaching import HourTotals, SessionEntry

router = APIRouter(tags=["sessions"])
SESSIONS = "/projects/{project_id}/sessions"


@router.post(
    SESSIONS,
    status_code=201,
    response_model=SessionLoggedResult,
    responses=CREATED,
    summary="Log a support session (assigned coach, coordinator)",
)
def log_session(project_id: UUID, body: SessionCreate, change: ChangeDep) -> JSONResponse:
    coach = change.principal.person_id
    return change.project(project_id, Action.LOG_SESSION, lambda: body.command(coach))


@router.post(
    SESSIONS + "/{session_id}/corrections",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Correct a logged session: the changed fields and a reason",
)
def correct_session(
    project_id: UUID, session_id: UUID, body: SessionCorrection, change: ChangeDep
) -> JSONResponse:
    return change.project(project_id, Action.LOG_SESSION, lambda: body.command(session_id))


@router.post(
    SESSIONS + "/{session_id}/withdrawal",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Withdraw a logged session, with a reason",
)
def withdraw_session(
    project_id: UUID, session_id: UUID, body: SessionWithdrawal, change: ChangeDep
) -> JSONResponse:
    return change.project(project_id, Action.LOG_SESSION, lambda: body.command(session_id))


@router.get(
    SESSIONS,
    response_model=documented(ProjectSessionsPublic),
    responses=PROJECTED,
    summary="The project's sessions in time order, a page at a time, with the hours of all",
)
def project_sessions(
    project_id: UUID,
    guard: GuardDep,
    read_models: ReadModelsDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> JSONResponse:
    page, next_cursor, hours = _session_page(project_id, guard, read_models, limit, cursor)
    reply = {"project_id": project_id, "items": page, "next_cursor": next_cursor, "hours": hours}
    return answer(guard.principal, reply, ProjectSessionsPublic)


@router.get(
    "/projects/{project_id}/coaching-history",
    response_model=documented(CoachingHistoryPublic),
    responses=PROJECTED,
    summary="Sessions in time order, a page at a time (corrections applied, withdrawals "
    "marked), and hours by type, coach and month of all of them",
)
def coaching_history(
    project_id: UUID,
    guard: GuardDep,
    read_models: ReadModelsDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> JSONResponse:
    page, next_cursor, hours = _session_page(project_id, guard, read_models, limit, cursor)
    reply = {"project_id": project_id, "sessions": page, "next_cursor": next_cursor, "hours": hours}
    return answer(guard.principal, reply, CoachingHistoryPublic)


def _session_page(
    project_id: UUID, guard: GuardDep, read_models: ReadModelsDep, limit: int, cursor: str | None
) -> tuple[list[SessionEntry], str | None, HourTotals]:
    guard.project_scope(project_id, Action.READ_PROJECT)
    after = parse_cursor(cursor, datetime.fromisoformat)
    if not read_models.stage_periods(project_id, guard.today()):
        raise ProjectNotFound(project_id)
    rows, hours = read_models.project_sessions(project_id, limit + 1, after)
    page, next_cursor = page_of(rows, limit)
    return page, next_cursor, hours


@router.get(
    "/coaches/{coach_id}/sessions",
    response_model=documented(CoachSessionsPublic),
    responses=PROJECTED,
    summary="A coach's sessions across projects, in time order, with their hours (a "
    "coordinator sees those of their networks' projects only)",
)
def coach_sessions(
    coach_id: UUID,
    guard: GuardDep,
    read_models: ReadModelsDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> JSONResponse:
    scope = guard.coach_sessions(coach_id)
    principal = guard.principal
    after = parse_cursor(cursor, datetime.fromisoformat)
    sessions, hours = read_models.coach_sessions(
        coach_id, limit + 1, after, scope.network_coordinator, scope.programme_id
    )
    page, next_cursor = page_of(sessions, limit)
    reply = {"coach_id": coach_id, "items": page, "next_cursor": next_cursor, "hours": hours}
    return answer(principal, reply, CoachSessionsPublic)
