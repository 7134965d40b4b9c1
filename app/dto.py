"""Plain data returned by the application's queries: never an aggregate.

`CommandResult` (what a write returns) is defined beside the receipts that store it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.network import LocalNetwork
from domain.project import GateReview, MicroProject
from domain.sessions import SessionDetails
from domain.values import (
    AcceleratorSelection,
    MilestoneRecord,
    Need,
    Outcome,
    Stage,
    StageChange,
    Status,
    TargetGroup,
    TeamMember,
)
from store.receipts import CommandResult as CommandResult


@dataclass(frozen=True)
class SessionView:
    session_id: UUID
    details: SessionDetails
    logged_by: str
    corrections: int
    withdrawn: bool
    withdrawal_reason: str


@dataclass(frozen=True)
class ProjectAccess:
    """What a permission check needs of a project (app/access.py)."""

    network_id: UUID
    coaches: tuple[UUID, ...]
    coordinator_id: UUID | None
    programmes: tuple[str, ...]  # the ids of the programmes it is enrolled in


@dataclass(frozen=True)
class Enrolment:
    programme_id: UUID
    enrolled_on: date


@dataclass(frozen=True)
class ProjectState:
    id: UUID
    version: int
    title: str
    network_id: UUID
    target_group: TargetGroup
    summary: str
    stage: Stage
    status: Status
    outcome: Outcome | None
    status_reason: str
    proposed_on: date
    proposed_by: str
    created_at: datetime
    modified_at: datetime
    team: tuple[TeamMember, ...]
    coaches: tuple[UUID, ...]
    needs: tuple[Need, ...]
    sessions: tuple[SessionView, ...]
    milestones: tuple[MilestoneRecord, ...]
    stage_history: tuple[StageChange, ...]
    accelerator: AcceleratorSelection | None
    redactions: tuple[tuple[int, str], ...] = ()  # (version, field) of each redacted value
    gate_reviews: tuple[GateReview, ...] = ()
    enrolments: tuple[Enrolment, ...] = ()

    @property
    def reached_milestones(self) -> frozenset[str]:
        return frozenset(m.milestone_id for m in self.milestones if not m.revoked)

    @property
    def is_closed(self) -> bool:
        return self.status is Status.CLOSED

    @classmethod
    def of(cls, project: MicroProject) -> ProjectState:
        return cls(
            id=project.id,
            version=project.version,
            title=project.title,
            network_id=project.network_id,
            target_group=project.target_group,
            summary=project.summary,
            stage=project.stage,
            status=project.status,
            outcome=project.outcome,
            status_reason=project.status_reason,
            proposed_on=project.proposed_on,
            proposed_by=project.proposed_by,
            created_at=project.created_on,
            modified_at=project.modified_on,
            team=tuple(project.team.values()),
            coaches=tuple(project.coaches),
            needs=tuple(project.needs),
            sessions=tuple(
                SessionView(
                    s.session_id,
                    s.details,
                    s.logged_by,
                    s.corrections,
                    s.withdrawn,
                    s.withdrawal_reason,
                )
                for s in project.sessions.values()
            ),
            milestones=tuple(project.milestones.values()),
            stage_history=tuple(project.stage_history),
            accelerator=project.accelerator,
            redactions=project.redacted_fields,
            gate_reviews=tuple(project.reviews.values()),
            enrolments=tuple(Enrolment(UUID(p), day) for p, day in project.enrolments.items()),
        )


@dataclass(frozen=True)
class NetworkState:
    id: UUID
    version: int
    name: str
    country: str
    region: str
    target_group: TargetGroup
    institutions: tuple[str, ...]
    coordinator_id: UUID | None
    registered_on: date

    @classmethod
    def of(cls, network: LocalNetwork) -> NetworkState:
        return cls(
            network.id,
            network.version,
            network.name,
            network.country,
            network.region,
            network.target_group,
            tuple(network.institutions),
            network.coordinator_id,
            network.registered_on,
        )


@dataclass(frozen=True)
class HistoryEntry:
    """One stored event of a stream, for auditors: when, who, what."""

    version: int
    position: int | None
    type: str
    recorded_at: datetime
    occurred_on: date | None
    actor: str | None
    data: dict[str, Any]
    redacted: tuple[str, ...] = ()  # pointers into `data` of the values redacted
