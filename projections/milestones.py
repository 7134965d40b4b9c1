"""Sustainability milestones per project: every catalogue milestone's standing, and scores."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import (
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
    select,
)

from domain.catalogue import CATALOGUE_VERSION, MILESTONES, Family, gates_served_by
from domain.project import MicroProject
from projections.base import RowsProjection, TableSet
from projections.rows import Rows
from store.database import metadata


@dataclass(frozen=True)
class MilestoneTables(TableSet):
    milestones: Table


def define(metadata: MetaData, suffix: str = "") -> MilestoneTables:
    return MilestoneTables(
        Table(
            f"project_milestones{suffix}",
            metadata,
            Column("project_id", Uuid(), nullable=False),
            Column("milestone_id", String(20), nullable=False),
            Column("reached_on", Date(), nullable=False),
            Column("evidence_note", Text(), nullable=False),
            Column("evidence_links", Text(), nullable=False),
            Column("recorded_by", Text(), nullable=False),
            Column("catalogue_version", Integer(), nullable=False),
            Column("revoked", Boolean(), nullable=False),
            Column("revoked_reason", Text(), nullable=False),
            Column("revoked_by", Text(), nullable=False),
            PrimaryKeyConstraint("project_id", "milestone_id"),
        )
    )


class SustainabilityMilestones(RowsProjection):
    name: ClassVar[str] = "sustainability_milestones"
    PER_PROJECT: ClassVar[tuple[str, ...]] = ("rows",)
    HANDLERS: ClassVar[dict[type[Any], str]] = {
        MicroProject.MilestoneReached: "_reached",
        MicroProject.MilestoneRevoked: "_revoked",
    }

    def __init__(self, tables: MilestoneTables) -> None:
        super().__init__(tables)
        self.t: MilestoneTables = tables
        self.rows = Rows(tables.milestones, ("project_id", "milestone_id"))

    @property
    def stores(self) -> tuple[Rows, ...]:
        return (self.rows,)

    def prefetch(self, events: Sequence[Any]) -> None:
        self.rows.prefetch(
            {
                (e.originator_id, e.milestone_id)
                for e in events
                if isinstance(e, MicroProject.MilestoneReached | MicroProject.MilestoneRevoked)
            }
        )

    def _reached(self, e: Any) -> None:
        self.rows.put(
            {
                "project_id": e.originator_id,
                "milestone_id": e.milestone_id,
                "reached_on": e.occurred_on,
                "evidence_note": e.evidence.note,
                "evidence_links": json.dumps(list(e.evidence.links)),
                "recorded_by": e.actor,
                "catalogue_version": e.catalogue_version,
                "revoked": False,
                "revoked_reason": "",
                "revoked_by": "",
            }
        )

    def _revoked(self, e: Any) -> None:
        key = (e.originator_id, e.milestone_id)
        self.rows.get(key).update(revoked=True, revoked_reason=e.reason, revoked_by=e.actor)
        self.rows.changed(key)


# ---------------------------------------------------------------------------- queries
@dataclass(frozen=True)
class MilestoneStanding:
    milestone_id: str
    title: str
    family: Family
    gates: tuple[str, ...]
    reached: bool
    reached_on: date | None
    evidence_note: str | None
    evidence_links: tuple[str, ...]
    recorded_by: str | None
    revoked: bool
    revoked_reason: str | None


@dataclass(frozen=True)
class FamilyScore:
    family: Family
    reached: int
    total: int

    @property
    def score(self) -> float:
        return round(self.reached / self.total, 4)


@dataclass(frozen=True)
class MilestoneBoard:
    project_id: UUID
    catalogue_version: int
    milestones: tuple[MilestoneStanding, ...]
    families: tuple[FamilyScore, ...]

    @property
    def score(self) -> float:
        """The share of the catalogue reached, from 0 to 1."""
        reached = sum(1 for m in self.milestones if m.reached)
        return round(reached / len(self.milestones), 4)


def board(connection: Connection, tables: MilestoneTables, project_id: UUID) -> MilestoneBoard:
    m = tables.milestones.c
    rows = {
        r.milestone_id: r
        for r in connection.execute(select(tables.milestones).where(m.project_id == project_id))
    }
    standings = []
    for milestone in MILESTONES.values():
        row = rows.get(milestone.id)
        reached = row is not None and not row.revoked
        standings.append(
            MilestoneStanding(
                milestone_id=milestone.id,
                title=milestone.title,
                family=milestone.family,
                gates=gates_served_by(milestone.id),
                reached=reached,
                reached_on=row.reached_on if row is not None else None,
                evidence_note=row.evidence_note if row is not None else None,
                evidence_links=tuple(json.loads(row.evidence_links)) if row is not None else (),
                recorded_by=row.recorded_by if row is not None else None,
                revoked=bool(row.revoked) if row is not None else False,
                revoked_reason=(row.revoked_reason or None) if row is not None else None,
            )
        )
    families = tuple(
        FamilyScore(
            family,
            sum(1 for s in standings if s.family is family and s.reached),
            sum(1 for s in standings if s.family is family),
        )
        for family in Family
    )
    return MilestoneBoard(project_id, CATALOGUE_VERSION, tuple(standings), families)


LIVE = define(metadata)
