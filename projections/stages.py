"""Stage history: every period a project spent in a stage, and the time it took."""

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
    String,
    Table,
    Text,
    Uuid,
    select,
)

from domain.project import MicroProject
from projections.base import RowsProjection, TableSet
from projections.rows import Rows
from store.database import metadata


@dataclass(frozen=True)
class StageTables(TableSet):
    periods: Table


def define(metadata: MetaData, suffix: str = "") -> StageTables:
    return StageTables(
        Table(
            f"stage_periods{suffix}",
            metadata,
            Column("project_id", Uuid(), nullable=False),
            Column("seq", Integer(), nullable=False),
            Column("stage", String(16), nullable=False, index=True),
            Column("entered_on", Date(), nullable=False),
            Column("left_on", Date(), nullable=True),
            Column("how", String(16), nullable=False),
            Column("rationale", Text(), nullable=False),
            Column("override", Text(), nullable=False),
            Column("actor", Text(), nullable=False),
            PrimaryKeyConstraint("project_id", "seq"),
        )
    )


class StageHistory(RowsProjection):
    name: ClassVar[str] = "stage_history"
    PER_PROJECT: ClassVar[tuple[str, ...]] = ("periods",)
    HANDLERS: ClassVar[dict[type[Any], str]] = {
        MicroProject.Proposed: "_proposed",
        MicroProject.StageAdvanced: "_moved",
        MicroProject.StageReverted: "_moved",
        MicroProject.Closed: "_closed",
    }

    def __init__(self, tables: StageTables) -> None:
        super().__init__(tables)
        self.t: StageTables = tables
        self.periods = Rows(tables.periods, "project_id", many=True)

    @property
    def stores(self) -> tuple[Rows, ...]:
        return (self.periods,)

    def prefetch(self, events: Sequence[Any]) -> None:
        moves = MicroProject.StageAdvanced | MicroProject.StageReverted | MicroProject.Closed
        self.periods.prefetch({e.originator_id for e in events if isinstance(e, moves)})

    def _proposed(self, e: Any) -> None:
        self.periods.put(
            {
                "project_id": e.originator_id,
                "seq": 1,
                "stage": "idea",
                "entered_on": e.occurred_on,
                "left_on": None,
                "how": "proposed",
                "rationale": e.summary,
                "override": "",
                "actor": e.actor,
            },
            new=True,
        )

    def _close_current(self, project_id: Any, on: date) -> int:
        rows = self.periods.all(project_id)
        current = max(rows, key=lambda row: row["seq"])
        current["left_on"] = on
        self.periods.changed(project_id)
        return int(current["seq"])

    def _moved(self, e: Any) -> None:
        seq = self._close_current(e.originator_id, e.occurred_on)
        advanced = isinstance(e, MicroProject.StageAdvanced)
        self.periods.put(
            {
                "project_id": e.originator_id,
                "seq": seq + 1,
                "stage": e.to_stage.value,
                "entered_on": e.occurred_on,
                "left_on": None,
                "how": "advanced" if advanced else "reverted",
                "rationale": e.rationale if advanced else e.reason,
                "override": e.override if advanced else "",
                "actor": e.actor,
            }
        )

    def _closed(self, e: Any) -> None:
        self._close_current(e.originator_id, e.occurred_on)


# ---------------------------------------------------------------------------- queries
@dataclass(frozen=True)
class StagePeriod:
    seq: int
    stage: str
    entered_on: date
    left_on: date | None
    days: int
    how: str
    rationale: str
    override: str
    actor: str


def periods(
    connection: Connection, tables: StageTables, project_id: UUID, today: date
) -> list[StagePeriod]:
    p = tables.periods.c
    rows = connection.execute(
        select(tables.periods).where(p.project_id == project_id).order_by(p.seq)
    )
    return [
        StagePeriod(
            r.seq,
            r.stage,
            r.entered_on,
            r.left_on,
            ((r.left_on or today) - r.entered_on).days,
            r.how,
            r.rationale,
            r.override,
            r.actor,
        )
        for r in rows
    ]


LIVE = define(metadata)
