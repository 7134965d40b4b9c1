"""Support sessions: logged by coaches, corrected or withdrawn by new events, never edited."""

from __future__ import annotations

from uuid import UUID, uuid4

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api import schemas as s
from api.deps import GuardDep
from api.docs import WRITE
from api.mapping import session_changes, session_details
from api.routers.common import WRITE_RESPONSE_HEADERS, WriteDep
from api.writes import IfMatch, expected_version, result_body
from app.access import Action

router = APIRouter(prefix="/projects/{project_id}/sessions", tags=["sessions"])
CREATED = {**WRITE, 201: {"headers": WRITE_RESPONSE_HEADERS}}


@router.post(
    "",
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
    "/{session_id}/corrections",
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
    "/{session_id}/withdrawal",
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
