"""Project summaries: one row per project (and per network) for lists and filters.

Filters: stage, status, country, network, coach. The portfolio dashboard counts from here too.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    Select,
    String,
    Table,
    Text,
    Uuid,
    func,
    select,
)

from domain.network import LocalNetwork
from domain.project import MicroProject
from domain.values import Stage, Status, TargetGroup
from projections import programmes
from projections.base import RowsProjection, TableSet, after_key
from projections.rows import Rows
from store.database import metadata


@dataclass(frozen=True)
class SummaryTables(TableSet):
    networks: Table
    projects: Table
    coaches: Table
    session_minutes: Table


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


class ProjectSummaries(RowsProjection):
    name: ClassVar[str] = "project_summaries"
    PER_PROJECT: ClassVar[tuple[str, ...]] = ("projects", "coaches", "minutes")
    HANDLERS: ClassVar[dict[type[Any], str]] = {
        LocalNetwork.Registered: "_network_registered",
        LocalNetwork.CoordinatorAppointed: "_coordinator_appointed",
        MicroProject.Proposed: "_proposed",
        MicroProject.CoachAssigned: "_coach_assigned",
        MicroProject.CoachReleased: "_coach_released",
        MicroProject.SessionLogged: "_session_logged",
        MicroProject.SessionCorrected: "_session_corrected",
        MicroProject.SessionWithdrawn: "_session_withdrawn",
        MicroProject.MilestoneReached: "_milestone_reached",
        MicroProject.MilestoneRevoked: "_milestone_revoked",
        MicroProject.StageAdvanced: "_stage_changed",
        MicroProject.StageReverted: "_stage_changed",
        MicroProject.Paused: "_paused",
        MicroProject.Resumed: "_resumed",
        MicroProject.Closed: "_closed",
        MicroProject.SelectedForAccelerator: "_selected",
    }

    def __init__(self, tables: SummaryTables) -> None:
        super().__init__(tables)
        self.t: SummaryTables = tables
        self.networks = Rows(tables.networks, "network_id")
        self.projects = Rows(tables.projects, "project_id")
        self.coaches = Rows(tables.coaches, "project_id", many=True)
        self.minutes = Rows(tables.session_minutes, "session_id")

    @property
    def stores(self) -> tuple[Rows, ...]:
        return (self.networks, self.projects, self.coaches, self.minutes)

    def prefetch(self, events: Sequence[Any]) -> None:
        project_ids = {e.originator_id for e in events if isinstance(e, MicroProject.Event)}
        self.projects.prefetch(project_ids)
        self.coaches.prefetch(project_ids)
        self.networks.prefetch(
            {e.originator_id for e in events if isinstance(e, LocalNetwork.Event)}
            | {e.network_id for e in events if isinstance(e, MicroProject.Proposed)}
        )
        self.minutes.prefetch({e.session_id for e in events if hasattr(e, "session_id")})

    def handle(self, event: Any) -> None:
        super().handle(event)
        if isinstance(event, MicroProject.Event):
            self._update(event.originator_id, version=event.originator_version)

    def _update(self, project_id: Any, **values: Any) -> dict[str, Any]:
        row = self.projects.get(project_id)
        row.update(values)
        self.projects.changed(project_id)
        return row

    def _bump(self, project_id: Any, **deltas: int) -> None:
        row = self.projects.get(project_id)
        for name, delta in deltas.items():
            row[name] += delta
        self.projects.changed(project_id)

    # ------------------------------------------------------------------ networks
    def _network_registered(self, e: Any) -> None:
        self.networks.put(
            {
                "network_id": e.originator_id,
                "name": e.name,
                "country": e.country,
                "region": e.region,
                "target_group": e.target_group.value,
                "coordinator_id": e.coordinator_id,
            }
        )

    def _coordinator_appointed(self, e: Any) -> None:
        self.networks.get(e.originator_id)["coordinator_id"] = e.coordinator_id
        self.networks.changed(e.originator_id)

    # ------------------------------------------------------------------ projects
    def _proposed(self, e: Any) -> None:
        self.projects.put(
            {
                "project_id": e.originator_id,
                "title": e.title,
                "network_id": e.network_id,
                "country": self.networks.get(e.network_id)["country"],
                "target_group": e.target_group.value,
                "stage": "idea",
                "furthest_stage": 0,
                "status": "active",
                "outcome": None,
                "proposed_on": e.occurred_on,
                "stage_since": e.occurred_on,
                "closed_on": None,
                "accelerator_cohort": None,
                "sessions": 0,
                "coaching_minutes": 0,
                "milestones_reached": 0,
                "version": e.originator_version,
                "paused": False,
            }
        )

    def _coach_assigned(self, e: Any) -> None:
        self.coaches.put({"project_id": e.originator_id, "coach_id": e.coach_id})

    def _coach_released(self, e: Any) -> None:
        self.coaches.remove(e.originator_id, where=lambda row: row["coach_id"] == e.coach_id)

    def _session_logged(self, e: Any) -> None:
        minutes = e.details.duration_minutes
        self.minutes.put(
            {"session_id": e.session_id, "project_id": e.originator_id, "minutes": minutes}
        )
        self._bump(e.originator_id, sessions=1, coaching_minutes=minutes)

    def _session_corrected(self, e: Any) -> None:
        if "duration_minutes" not in e.changes:
            return
        row = self.minutes.get(e.session_id)
        new = int(e.changes["duration_minutes"])
        self._bump(e.originator_id, coaching_minutes=new - row["minutes"])
        row["minutes"] = new
        self.minutes.changed(e.session_id)

    def _session_withdrawn(self, e: Any) -> None:
        old = self.minutes.get(e.session_id)["minutes"]
        self.minutes.remove(e.session_id)
        self._bump(e.originator_id, sessions=-1, coaching_minutes=-old)

    def _milestone_reached(self, e: Any) -> None:
        self._bump(e.originator_id, milestones_reached=1)

    def _milestone_revoked(self, e: Any) -> None:
        self._bump(e.originator_id, milestones_reached=-1)

    def _stage_changed(self, e: Any) -> None:
        row = self.projects.get(e.originator_id)
        self._update(
            e.originator_id,
            stage=e.to_stage.value,
            stage_since=e.occurred_on,
            furthest_stage=max(row["furthest_stage"], e.to_stage.index),
        )

    def _paused(self, e: Any) -> None:
        self._update(e.originator_id, status="paused", paused=True)

    def _resumed(self, e: Any) -> None:
        self._update(e.originator_id, status="active", paused=False)

    def _closed(self, e: Any) -> None:
        self._update(
            e.originator_id, status="closed", outcome=e.outcome.value, closed_on=e.occurred_on
        )

    def _selected(self, e: Any) -> None:
        self._update(e.originator_id, accelerator_cohort=e.cohort)


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

    @property
    def sort_key(self) -> tuple[date, UUID]:
        """The list's order: (proposed_on, project_id)."""
        return self.proposed_on, self.project_id


