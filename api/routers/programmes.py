"""Programmes (an admin creates them, every role reads them) and enrolments of projects."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import GuardDep, ReadModelsDep
from api.docs import CREATED, PROJECTED, READ
from api.paging import Cursor, Limit, page_of, parse_cursor
from api.replies import answer, documented
from api.schemas.common import WriteResult
from api.schemas.programmes import (
    EnrolmentCreate,
    ProgrammeCreate,
    ProgrammePublic,
    ProgrammesPublic,
)
from api.writes import ChangeDep, WriteDep
from app.access import Action
from app.programmes import get_programme
from projections import programmes

router = APIRouter(tags=["programmes"])


@router.post(
    "/programmes",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Create a programme with its reporting periods (admin)",
)
def create_programme(body: ProgrammeCreate, guard: GuardDep, write: WriteDep) -> JSONResponse:
    actor = guard.require(Action.CREATE_PROGRAMME).actor
    return write.run(
        lambda: body.create(guard.incubator, actor), status_code=201, location="/programmes/{id}"
    )


@router.get(
    "/programmes",
    response_model=documented(ProgrammesPublic),
    responses=PROJECTED,
    summary="The programmes, by name, with their periods and how many projects are enrolled "
    "(a programme-scoped token: its own)",
)
def list_programmes(
    guard: GuardDep, read_models: ReadModelsDep, limit: Limit = 50, cursor: Cursor = None
) -> JSONResponse:
    principal = guard.require(Action.READ_PROGRAMME)
    after = parse_cursor(cursor, str)
    with read_models.engine.connect() as connection:
        rows = programmes.list_programmes(connection, limit + 1, after, principal.programme_id)
    page, next_cursor = page_of(rows, limit)
    return answer(principal, {"items": page, "next_cursor": next_cursor}, ProgrammesPublic)


@router.get(
    "/programmes/{programme_id}",
    response_model=documented(ProgrammePublic),
    responses=READ,
    summary="A programme with its periods (from its own stream, never stale)",
)
def read_programme(programme_id: UUID, guard: GuardDep) -> JSONResponse:
    principal = guard.programme(programme_id, Action.READ_PROGRAMME)
    return answer(principal, get_programme(guard.incubator, programme_id), ProgrammePublic)


@router.post(
    "/projects/{project_id}/enrolments",
    status_code=201,
    response_model=WriteResult,
    responses=CREATED,
    summary="Enrol the project in a programme (its coordinator); several over its life",
)
def enrol(project_id: UUID, body: EnrolmentCreate, change: ChangeDep) -> JSONResponse:
    incubator = change.guard.incubator
    return change.project(project_id, Action.ENROL, lambda: body.command(incubator))
