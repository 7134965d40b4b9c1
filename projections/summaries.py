"""Project summaries: one row per project (and per network) for lists and filters.

Filters: stage, status, country, network, coach. The portfolio dashboard counts from here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
    delete,
    insert,
    select,
    update,
)

from app.database import metadata
from domain.network import LocalNetwork
from domain.project import MicroProject
from projections.base import Handler, after_key, handlers_for


@dataclass(frozen=True)
class SummaryTables:
    networks: Table
    projects: Table
    coaches: Table
    session_minutes: Table

    @property
    def all(self) -> tuple[Table, ...]:
        return (self.networks, self.projects, self.coaches, self.session_minutes)


def define(metadata: MetaData, suffix: str = "") -> SummaryTables:
    networks = Table(
        f"network_summaries{suffix}",
        metadata,
        Column("network_id", Uuid(), primary_key=True),
        Column("name", Text(), nullable=False),
        Column("country", String(2), nullable=False, index=True),
        Column("region", Text(), nullable=False),
        Column("target_group", String(32), nullable=False),
        Column("coordinator_id", Uuid(), nullable=True),
    )
    projects = Table(
        f"project_summaries{suffix}",
        metadata,
        Column("project_id", Uuid(), primary_key=True),
        Column("title", Text(), nullable=False),
        Column("network_id", Uuid(), nullable=False, index=True),
        Column("country", String(2), nullable=False, index=True),
        Column("target_group", String(32), nullable=False, index=True),
        Column("stage", String(16), nullable=False, index=True),
        Column("furthest_stage", Integer(), nullable=False),
        Column("status", String(16), nullable=False, index=True),
        Column("outcome", String(32), nullable=True),
        Column("proposed_on", Date(), nullable=False),
        Column("stage_since", Date(), nullable=False),
        Column("closed_on", Date(), nullable=True),
        Column("accelerator_cohort", Text(), nullable=True),
        Column("sessions", Integer(), nullable=False),
        Column("coaching_minutes", BigInteger(), nullable=False),
        Column("milestones_reached", Integer(), nullable=False),
        Column("version", Integer(), nullable=False),
        Column("paused", Boolean(), nullable=False),
    )
    coaches = Table(
        f"project_coaches{suffix}",
        metadata,
        Column("project_id", Uuid(), nullable=False),
        Column("coach_id", Uuid(), nullable=False, index=True),
        PrimaryKeyConstraint("project_id", "coach_id"),
    )
    session_minutes = Table(
        f"summary_session_minutes{suffix}",
        metadata,
        Column("session_id", Uuid(), primary_key=True),
        Column("project_id", Uuid(), nullable=False),
        Column("minutes", Integer(), nullable=False),
    )
    return SummaryTables(networks, projects, coaches, session_minutes)


class ProjectSummaries:
    name: ClassVar[str] = "project_summaries"

    def __init__(self, tables: SummaryTables) -> None:
        self.t = tables
        p = MicroProject
        self._handlers: dict[type[Any], Handler] = handlers_for(
            self,
            {
                LocalNetwork.Registered: "_network_registered",
                LocalNetwork.CoordinatorAppointed: "_coordinator_appointed",
                p.Proposed: "_proposed",
                p.CoachAssigned: "_coach_assigned",
                p.CoachReleased: "_coach_released",
                p.SessionLogged: "_session_logged",
                p.SessionCorrected: "_session_corrected",
                p.SessionWithdrawn: "_session_withdrawn",
                p.MilestoneReached: "_milestone_reached",
                p.MilestoneRevoked: "_milestone_revoked",
                p.StageAdvanced: "_stage_changed",
                p.StageReverted: "_stage_changed",
                p.Paused: "_paused",
                p.Resumed: "_resumed",
                p.Closed: "_closed",
                p.SelectedForAccelerator: "_selected",
            },
        )

    @property
    def tables(self) -> tuple[Table, ...]:
        return self.t.all

    def apply(self, connection: Connection, event: Any, position: int) -> None:
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(connection, event, position)
            if isinstance(event, MicroProject.Event):
                connection.execute(
                    update(self.t.projects)
                    .where(self.t.projects.c.project_id == event.originator_id)
                    .values(version=event.originator_version)
                )

    # ------------------------------------------------------------------ networks
    def _network_registered(self, c: Connection, e: Any, _pos: int) -> None:
        c.execute(
            insert(self.t.networks).values(
                network_id=e.originator_id,
                name=e.name,
                country=e.country,
                region=e.region,
                target_group=e.target_group.value,
                coordinator_id=e.coordinator_id,
            )
        )

    def _coordinator_appointed(self, c: Connection, e: Any, _pos: int) -> None:
        c.execute(
            update(self.t.networks)
            .where(self.t.networks.c.network_id == e.originator_id)
            .values(coordinator_id=e.coordinator_id)
        )

    # ------------------------------------------------------------------ projects
    def _proposed(self, c: Connection, e: Any, _pos: int) -> None:
        country = c.execute(
            select(self.t.networks.c.country).where(self.t.networks.c.network_id == e.network_id)
        ).scalar_one()
        c.execute(
            insert(self.t.projects).values(
                project_id=e.originator_id,
                title=e.title,
                network_id=e.network_id,
                country=country,
                target_group=e.target_group.value,
                stage="idea",
                furthest_stage=0,
                status="active",
                proposed_on=e.occurred_on,
                stage_since=e.occurred_on,
                sessions=0,
                coaching_minutes=0,
                milestones_reached=0,
                version=e.originator_version,
                paused=False,
            )
        )

    def _coach_assigned(self, c: Connection, e: Any, _pos: int) -> None:
        c.execute(insert(self.t.coaches).values(project_id=e.originator_id, coach_id=e.coach_id))

    def _coach_released(self, c: Connection, e: Any, _pos: int) -> None:
        c.execute(
            delete(self.t.coaches).where(
                self.t.coaches.c.project_id == e.originator_id,
                self.t.coaches.c.coach_id == e.coach_id,
            )
        )

    def _bump(self, c: Connection, project_id: Any, **deltas: int) -> None:
        p = self.t.projects.c
        c.execute(
            update(self.t.projects)
            .where(p.project_id == project_id)
            .values({name: p[name] + delta for name, delta in deltas.items()})
        )

    def _session_logged(self, c: Connection, e: Any, _pos: int) -> None:
        minutes = e.details.duration_minutes
        c.execute(
            insert(self.t.session_minutes).values(
                session_id=e.session_id, project_id=e.originator_id, minutes=minutes
            )
        )
        self._bump(c, e.originator_id, sessions=1, coaching_minutes=minutes)

    def _old_minutes(self, c: Connection, session_id: Any) -> int:
        m = self.t.session_minutes.c
        return int(c.execute(select(m.minutes).where(m.session_id == session_id)).scalar_one())

    def _session_corrected(self, c: Connection, e: Any, _pos: int) -> None:
        if "duration_minutes" not in e.changes:
            return
        new = int(e.changes["duration_minutes"])
        delta = new - self._old_minutes(c, e.session_id)
        m = self.t.session_minutes.c
        c.execute(
            update(self.t.session_minutes).where(m.session_id == e.session_id).values(minutes=new)
        )
        self._bump(c, e.originator_id, coaching_minutes=delta)

    def _session_withdrawn(self, c: Connection, e: Any, _pos: int) -> None:
        old = self._old_minutes(c, e.session_id)
        m = self.t.session_minutes.c
        c.execute(delete(self.t.session_minutes).where(m.session_id == e.session_id))
        self._bump(c, e.originator_id, sessions=-1, coaching_minutes=-old)

    def _milestone_reached(self, c: Connection, e: Any, _pos: int) -> None:
        self._bump(c, e.originator_id, milestones_reached=1)

    def _milestone_revoked(self, c: Connection, e: Any, _pos: int) -> None:
        self._bump(c, e.originator_id, milestones_reached=-1)

    def _stage_changed(self, c: Connection, e: Any, _pos: int) -> None:
        p = self.t.projects.c
        furthest = c.execute(
            select(p.furthest_stage).where(p.project_id == e.originator_id)
        ).scalar_one()
        c.execute(
            update(self.t.projects)
            .where(p.project_id == e.originator_id)
            .values(
                stage=e.to_stage.value,
                stage_since=e.occurred_on,
                furthest_stage=max(furthest, e.to_stage.index),
            )
        )

    def _set(self, c: Connection, project_id: Any, **values: Any) -> None:
        c.execute(
            update(self.t.projects).where(self.t.projects.c.project_id == project_id).values(values)
        )

    def _paused(self, c: Connection, e: Any, _pos: int) -> None:
        self._set(c, e.originator_id, status="paused", paused=True)

    def _resumed(self, c: Connection, e: Any, _pos: int) -> None:
        self._set(c, e.originator_id, status="active", paused=False)

    def _closed(self, c: Connection, e: Any, _pos: int) -> None:
        self._set(
            c, e.originator_id, status="closed", outcome=e.outcome.value, closed_on=e.occurred_on
        )

    def _selected(self, c: Connection, e: Any, _pos: int) -> None:
        self._set(c, e.originator_id, accelerator_cohort=e.cohort)


LIVE = define(metadata)


# ---------------------------------------------------------------------------- queries
@dataclass(frozen=True)
class ProjectSummary:
    project_id: UUID
    title: str
    network_id: UUID
    country: str
    target_group: str
    stage: str
    status: str
    outcome: str | None
    proposed_on: date
    stage_since: date
    closed_on: date | None
    accelerator_cohort: str | None
    sessions: int
    coaching_hours: float
    milestones_reached: int
    version: int
    coach_ids: tuple[UUID, ...]


@dataclass(frozen=True)
class SummaryFilter:
    stage: str | None = None
    status: str | None = None
    country: str | None = None
    network_id: UUID | None = None
    coach_id: UUID | None = None
    target_group: str | None = None


def list_projects(
    connection: Connection,
    tables: SummaryTables,
    where: SummaryFilter,
    limit: int,
    after: tuple[date, UUID] | None = None,
) -> list[ProjectSummary]:
    """Summaries in (proposed_on, project_id) order, after the keyset cursor `after`."""
    p = tables.projects.c
    query = select(tables.projects)
    for column, value in (
        (p.stage, where.stage),
        (p.status, where.status),
        (p.country, where.country),
        (p.network_id, where.network_id),
        (p.target_group, where.target_group),
    ):
        if value is not None:
            query = query.where(column == value)
    if where.coach_id is not None:
        coached = select(tables.coaches.c.project_id).where(
            tables.coaches.c.coach_id == where.coach_id
        )
        query = query.where(p.project_id.in_(coached))
    if after is not None:
        query = query.where(after_key(p.proposed_on, p.project_id, after))
    rows = list(connection.execute(query.order_by(p.proposed_on, p.project_id).limit(limit)))
    coaches: dict[UUID, list[UUID]] = {r.project_id: [] for r in rows}
    if rows:
        c = tables.coaches.c
        for link in connection.execute(
            select(c.project_id, c.coach_id)
            .where(c.project_id.in_(list(coaches)))
            .order_by(c.project_id, c.coach_id)
        ):
            coaches[link.project_id].append(link.coach_id)
    return [
        ProjectSummary(
            project_id=r.project_id,
            title=r.title,
            network_id=r.network_id,
            country=r.country,
            target_group=r.target_group,
            stage=r.stage,
            status=r.status,
            outcome=r.outcome,
            proposed_on=r.proposed_on,
            stage_since=r.stage_since,
            closed_on=r.closed_on,
            accelerator_cohort=r.accelerator_cohort,
            sessions=r.sessions,
            coaching_hours=round(r.coaching_minutes / 60, 2),
            milestones_reached=r.milestones_reached,
            version=r.version,
            coach_ids=tuple(coaches[r.project_id]),
        )
        for r in rows
    ]
