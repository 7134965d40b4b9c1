"""What a project's events say, as facts an indicator can count, each with the version (and
global position) of the events it rests on.

`fold` reads one project's events in order (those recorded up to some instant) and keeps the
facts dated in the world (`occurred_on`): stage moves, closure, milestones (revocations
applied), team membership spans, sessions (corrections applied, withdrawals marked), and
enrolments. Networks' institutions are folded by `fold_network`. Nothing here reads a clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.network import LocalNetwork
from domain.project import MicroProject
from domain.sessions import SessionDetails
from domain.values import Outcome, ParticipationLevel, SessionType, Stage, TargetGroup, TeamRole

P = MicroProject


@dataclass(frozen=True)
class EventRef:
    """One stored event a figure counts: its stream, version and global position."""

    stream_id: UUID
    version: int
    position: int | None
    type: str
    occurred_on: date | None


@dataclass
class SessionFact:
    details: SessionDetails
    refs: list[EventRef]
    withdrawn: bool = False

    @property
    def day(self) -> date:
        return self.details.started_at.date()

    @property
    def anonymous_users(self) -> int:
        return sum(
            h.count for h in self.details.anonymous_participants if h.role is TeamRole.SERVICE_USER
        )


@dataclass(frozen=True)
class Dated:
    """A fact on a day, with the event that recorded it."""

    day: date
    ref: EventRef


@dataclass
class Membership:
    person_id: UUID
    role: TeamRole
    joined: Dated
    left: Dated | None = None

    def overlaps(self, start: date, end: date) -> bool:
        return self.joined.day <= end and (self.left is None or self.left.day >= start)


@dataclass
class ProjectFacts:
    project_id: UUID
    title: str
    network_id: UUID
    target_group: TargetGroup
    proposed: Dated
    head: EventRef
    enrolments: dict[UUID, Dated] = field(default_factory=dict)
    stage_moves: list[tuple[Stage, Dated]] = field(default_factory=list)
    closure: tuple[Outcome, Dated] | None = None
    milestones: dict[str, Dated] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    sessions: dict[UUID, SessionFact] = field(default_factory=dict)

    def active_in(self, start: date, end: date) -> bool:
        """Proposed by the period's end and not closed before its start."""
        closed_before = self.closure is not None and self.closure[1].day < start
        return self.proposed.day <= end and not closed_before

    def live_sessions(self) -> list[SessionFact]:
        return [s for s in self.sessions.values() if not s.withdrawn]

    def latest_reading(self, by: date) -> tuple[ParticipationLevel, SessionFact] | None:
        readings = sorted(
            (s for s in self.live_sessions() if s.day <= by),
            key=lambda s: (s.details.started_at, s.refs[0].version),
        )
        if not readings:
            return None
        return readings[-1].details.participation_level, readings[-1]


def _ref(event: Any, position: int | None) -> EventRef:
    return EventRef(
        event.originator_id,
        event.originator_version,
        position,
        type(event).__name__,
        getattr(event, "occurred_on", None),
    )


def fold(events: Iterable[tuple[Any, int | None]]) -> ProjectFacts | None:
    """The facts of one project from its events (with their positions) in version order."""
    facts: ProjectFacts | None = None
    for event, position in events:
        ref = _ref(event, position)
        if isinstance(event, P.Proposed):
            facts = ProjectFacts(
                event.originator_id,
                event.title,
                event.network_id,
                event.target_group,
                Dated(event.occurred_on, ref),
                ref,
            )
            continue
        if facts is None:
            continue
        facts.head = ref
        _apply(facts, event, ref)
    return facts


def _apply(facts: ProjectFacts, event: Any, ref: EventRef) -> None:
    if isinstance(event, P.Enrolled):
        facts.enrolments[event.programme_id] = Dated(event.occurred_on, ref)
    elif isinstance(event, P.StageAdvanced | P.StageReverted):
        facts.stage_moves.append((event.to_stage, Dated(event.occurred_on, ref)))
    elif isinstance(event, P.Closed):
        facts.closure = (event.outcome, Dated(event.occurred_on, ref))
    elif isinstance(event, P.MilestoneReached):
        facts.milestones[event.milestone_id] = Dated(event.occurred_on, ref)
    elif isinstance(event, P.MilestoneRevoked):
        facts.milestones.pop(event.milestone_id, None)
    elif isinstance(event, P.TeamMemberAdded):
        joined = Dated(event.occurred_on, ref)
        facts.memberships.append(Membership(event.person_id, event.role, joined))
    elif isinstance(event, P.TeamMemberRemoved):
        for membership in facts.memberships:
            if membership.person_id == event.person_id and membership.left is None:
                membership.left = Dated(event.occurred_on, ref)
    elif isinstance(event, P.SessionLogged):
        facts.sessions[event.session_id] = SessionFact(event.details, [ref])
    elif isinstance(event, P.SessionCorrected):
        session = facts.sessions[event.session_id]
        session.details = session.details.corrected(event.changes)
        session.refs.append(ref)
    elif isinstance(event, P.SessionWithdrawn):
        facts.sessions[event.session_id].withdrawn = True
        facts.sessions[event.session_id].refs.append(ref)


@dataclass
class NetworkFacts:
    network_id: UUID
    institutions: dict[str, Dated] = field(default_factory=dict)

    def institutions_by(self, day: date) -> dict[str, Dated]:
        return {name: d for name, d in self.institutions.items() if d.day <= day}


def fold_network(events: Iterable[tuple[Any, int | None]]) -> NetworkFacts | None:
    facts: NetworkFacts | None = None
    for event, position in events:
        ref = _ref(event, position)
        if isinstance(event, LocalNetwork.Registered):
            facts = NetworkFacts(event.originator_id)
            for name in event.institutions:
                facts.institutions[name] = Dated(event.occurred_on, ref)
        elif isinstance(event, LocalNetwork.InstitutionJoined) and facts is not None:
            facts.institutions.setdefault(event.institution, Dated(event.occurred_on, ref))
    return facts


SESSION_TYPES: tuple[SessionType, ...] = tuple(SessionType)
