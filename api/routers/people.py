"""People: personal data, outside the event log and erasable."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ContainerDep, GuardDep
from api.docs import READ, WRITE
from api.schemas.people import (
    Erasure,
    ErasureResult,
    FreeTextMatch,
    PersonCreate,
    PersonCreated,
    PersonPublic,
)
from api.writes import WriteDep
from app.access import Action
from app.privacy import free_text_matches, needles_of

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
    "/{person_id}",
    response_model=PersonPublic,
    responses=READ,
    summary="A person's personal data (not for dashboards)",
)
def get_person(person_id: UUID, guard: GuardDep) -> PersonPublic:
    guard.require(Action.READ_PERSON)
    return PersonPublic.model_validate(guard.incubator.get_person(person_id), from_attributes=True)


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
        # Found before the erasure, while the name is still known (the receipt keeps them).
        needles = needles_of(guard.incubator.get_person(person_id))
        for match in free_text_matches(guard.incubator, needles):
            matches.append(
                FreeTextMatch.model_validate(match, from_attributes=True).model_dump(mode="json")
            )
        guard.incubator.erase_person(person_id, body.reason)
        return CommandResult(person_id, 0, None)

    reply = write.run(
        command, render=lambda r: {"id": str(r.id), "erased": True, "free_text_matches": matches}
    )
    container.settle_erasure()
    return reply
