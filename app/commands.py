"""Commands: one small value per change the application accepts.

A command names what to do and carries its inputs; `apply` hands them to the aggregate's own
command method together with the actor and the clock's reading. `Incubator.execute` runs any
of them under the one write policy (`app/writing.py`). Ids a command creates (a session, a
need) are minted when the command is made, so the caller knows them before it runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

from domain.errors import ImplausibleValue
from domain.network import LocalNetwork
from domain.project import MicroProject
from domain.sessions import SessionDetails
from domain.values import EmpowermentTool, Evidence, Outcome, Stage, TeamRole


class Command:
    """A change to one existing stream of `aggregate`'s kind."""

    aggregate: ClassVar[type[LocalNetwork] | type[MicroProject]]

    def people(self) -> Iterable[UUID]:
        """The people the command names, who must be registered."""
        return ()

    def apply(self, target: Any, actor: str, now: datetime) -> None:
        raise NotImplementedError

    def created(self) -> dict[str, str]:
        """The ids of what the command creates, for its reply (e.g. a session's id)."""
        return {}


class ProjectCommand(Command):
    aggregate = MicroProject


class NetworkCommand(Command):
    aggregate = LocalNetwork


# ---------------------------------------------------------------------------- networks
@dataclass(frozen=True)
class AppointCoordinator(NetworkCommand):
    coordinator_id: UUID

    def people(self) -> Iterable[UUID]:
        return (self.coordinator_id,)

    def apply(self, target: LocalNetwork, actor: str, now: datetime) -> None:
        target.appoint_coordinator(self.coordinator_id, actor)


@dataclass(frozen=True)
class AddInstitution(NetworkCommand):
    institution: str

    def apply(self, target: LocalNetwork, actor: str, now: datetime) -> None:
        target.add_institution(self.institution, actor, now.date())


# ---------------------------------------------------------------------------- needs and team
@dataclass(frozen=True)
class RecordNeed(ProjectCommand):
    description: str
    tool: EmpowermentTool
    identified_on: date
    need_id: UUID = field(default_factory=uuid4)

    def created(self) -> dict[str, str]:
        return {"need_id": str(self.need_id)}

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.record_need(
            self.need_id, self.description, self.tool, self.identified_on, actor, now.date()
        )


@dataclass(frozen=True)
class AddTeamMember(ProjectCommand):
    person_id: UUID
    role: TeamRole
    joined_on: date

    def people(self) -> Iterable[UUID]:
        return (self.person_id,)

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.add_team_member(self.person_id, self.role, self.joined_on, actor, now.date())


@dataclass(frozen=True)
class RemoveTeamMember(ProjectCommand):
    person_id: UUID
    reason: str
    left_on: date | None = None

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        today = now.date()
        target.remove_team_member(self.person_id, self.reason, self.left_on or today, actor, today)


@dataclass(frozen=True)
class AssignCoach(ProjectCommand):
    coach_id: UUID

    def people(self) -> Iterable[UUID]:
        return (self.coach_id,)

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.assign_coach(self.coach_id, actor)


@dataclass(frozen=True)
class ReleaseCoach(ProjectCommand):
    coach_id: UUID
    reason: str

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.release_coach(self.coach_id, self.reason, actor)


# ---------------------------------------------------------------------------- sessions
@dataclass(frozen=True)
class LogSession(ProjectCommand):
    details: SessionDetails
    session_id: UUID = field(default_factory=uuid4)

    def created(self) -> dict[str, str]:
        return {"session_id": str(self.session_id)}

    def people(self) -> Iterable[UUID]:
        return (*self.details.coach_ids, *self.details.participant_ids)

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.log_session(self.session_id, self.details, actor, now)


@dataclass(frozen=True)
class CorrectSession(ProjectCommand):
    session_id: UUID
    changes: Mapping[str, Any]
    reason: str

    def people(self) -> Iterable[UUID]:
        return (*self.changes.get("coach_ids", ()), *self.changes.get("participant_ids", ()))

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.correct_session(self.session_id, self.changes, self.reason, actor, now)


@dataclass(frozen=True)
class WithdrawSession(ProjectCommand):
    session_id: UUID
    reason: str

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.withdraw_session(self.session_id, self.reason, actor)


# ---------------------------------------------------------------------------- milestones
@dataclass(frozen=True)
class ReachMilestone(ProjectCommand):
    milestone_id: str
    reached_on: date
    evidence: Evidence

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.reach_milestone(self.milestone_id, self.reached_on, self.evidence, actor, now.date())


@dataclass(frozen=True)
class RevokeMilestone(ProjectCommand):
    milestone_id: str
    reason: str

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.revoke_milestone(self.milestone_id, self.reason, actor)


# ---------------------------------------------------------------------------- stages and status
@dataclass(frozen=True)
class ChangeStage(ProjectCommand):
    """One move: forward to the next stage (gated) or back to the previous one."""

    to: Stage
    rationale: str
    override: str | None = None
    decided_on: date | None = None
    review_id: UUID | None = None  # the gate review this decides, if any

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        today = now.date()
        if self.to.index != target.stage.index - 1:
            target.advance_stage(
                self.to,
                self.rationale,
                actor,
                today,
                self.decided_on,
                self.override,
                self.review_id,
            )
        elif self.override is not None:
            raise ImplausibleValue("override", "a step back has no gate to override")
        else:
            target.revert_stage(
                self.to, self.rationale, actor, today, self.decided_on, self.review_id
            )


@dataclass(frozen=True)
class RequestGateReview(ProjectCommand):
    """A coach proposes a stage change for the coordinator to decide."""

    to: Stage
    note: str
    review_id: UUID = field(default_factory=uuid4)

    def created(self) -> dict[str, str]:
        return {"review_id": str(self.review_id)}

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.request_gate_review(self.review_id, self.to, self.note, actor, now.date())


@dataclass(frozen=True)
class DeclineGateReview(ProjectCommand):
    review_id: UUID
    reason: str

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.decline_gate_review(self.review_id, self.reason, actor, now.date())


@dataclass(frozen=True)
class Pause(ProjectCommand):
    reason: str
    paused_on: date | None = None

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.pause(self.reason, actor, now.date(), self.paused_on)


@dataclass(frozen=True)
class Resume(ProjectCommand):
    reason: str
    resumed_on: date | None = None

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.resume(self.reason, actor, now.date(), self.resumed_on)


@dataclass(frozen=True)
class Close(ProjectCommand):
    outcome: Outcome
    rationale: str
    override: str | None = None
    closed_on: date | None = None

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.close(self.outcome, self.rationale, actor, now.date(), self.closed_on, self.override)


@dataclass(frozen=True)
class SelectForAccelerator(ProjectCommand):
    cohort: str
    selected_on: date

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.select_for_accelerator(self.cohort, self.selected_on, actor, now.date())


# ---------------------------------------------------------------------------- redaction
@dataclass(frozen=True)
class Redact(ProjectCommand):
    """Records a redaction; run it through `Incubator.redact`, which rewrites the value."""

    version: int
    field: str
    reason: str

    def apply(self, target: MicroProject, actor: str, now: datetime) -> None:
        target.redact(self.version, self.field, self.reason, actor, now.date())
