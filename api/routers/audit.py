"""Audit: a project's whole stream, and the project replayed to a version or an instant."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime

from api.deps import GuardDep
from api.docs import READ
from api.paging import Limit, with_embedded_sessions
from api.problems import ApiProblem
from api.schemas.audit import (
    AnchorPublic,
    DiffPublic,
    EventPublic,
    EventsPublic,
    FieldChangePublic,
    StageOnPublic,
    VerificationPublic,
)
from api.schemas.projects import ProjectPublic
from app import audit
from app.access import Action
from app.dto import HistoryEntry
from domain.errors import NotFound

router = APIRouter(prefix="/projects/{project_id}", tags=["audit"])

Version = Annotated[int | None, Query(ge=1, le=10**9)]
# The most versions one /diff spans: 2,000 took 0.7 s and 10 MB.
MAX_DIFF_SPAN = 500


@router.get(
    "/events",
    response_model=EventsPublic,
    responses=READ,
    summary="The project's event stream: version, position, type, times, actor, data (auditor)",
)
def list_events(
    project_id: UUID,
    guard: GuardDep,
    from_version: Version = None,
    to_version: Version = None,
    type: Annotated[
        str | None, Query(max_length=80, description="e.g. StageAdvanced or MicroProject.Closed")
    ] = None,
    recorded_from: AwareDatetime | None = None,
    recorded_to: AwareDatetime | None = None,
    limit: Limit = 50,
    cursor: Annotated[
        str | None,
        Query(pattern=r"^\d{1,10}$", description="The `next_cursor` of the previous page."),
    ] = None,
) -> EventsPublic:
    guard.require(Action.READ_HISTORY)
    start = int(cursor) if cursor is not None else from_version
    filtered = type is not None or recorded_from is not None or recorded_to is not None

    def keep(e: HistoryEntry) -> bool:
        return (
            (type is None or e.type == type or e.type.endswith(f".{type}"))
            and (recorded_from is None or e.recorded_at >= recorded_from)
            and (recorded_to is None or e.recorded_at <= recorded_to)
        )

    entries = audit.history_page(
        guard.incubator,
        project_id,
        from_version=start,
        to_version=to_version,
        limit=limit + 1,
        keep=keep if filtered else None,
    )
    page, more = entries[:limit], len(entries) > limit
    names = _actor_names(guard, {e.actor for e in page if e.actor})
    return EventsPublic(
        items=[
            EventPublic.model_validate(e, from_attributes=True).model_copy(
                update={"actor_name": names.get(e.actor or "")}
            )
            for e in page
        ],
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
    response_model=ProjectPublic,
    responses=READ,
    summary="The project replayed to `version`, or as it was recorded at `as_of` (auditor)",
)
def project_state(
    project_id: UUID,
    guard: GuardDep,
    version: Version = None,
    as_of: AwareDatetime | None = None,
) -> ProjectPublic:
    guard.require(Action.READ_HISTORY)
    if (version is None) == (as_of is None):
        raise ApiProblem(
            422,
            "give exactly one of version and as_of",
            errors=[{"field": "query.version", "message": "exactly one of version, as_of"}],
        )
    if version is not None:
        state = audit.project_at_version(guard.incubator, project_id, version)
    else:
        assert as_of is not None
        state = audit.project_as_of(guard.incubator, project_id, as_of)
    return ProjectPublic.model_validate(with_embedded_sessions(state), from_attributes=True)


@router.get(
    "/verification",
    response_model=VerificationPublic,
    responses=READ,
    summary="Recompute the stream's hash chain; names the first broken link (auditor)",
)
def verification(project_id: UUID, guard: GuardDep) -> VerificationPublic:
    guard.require(Action.READ_HISTORY)
    report = audit.verify_project(guard.incubator, project_id)
    anchor = audit.anchor_of(guard.incubator, project_id)
    verified = VerificationPublic.model_validate(report, from_attributes=True)
    return verified.model_copy(
        update={
            "anchor": AnchorPublic.model_validate(anchor, from_attributes=True) if anchor else None
        }
    )


@router.get(
    "/diff",
    response_model=DiffPublic,
    responses=READ,
    summary="What changed between two versions, at most 500 apart, as a list of field changes "
    "(auditor)",
)
def diff(
    project_id: UUID,
    guard: GuardDep,
    from_version: Annotated[int, Query(ge=1, le=10**9)],
    to_version: Annotated[int, Query(ge=1, le=10**9)],
) -> DiffPublic:
    guard.require(Action.READ_HISTORY)
    if abs(to_version - from_version) > MAX_DIFF_SPAN:
        raise ApiProblem(
            422,
            f"a diff spans at most {MAX_DIFF_SPAN} versions; ask for several shorter spans",
            errors=[{"field": "query.to_version", "message": f"more than {MAX_DIFF_SPAN} apart"}],
        )
    before = audit.project_at_version(guard.incubator, project_id, from_version)
    after = audit.project_at_version(guard.incubator, project_id, to_version)
    return DiffPublic(
        from_version=from_version,
        to_version=to_version,
        changes=[
            FieldChangePublic.model_validate(c, from_attributes=True)
            for c in audit.diff_states(before, after)
        ],
    )


@router.get(
    "/stage-on",
    response_model=StageOnPublic,
    responses=READ,
    summary="Bitemporal: the stage the project was in on a date, as known at an instant",
)
def stage_on(
    project_id: UUID,
    guard: GuardDep,
    date: date,
    as_known_at: AwareDatetime | None = None,
) -> StageOnPublic:
    guard.require(Action.READ_HISTORY)
    stage, state = audit.stage_on(guard.incubator, project_id, date, as_known_at)
    return StageOnPublic(
        date=date, as_known_at=as_known_at, known_version=state.version, stage=stage
    )


export_router = APIRouter(prefix="/audit", tags=["audit"])


@export_router.get(
    "/export",
    responses={
        **READ,
        200: {
            "description": "JSON lines: a manifest line, then one line per stored event.",
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
        },
    },
    summary="A bundle of events with their hashes for offline replay: one project, or all",
)
def export(guard: GuardDep, project_id: UUID | None = None) -> StreamingResponse:
    guard.require(Action.READ_HISTORY)
    if project_id is not None:
        guard.incubator.get_project(project_id)  # 404 before the stream starts
    name = f"seedbed-{project_id or 'all'}.jsonl"
    return StreamingResponse(
        audit.iter_bundle(guard.incubator, project_id),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
