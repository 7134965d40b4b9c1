"""Rebuild and verify: replay every event into scratch tables while the live ones keep serving.

`rebuild` fills scratch copies from position 0, then, holding the live projection's position
lock, applies whatever the live one has processed since, and swaps the rows in one transaction
(readers see the old rows until the commit, then the new ones). `verify` builds the same scratch
copy and reports every row that differs from the live tables, changing nothing.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Mapper
from sqlalchemy import Connection, Engine, MetaData, Table, delete, insert, select, update
from sqlalchemy.exc import OperationalError

from projections.base import Projection, positions_table
from projections.registry import live_projection, scratch_projection
from projections.runner import ProjectionRunner, locked_positions, stream_history
from store.database import NAMING_CONVENTION, write_transaction

Progress = Callable[[int, int], None]


@dataclass
class Difference:
    table: str
    missing_in_live: int = 0
    extra_in_live: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class VerifyReport:
    name: str
    position: int
    differences: list[Difference]

    @property
    def identical(self) -> bool:
        return not self.differences


class Rebuilder:
    def __init__(
        self,
        engine: Engine,
        recorder: ApplicationRecorder,
        mapper: Mapper[Any],
        batch_size: int = 1000,
    ) -> None:
        self.engine = engine
        self.recorder = recorder
        self.mapper = mapper
        self.batch_size = batch_size
        self.history = stream_history(recorder, mapper)

    # ------------------------------------------------------------------ scratch copies
    def _scratch(self, *names: str) -> tuple[list[Projection], MetaData]:
        metadata = MetaData(naming_convention=NAMING_CONVENTION)
        suffix = f"__scratch_{secrets.token_hex(3)}"
        projections = [scratch_projection(name, metadata, suffix) for name in names]
        metadata.create_all(self.engine)
        return projections, metadata

    def _apply(
        self, connection: Connection, projections: Sequence[Projection], start: int, stop: int
    ) -> int:
        """Applies the events after `start` up to `stop` to every one of `projections`, each
        event read and decoded once for all of them."""
        position = start
        while position < stop:
            notes = self.recorder.select_notifications(
                start=position + 1, limit=self.batch_size, stop=stop
            )
            if not notes:
                break
            events = [self.mapper.to_domain_event(n) for n in notes]
            for projection in projections:
                projection.apply_batch(connection, events, self.history)
            position = notes[-1].id
        return position

    def _fill(self, projections: Sequence[Projection], progress: Progress | None) -> int:
        position, head = 0, self.recorder.max_notification_id() or 0
        while position < head:
            with write_transaction(self.engine) as connection:
                stop = min(position + self.batch_size * 10, head)
                position = max(self._apply(connection, projections, position, stop), stop)
            if progress is not None:
                progress(position, head)
        return position

    def _drop(self, metadata: MetaData) -> None:
        """Drops the scratch tables; on a busy SQLite file, waits for a quiet moment."""
        for attempt in range(10):
            try:
                metadata.drop_all(self.engine)
                return
            except OperationalError:
                if attempt == 9:
                    raise
                time.sleep(0.5)

    # ------------------------------------------------------------------ rebuild
    def rebuild(self, name: str, progress: Progress | None = None) -> int:
        """Rebuilds one read model from position 0 and swaps it in; returns its new position."""
        return self.rebuild_many([name], progress)[name]

    def rebuild_many(
        self, names: Sequence[str], progress: Progress | None = None
    ) -> dict[str, int]:
        """Rebuilds the named read models from position 0 in one pass over the events (each
        read and decoded once for all of them) and swaps them in together; returns the new
        position of each."""
        lives = [live_projection(name) for name in names]
        ProjectionRunner(self.engine, self.recorder, self.mapper, lives).ensure_positions()
        scratches, metadata = self._scratch(*names)
        try:
            filled = self._fill(scratches, progress)
            done: dict[str, int] = {}
            with locked_positions(self.engine, list(names)) as (connection, positions):
                for name, live, scratch in zip(names, lives, scratches, strict=True):
                    done[name] = max(
                        self._apply(connection, [scratch], filled, positions[name]), filled
                    )
                    for live_table, scratch_table in zip(live.tables, scratch.tables, strict=True):
                        _copy_rows(connection, scratch_table, live_table)
                    connection.execute(
                        update(positions_table)
                        .where(positions_table.c.name == name)
                        .values(position=done[name], updated_at=datetime.now(UTC))
                    )
            return done
        finally:
            self._drop(metadata)

    # ------------------------------------------------------------------ verify
    def verify(self, name: str, progress: Progress | None = None) -> VerifyReport:
        """Rebuilds into scratch tables and compares them with the live ones (changes nothing)."""
        live = live_projection(name)
        runner = ProjectionRunner(self.engine, self.recorder, self.mapper, [live])
        runner.ensure_positions()
        [scratch], metadata = self._scratch(name)
        try:
            filled = self._fill([scratch], progress)
            while runner.positions()[name] < filled:
                runner.catch_up()  # the live model must have seen what the scratch one has
            with locked_positions(self.engine, [name]) as (connection, positions):
                live_position = positions[name]
                self._apply(connection, [scratch], filled, live_position)
                differences = [
                    d
                    for live_table, scratch_table in zip(live.tables, scratch.tables, strict=True)
                    if (d := _compare(connection, live_table, scratch_table)) is not None
                ]  # (the transaction changed scratch rows only; they are dropped below)
            return VerifyReport(name, live_position, differences)
        finally:
            self._drop(metadata)


def _copy_rows(connection: Connection, source: Table, target: Table) -> None:
    connection.execute(delete(target))
    columns = [c.name for c in target.columns]
    connection.execute(
        insert(target).from_select(columns, select(*[source.c[name] for name in columns]))
    )


def _rows(connection: Connection, table: Table) -> set[tuple[Any, ...]]:
    return {tuple(row) for row in connection.execute(select(table))}


def _compare(connection: Connection, live: Table, scratch: Table) -> Difference | None:
    live_rows, fresh_rows = _rows(connection, live), _rows(connection, scratch)
    if live_rows == fresh_rows:
        return None
    missing, extra = fresh_rows - live_rows, live_rows - fresh_rows
    examples = [f"missing in live: {r}" for r in list(missing)[:3]]
    examples += [f"only in live: {r}" for r in list(extra)[:3]]
    return Difference(live.name, len(missing), len(extra), examples)
