"""Audit: a project's whole stream, and the project replayed to a version or an instant."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import AwareDatetime

from api import schemas as s
from api.deps import GuardDep
from api.docs import READ
from api.mapping import event_public, project_public
from api.problems import ApiProblem
from app.access import Action
from domain.errors import NotFound

router = APIRouter(prefix="/projects/{project_id}", tags=["audit"])

Version = Annotated[int | None, Query(ge=1, le=10**9)]


@router.get(
    "/events",
    response_model=s.EventsPublic,
    responses=READ,
    summary="The project's event stream: version, position, type, times, actor, data (auditor)",
)
def list_events(
    project_id: UUID,
    guard: GuardDep,
    from_version: Version = None,
    to_version: Version = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(pattern=r"^\d{1,10}$")] = None,
) -> s.EventsPublic:
    guard.require(Action.READ_HISTORY)
    start = int(cursor) if cursor is not None else from_version
    entries = guard.incubator.project_history(
        project_id, from_version=start, to_version=to_version, limit=limit + 1
    )
    page, more = entries[:limit], len(entries) > limit
    names = _actor_names(guard, {e.actor for e in page if e.actor})
    return s.EventsPublic(
        items=[event_public(e, names.get(e.actor or "")) for e in page],
        next_cursor=str(entries[limit].version) if more else None,
    )


def _actor_names(guard: GuardDep, actors: set[str]) -> dict[str, str]:
    if not guard.principal.sees_personal_data:
        return {}
    names: dict[str, str] = {}
    for actor in actors:
        try:
            person = guard.incubator.get_person(UUID(actor))
        except (ValueError, NotFound):
            continue  # a token or system actor, or an id with no person record
        names[actor] = person.shown_name
    return names


@router.get(
    "/state",
    response_model=s.ProjectPublic,
    responses=READ,
    summary="The project replayed to `version`, or as it was recorded at `as_of` (auditor)",
)
def project_state(
    project_id: UUID,
    guard: GuardDep,
    version: Version = None,
    as_of: AwareDatetime | None = None,
) -> s.ProjectPublic:
    guard.require(Action.READ_HISTORY)
    if (version is None) == (as_of is None):
        raise ApiProblem(
            422,
            "give exactly one of version and as_of",
            errors=[{"field": "query.version", "message": "exactly one of version, as_of"}],
        )
    if version is not None:
        return project_public(guard.incubator.project_at_version(project_id, version))
    assert as_of is not None
    return project_public(guard.incubator.project_as_of(project_id, as_of))
