"""Stage history: every period a project spent in a stage, and the time it took."""

from __future__ import annotations

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
    func,
    insert,
    select,
    update,
)

from app.database import metadata
from domain.project import MicroProject
from projections.base import Handler, handlers_for


@dataclass(frozen=True)
class StageTables:
    periods: Table

    @property
    def all(self) -> tuple[Table, ...]:
        return (self.periods,)


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


class StageHistory:
    name: ClassVar[str] = "stage_history"

    def __init__(self, tables: StageTables) -> None:
        self.t = tables
        self._handlers: dict[type[Any], Handler] = handlers_for(
            self,
            {
                MicroProject.Proposed: "_proposed",
                MicroProject.StageAdvanced: "_moved",
                MicroProject.StageReverted: "_moved",
                MicroProject.Closed: "_closed",
            },
        )

    @property
    def tables(self) -> tuple[Table, ...]:
        return self.t.all

    def apply(self, connection: Connection, event: Any, position: int) -> None:
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(connection, event, position)

    def _proposed(self, c: Connection, e: Any, _pos: int) -> None:
        c.execute(
            insert(self.t.periods).values(
                project_id=e.originator_id,
                seq=1,
                stage="idea",
                entered_on=e.occurred_on,
                left_on=None,
                how="proposed",
                rationale=e.summary,
                override="",
                actor=e.actor,
            )
        )

    def _current_seq(self, c: Connection, project_id: Any) -> int:
        p = self.t.periods.c
        return int(
            c.execute(select(func.max(p.seq)).where(p.project_id == project_id)).scalar_one()
        )

    def _close_current(self, c: Connection, project_id: Any, seq: int, on: date) -> None:
        p = self.t.periods.c
        c.execute(
            update(self.t.periods)
            .where(p.project_id == project_id, p.seq == seq)
            .values(left_on=on)
        )

    def _moved(self, c: Connection, e: Any, _pos: int) -> None:
        seq = self._current_seq(c, e.originator_id)
        self._close_current(c, e.originator_id, seq, e.occurred_on)
        advanced = isinstance(e, MicroProject.StageAdvanced)
        c.execute(
            insert(self.t.periods).values(
                project_id=e.originator_id,
                seq=seq + 1,
                stage=e.to_stage.value,
                entered_on=e.occurred_on,
                left_on=None,
                how="advanced" if advanced else "reverted",
                rationale=e.rationale if advanced else e.reason,
                override=e.override if advanced else "",
                actor=e.actor,
            )
        )

    def _closed(self, c: Connection, e: Any, _pos: int) -> None:
        seq = self._current_seq(c, e.originator_id)
        self._close_current(c, e.originator_id, seq, e.occurred_on)


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
