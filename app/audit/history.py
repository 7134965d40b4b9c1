"""A project's history for auditors: its stored events, its state at a version or an instant,
and the bitemporal question "which stage on day D, as the record stood at T"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID

from app.dto import HistoryEntry, ProjectState
from app.incubator import Incubator
from app.jsonable import to_jsonable
from domain.errors import NotRecordedYet, ProjectNotFound, VersionNotFound
from domain.project import MicroProject
from domain.values import Stage
from store.freetext import redacted_pointers
from store.recorder import SeedbedRecorder

_ENVELOPE = ("originator_id", "originator_version", "timestamp", "originator_topic")


def project_history(
    incubator: Incubator,
    project_id: UUID,
    *,
    from_version: int | None = None,
    to_version: int | None = None,
    limit: int | None = None,
) -> list[HistoryEntry]:
    """The project's stored events in order, each with its global position."""
    _require_project_stream(incubator, project_id)
    gt = None if from_version is None else from_version - 1
    recorder = incubator.recorder
    if isinstance(recorder, SeedbedRecorder):
        stored = recorder.select_stream(project_id, gt=gt, lte=to_version, limit=limit)
        return [
            _entry(incubator.mapper.to_domain_event(n), n.id, redacted_pointers(n.state))
            for n in stored
        ]
    events = incubator.events.get(project_id, gt=gt, lte=to_version, limit=limit)
    return [_entry(e, None, []) for e in events]


def history_page(
    incubator: Incubator,
    project_id: UUID,
    *,
    from_version: int | None,
    to_version: int | None,
    limit: int,
    keep: Callable[[HistoryEntry], bool] | None = None,
    chunk: int = 500,
) -> list[HistoryEntry]:
    """Up to `limit` entries from `from_version` on that `keep` accepts, read from the store
    only as far as needed: `limit` rows without a filter, chunks of `chunk` with one (never the
    whole stream for a short page)."""
    found: list[HistoryEntry] = []
    start = from_version or 1
    while len(found) < limit:
        size = limit - len(found) if keep is None else chunk
        entries = project_history(
            incubator, project_id, from_version=start, to_version=to_version, limit=size
        )
        found += entries if keep is None else [e for e in entries if keep(e)]
        if len(entries) < size:
            break
        start = entries[-1].version + 1
    return found[:limit]


def head_version(incubator: Incubator, project_id: UUID) -> int:
    """The project's newest version (one event read, not the stream)."""
    _require_project_stream(incubator, project_id)
    newest = list(incubator.events.get(project_id, desc=True, limit=1))
    return int(newest[0].originator_version)


def project_at_version(incubator: Incubator, project_id: UUID, version: int) -> ProjectState:
    state = ProjectState.of(incubator.load(MicroProject, project_id, version=version))
    if state.version != version:
        raise VersionNotFound(project_id, version, state.version)
    return state


def project_as_of(incubator: Incubator, project_id: UUID, as_of: datetime) -> ProjectState:
    """The project as it was recorded at `as_of` (the events recorded until then)."""
    _require_project_stream(incubator, project_id)
    version = None
    for event in incubator.events.get(project_id):
        if cast(Any, event).timestamp > as_of:
            break
        version = event.originator_version
    if version is None:
        raise NotRecordedYet(project_id, as_of)
    return project_at_version(incubator, project_id, version)


def stage_on(
    incubator: Incubator, project_id: UUID, day: date, known_at: datetime | None
) -> tuple[Stage | None, ProjectState]:
    """The stage the project was in on `day`, as the record stood at `known_at` (default: now)."""
    state = (
        project_as_of(incubator, project_id, known_at)
        if known_at
        else incubator.get_project(project_id)
    )
    stage: Stage | None = None
    for change in state.stage_history:
        if change.occurred_on <= day:
            stage = change.to_stage
    return stage, state


def _require_project_stream(incubator: Incubator, project_id: UUID) -> None:
    first = list(incubator.events.get(project_id, lte=1))
    if not first or not isinstance(first[0], MicroProject.Proposed):
        raise ProjectNotFound(project_id)


def _entry(event: Any, position: int | None, redacted: list[str]) -> HistoryEntry:
    state = vars(event)
    data = {k: to_jsonable(v) for k, v in state.items() if k not in _ENVELOPE}
    return HistoryEntry(
        version=event.originator_version,
        position=position,
        type=type(event).__qualname__,
        recorded_at=event.timestamp,
        occurred_on=state.get("occurred_on"),
        actor=state.get("actor"),
        data=data,
        redacted=tuple(redacted),
    )