@dataclass(frozen=True)
class SummaryFilter:
    stage: str | None = None
    status: str | None = None
    country: str | None = None
    network_id: UUID | None = None
    coach_id: UUID | None = None
    target_group: str | None = None
    coordinator_id: UUID | None = None  # only projects in the networks this person coordinates
    programme_id: UUID | None = None  # only projects enrolled in this programme

    @classmethod
    def of(
        cls,
        stage: Stage | None = None,
        status: Status | None = None,
        country: str | None = None,
        network_id: UUID | None = None,
        coach_id: UUID | None = None,
        target_group: TargetGroup | None = None,
    ) -> SummaryFilter:
        """A filter from the domain's values, as a list's query parameters give them."""
        return cls(
            stage=stage.value if stage else None,
            status=status.value if status else None,
            country=country.upper() if country else None,
            network_id=network_id,
            coach_id=coach_id,
            target_group=target_group.value if target_group else None,
        )


def projects_coordinated_by(tables: SummaryTables, coordinator_id: UUID) -> Select[tuple[UUID]]:
    """The ids of the projects in the networks this person coordinates (a subquery)."""
    n, p = tables.networks.c, tables.projects.c
    networks = select(n.network_id).where(n.coordinator_id == coordinator_id)
    return select(p.project_id).where(p.network_id.in_(networks))


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
    if where.coordinator_id is not None:
        query = query.where(p.project_id.in_(projects_coordinated_by(tables, where.coordinator_id)))
    if where.programme_id is not None:
        query = query.where(p.project_id.in_(programmes.enrolled_in(where.programme_id)))
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


@dataclass(frozen=True)
class NetworkSummary:
    network_id: UUID
    name: str
    country: str
    region: str
    target_group: str
    coordinator_id: UUID | None
    projects: int

    @property
    def sort_key(self) -> tuple[str, UUID]:
        return self.name, self.network_id


def list_networks(
    connection: Connection,
    tables: SummaryTables,
    ids: frozenset[UUID] | None,
    limit: int,
    after: tuple[str, UUID] | None = None,
    counted: frozenset[UUID] | None = None,
) -> list[NetworkSummary]:
    """Networks in (name, id) order, limited to `ids` when given, with their project counts
    (of the projects in `counted` only, when given)."""
    n, p = tables.networks.c, tables.projects.c
    counting = select(p.network_id, func.count().label("projects")).group_by(p.network_id)
    if counted is not None:
        counting = counting.where(p.project_id.in_(list(counted)))
    counts = counting.subquery()
    query = select(
        tables.networks, func.coalesce(counts.c.projects, 0).label("projects")
    ).select_from(tables.networks.outerjoin(counts, counts.c.network_id == n.network_id))
    if ids is not None:
        query = query.where(n.network_id.in_(list(ids)))
    if after is not None:
        query = query.where(after_key(n.name, n.network_id, after))
    rows = connection.execute(query.order_by(n.name, n.network_id).limit(limit))
    return [
        NetworkSummary(
            r.network_id, r.name, r.country, r.region, r.target_group, r.coordinator_id, r.projects
        )
        for r in rows
    ]


def networks_coordinated_by(
    connection: Connection, tables: SummaryTables, person_id: UUID
) -> frozenset[UUID]:
    n = tables.networks.c
    rows = connection.execute(select(n.network_id).where(n.coordinator_id == person_id))
    return frozenset(r[0] for r in rows)


def projects_in(
    connection: Connection, tables: SummaryTables, networks: frozenset[UUID]
) -> frozenset[UUID]:
    p = tables.projects.c
    rows = connection.execute(select(p.project_id).where(p.network_id.in_(list(networks))))
    return frozenset(r[0] for r in rows)


def networks_of(
    connection: Connection, tables: SummaryTables, projects: frozenset[UUID]
) -> frozenset[UUID]:
    """The networks these projects are in."""
    p = tables.projects.c
    query = select(p.network_id).where(p.project_id.in_(list(projects))).distinct()
    return frozenset(r[0] for r in connection.execute(query))


def coached_by(connection: Connection, tables: SummaryTables, coach_id: UUID) -> dict[UUID, UUID]:
    """The projects a coach is assigned to, each with its network."""
    p, c = tables.projects.c, tables.coaches.c
    rows = connection.execute(
        select(p.project_id, p.network_id).where(
            p.project_id.in_(select(c.project_id).where(c.coach_id == coach_id))
        )
    )
    return {r[0]: r[1] for r in rows}
