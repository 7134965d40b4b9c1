"""People: personal data, outside the event log and erasable."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.deps import ContainerDep, GuardDep, ReadModelsDep
from api.docs import PROJECTED, READ, WRITE
from api.paging import Limit
from api.schemas.people import (
    Erasure,
    ErasureResult,
    FreeTextMatch,
    PeopleFound,
    PersonCreate,
    PersonCreated,
    PersonFound,
    PersonPublic,
)
from api.writes import WriteDep
from app.access import Action
from app.privacy import erase_person as erase_with_matches
from domain.values import PersonRole
from store.receipts import CommandResult

router = APIRouter(prefix="/people", tags=["people"])


@router.post(
    "",
    status_code=201,
    response_model=PersonCreated,
    responses=WRITE,
    summary="Register a person (coach, coordinator, admin); the name stays out of the events",
)
def register_person(body: PersonCreate, guard: GuardDep, write: WriteDep) -> JSONResponse:
    guard.require(Action.REGISTER_PERSON)
    return write.run(
        lambda: body.register(guard.incubator),
        render=lambda r: {"id": str(r.id)},
        status_code=201,
        location="/people/{id}",
    )


@router.get(
    "",
    response_model=PeopleFound,
    responses=READ,
    summary="Find the people the caller works with, by role and name (a coach: their "
    "projects' teams and coaches; a coordinator: their networks' people, every coach and "
    "coordinator; auditor, admin: everyone; not for dashboards)",
)
def find_people(
    guard: GuardDep,
    read_models: ReadModelsDep,
    role: PersonRole | None = None,
    q: Annotated[
        str,
        Query(
            max_length=200,
            description="A part of the name: case-folded and Unicode-normalised (NFKC), so "
            "'STRASSE' finds 'Straße' and a decomposed 'é' finds a composed one.",
        ),
    ] = "",
    limit: Limit = 50,
    cursor: Annotated[UUID | None, Query(description="`next_cursor` of the previous page")] = None,
) -> PeopleFound:
    after = None
    if cursor is not None:
        # Read as `GET /people/{id}` reads: a cursor outside the caller's scope is a 404,
        # exactly as an unknown id, so a cursor cannot probe who exists or where they sort.
        after = guard.person(cursor, read_models).sort_key
    roles = None if role is None else frozenset({role})
    found = guard.find_people(roles, q, limit + 1, after)
    page = found[:limit]
    return PeopleFound(
        items=[PersonFound.model_validate(p, from_attributes=True) for p in page],
        next_cursor=str(page[-1].id) if len(found) > limit else None,
    )


@router.get(
    "/{person_id}",
    response_model=PersonPublic,
    responses=PROJECTED,
    summary="A person the caller works with (a coach: their projects' teams and coaches; a "
    "coordinator: their networks' people, every coach and coordinator; auditor, admin: "
    "everyone; not for dashboards). Anyone else answers 404, as an unknown id does",
)
def get_person(person_id: UUID, guard: GuardDep, read_models: ReadModelsDep) -> PersonPublic:
    person = guard.person(person_id, read_models)
    return PersonPublic.model_validate(person, from_attributes=True)


@router.post(
    "/{person_id}/erasure",
    response_model=ErasureResult,
    responses=WRITE,
    summary="Erase a person's personal data (admin); every history still replays",
)
def erase_person(
    person_id: UUID, body: Erasure, guard: GuardDep, write: WriteDep, container: ContainerDep
) -> JSONResponse:
    guard.require(Action.ERASE_PERSON)
    matches: list[dict[str, object]] = []

    def command() -> CommandResult:
        # The matches go into the reply, so the receipt keeps them for a retry.
        for match in erase_with_matches(guard.incubator, person_id, body.reason):
            matches.append(
                FreeTextMatch.model_validate(match, from_attributes=True).model_dump(mode="json")
            )
        return CommandResult(person_id, 0, None)

    reply = write.run(
        command, render=lambda r: {"id": str(r.id), "erased": True, "free_text_matches": matches}
    )
    container.settle_erasure()
    return reply
