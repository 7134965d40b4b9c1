"""Programmes and enrolments: the programmes with their reporting periods, and which
projects are enrolled in which programme since when (for lists, and for choosing the
projects a programme's indicators count). Ids, names and dates only: no free text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from sqlalchemy import (
    Column,
    Connection,
    Date,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Select,
    String,
    Table,
    Uuid,
    select,
)

from domain.programme import Programme
from domain.project import MicroProject
from projections.base import RowsProjection, TableSet, after_key
from projections.rows import Rows
from store.database import metadata


@dataclass(frozen=True)
class ProgrammeTables(TableSet):
    programmes: Table
    periods: Table
    enrolments: Table


def define(metadata: MetaData, suffix: str = "") -> ProgrammeTables:
    return ProgrammeTables(
        Table(
            f"programmes{suffix}",
            metadata,
            Column("programme_id", Uuid(), primary_key=True),
            Column("name", String(200), nullable=False),
            Column("funder", String(200), nullable=False),
            Column("starts_on", Date(), nullable=False),
            Column("ends_on", Date(), nullable=False),
            Column("checkin_every_days", Integer(), nullable=True),
            Column("catalogue_version", Integer(), nullable=False),
            Column("gate_table_version", Integer(), nullable=False),
        ),
        Table(
            f"programme_periods{suffix}",
            metadata,
            Column("programme_id", Uuid(), nullable=False),
            Column("label", String(100), nullable=False),
            Column("starts_on", Date(), nullable=False),
            Column("ends_on", Date(), nullable=False),
            PrimaryKeyConstraint("programme_id", "label"),
        ),
        Table(
            f"programme_enrolments{suffix}",
            metadata,
            Column("programme_id", Uuid(), nullable=False),
            Column("project_id", Uuid(), nullable=False, index=True),
            Column("enrolled_on", Date(), nullable=False),
            PrimaryKeyConstraint("programme_id", "project_id"),
        ),
    )


class ProgrammeEnrolments(RowsProjection):
    name: ClassVar[str] = "programmes"
    HANDLERS: ClassVar[dict[type[Any], str]] = {
        Programme.Created: "_created",
        MicroProject.Enrolled: "_enrolled",
    }

    def __init__(self, tables: ProgrammeTables) -> None:
        super().__init__(tables)
        self.t: ProgrammeTables = tables
        self.programmes = Rows(tables.programmes, "programme_id")
        self.periods = Rows(tables.periods, "programme_id", many=True)
        self.enrolments = Rows(tables.enrolments, ("programme_id", "project_id"))

    @property
    def stores(self) -> tuple[Rows, ...]:
        return (self.programmes, self.periods, self.enrolments)

    def _created(self, e: Any) -> None:
        self.programmes.put(
            {
                "programme_id": e.originator_id,
                "name": e.name,
                "funder": e.funder,
                "starts_on": e.starts_on,
                "ends_on": e.ends_on,
                "checkin_every_days": e.checkin_every_days,
                "catalogue_version": e.catalogue_version,
                "gate_table_version": e.gate_table_version,
            },
            new=True,
        )
        for period in e.periods:
            self.periods.put(
                {
                    "programme_id": e.originator_id,
                    "label": period.label,
                    "starts_on": period.starts_on,
                    "ends_on": period.ends_on,
                },
                new=True,
            )

    def _enrolled(self, e: Any) -> None:
        self.enrolments.put(
            {
                "programme_id": e.programme_id,
                "project_id": e.originator_id,
                "enrolled_on": e.occurred_on,
            }
        )


LIVE = define(metadata)


# ---------------------------------------------------------------------------- queries
@dataclass(frozen=True)
class PeriodRow:
    label: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class ProgrammeSummary:
    programme_id: UUID
    name: str
    funder: str
    starts_on: date
    ends_on: date
    checkin_every_days: int | None
    catalogue_version: int
    gate_table_version: int
    periods: tuple[PeriodRow, ...]
    projects: int

    @property
    def sort_key(self) -> tuple[str, UUID]:
        return self.name, self.programme_id


def list_programmes(
    connection: Connection,
    limit: int,
    after: tuple[str, UUID] | None = None,
    only: UUID | None = None,
) -> list[ProgrammeSummary]:
    """The programmes by name (keyset pages after (name, id)); only one, when given."""
    p = LIVE.programmes.c
    query = select(LIVE.programmes).order_by(p.name, p.programme_id).limit(limit)
    if only is not None:
        query = query.where(p.programme_id == only)
    if after is not None:
        query = query.where(after_key(p.name, p.programme_id, after))
    rows = list(connection.execute(query))
    ids = [r.programme_id for r in rows]
    periods: dict[UUID, list[PeriodRow]] = {i: [] for i in ids}
    counts: dict[UUID, int] = dict.fromkeys(ids, 0)
    if ids:
        q = LIVE.periods.c
        for r in connection.execute(
            select(LIVE.periods).where(q.programme_id.in_(ids)).order_by(q.starts_on)
        ):
            periods[r.programme_id].append(PeriodRow(r.label, r.starts_on, r.ends_on))
        e = LIVE.enrolments.c
        for r in connection.execute(select(e.programme_id).where(e.programme_id.in_(ids))):
            counts[r.programme_id] += 1
    return [
        ProgrammeSummary(
            programme_id=r.programme_id,
            name=r.name,
            funder=r.funder,
            starts_on=r.starts_on,
            ends_on=r.ends_on,
            checkin_every_days=r.checkin_every_days,
            catalogue_version=r.catalogue_version,
            gate_table_version=r.gate_table_version,
            periods=tuple(periods[r.programme_id]),
            projects=counts[r.programme_id],
        )
        for r in rows
    ]


def enrolled_in(programme_id: UUID) -> Select[tuple[UUID]]:
    """The ids of the projects ever enrolled in the programme (a subquery): what a
    programme-scoped token sees (app/access.py)."""
    e = LIVE.enrolments.c
    return select(e.project_id).where(e.programme_id == programme_id)


def enrolled_projects(connection: Connection, programme_id: UUID) -> list[tuple[UUID, date]]:
    """The projects enrolled in the programme (now), with their enrolment day, by id."""
    e = LIVE.enrolments.c
    query = (
        select(e.project_id, e.enrolled_on)
        .where(e.programme_id == programme_id)
        .order_by(e.project_id)
    )
    return [(r.project_id, r.enrolled_on) for r in connection.execute(query)]


def programmes_of(connection: Connection, project_ids: Sequence[UUID]) -> dict[UUID, list[UUID]]:
    """For each project, the programmes it is enrolled in."""
    e = LIVE.enrolments.c
    found: dict[UUID, list[UUID]] = {p: [] for p in project_ids}
    if project_ids:
        query = select(e.project_id, e.programme_id).where(e.project_id.in_(list(project_ids)))
        for r in connection.execute(query.order_by(e.enrolled_on)):
            found[r.project_id].append(r.programme_id)
    return found
