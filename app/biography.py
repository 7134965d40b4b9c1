"""The start-up biography: a project's story as it happened, from its own events as recorded
up to an instant (check-ins with their narrative, stage decisions, milestones, ladder
readings, team changes, enrolments, pauses and the closure), in the order it happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from app.incubator import Incubator
from app.reports.indicators import known_at
from domain.errors import NotRecordedYet, ProjectNotFound
from domain.project import MicroProject
from domain.values import SessionType
from store.recorder import SeedbedRecorder

P = MicroProject


@dataclass(frozen=True)
class Chapter:
    on: date
    kind: str
    version: int
    text: str


def _chapter(event: Any) -> tuple[str, str] | None:
    if isinstance(event, P.Proposed):
        return "proposed", f"{event.title}: {event.summary}"
    if isinstance(event, P.Enrolled):
        return "enrolled", f"programme {event.programme_id}"
    if isinstance(event, P.TeamMemberAdded):
        return "team_joined", f"{event.role.value} {event.person_id}"
    if isinstance(event, P.TeamMemberRemoved):
        return "team_left", f"{event.person_id}: {event.reason}"
    if isinstance(event, P.SessionLogged):
        level = event.details.participation_level.value
        if event.details.session_type is SessionType.BIOGRAPHY_CHECKIN:
            return "checkin", f"{event.details.summary} (participation: {level})"
        return "ladder_reading", f"{event.details.session_type.value}: {level}"
    if isinstance(event, P.ParticipationAssessed):
        return "co_assessment", f"{event.level.value}; the users' view: {event.user_view.value}"
    if isinstance(event, P.StageAdvanced | P.StageReverted):
        why = getattr(event, "rationale", "") or getattr(event, "reason", "")
        return "stage", f"{event.from_stage.value} → {event.to_stage.value}: {why}"
    if isinstance(event, P.MilestoneReached):
        return "milestone", f"{event.milestone_id} reached"
    if isinstance(event, P.MilestoneRevoked):
        return "milestone", f"{event.milestone_id} revoked: {event.reason}"
    if isinstance(event, P.Paused | P.Resumed):
        return type(event).__name__.lower(), event.reason
    if isinstance(event, P.Closed):
        return "closed", f"{event.outcome.value}: {event.rationale}"
    return None


def biography(
    incubator: Incubator, project_id: UUID, as_known_at: datetime | None = None
) -> dict[str, Any]:
    at = known_at(as_known_at)
    recorder = incubator.recorder
    events: list[Any]
    if isinstance(recorder, SeedbedRecorder):
        events = [incubator.mapper.to_domain_event(n) for n in recorder.select_stream(project_id)]
    else:
        events = list(incubator.events.get(project_id))
    if not events or not isinstance(events[0], P.Proposed):
        raise ProjectNotFound(project_id)
    known = [e for e in events if e.timestamp <= at]
    if not known:
        raise NotRecordedYet(project_id, at)
    chapters = []
    for event in known:
        found = _chapter(event)
        if found is not None:
            day = getattr(event, "occurred_on", None) or event.timestamp.date()
            chapters.append(Chapter(day, found[0], event.originator_version, found[1]))
    chapters.sort(key=lambda c: (c.on, c.version))
    first = known[0]
    return {
        "project_id": str(project_id),
        "title": first.title,
        "as_known_at": at.isoformat(),
        "version": known[-1].originator_version,
        "chapters": [
            {"on": c.on.isoformat(), "kind": c.kind, "version": c.version, "text": c.text}
            for c in chapters
        ],
    }
