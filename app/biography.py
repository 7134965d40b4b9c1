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
    # What the text says, as values (ids, levels, stages) for a reader to show in its own
    # language and with names: `text` is the English sentence the JSON and the PDF have.
    facts: dict[str, str]


def _chapter(event: Any) -> tuple[str, str, dict[str, str]] | None:
    if isinstance(event, P.Proposed):
        return "proposed", f"{event.title}: {event.summary}", {}
    if isinstance(event, P.Enrolled):
        return (
            "enrolled",
            f"programme {event.programme_id}",
            {"programme_id": str(event.programme_id)},
        )
    if isinstance(event, P.TeamMemberAdded):
        facts = {"person_id": str(event.person_id), "role": event.role.value}
        return "team_joined", f"{event.role.value} {event.person_id}", facts
    if isinstance(event, P.TeamMemberRemoved):
        facts = {"person_id": str(event.person_id), "reason": event.reason}
        return "team_left", f"{event.person_id}: {event.reason}", facts
    if isinstance(event, P.SessionLogged):
        level = event.details.participation_level.value
        kind = event.details.session_type.value
        if event.details.session_type is SessionType.BIOGRAPHY_CHECKIN:
            facts = {"summary": event.details.summary, "level": level}
            return "checkin", f"{event.details.summary} (participation: {level})", facts
        return "ladder_reading", f"{kind}: {level}", {"session_type": kind, "level": level}
    if isinstance(event, P.ParticipationAssessed):
        facts = {"level": event.level.value, "user_view": event.user_view.value}
        return "co_assessment", f"{facts['level']}; the users' view: {facts['user_view']}", facts
    if isinstance(event, P.StageAdvanced | P.StageReverted):
        why = getattr(event, "rationale", "") or getattr(event, "reason", "")
        facts = {"from_stage": event.from_stage.value, "to_stage": event.to_stage.value, "why": why}
        return "stage", f"{facts['from_stage']} → {facts['to_stage']}: {why}", facts
    if isinstance(event, P.MilestoneReached):
        facts = {"milestone_id": event.milestone_id, "action": "reached"}
        return "milestone", f"{event.milestone_id} reached", facts
    if isinstance(event, P.MilestoneRevoked):
        facts = {"milestone_id": event.milestone_id, "action": "revoked", "reason": event.reason}
        return "milestone", f"{event.milestone_id} revoked: {event.reason}", facts
    if isinstance(event, P.Paused | P.Resumed):
        return type(event).__name__.lower(), event.reason, {"reason": event.reason}
    if isinstance(event, P.Closed):
        facts = {"outcome": event.outcome.value, "rationale": event.rationale}
        return "closed", f"{event.outcome.value}: {event.rationale}", facts
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
            kind, text, facts = found
            chapters.append(Chapter(day, kind, event.originator_version, text, facts))
    chapters.sort(key=lambda c: (c.on, c.version))
    first = known[0]
    return {
        "project_id": str(project_id),
        "title": first.title,
        "as_known_at": at.isoformat(),
        "version": known[-1].originator_version,
        "chapters": [
            {
                "on": c.on.isoformat(),
                "kind": c.kind,
                "version": c.version,
                "text": c.text,
                "facts": c.facts,
            }
            for c in chapters
        ],
    }
