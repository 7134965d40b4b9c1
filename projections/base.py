"""What every read model shares: the Projection protocol and the tracking table.

A projection owns its tables and turns domain events into rows. The runner hands it each batch
of events (`apply_batch`) inside one transaction that also moves the projection's position in
`projection_positions`, so a crash between any two statements loses or repeats nothing.
Each read model's module defines its tables with `define(metadata, suffix)`, so that a rebuild
can fill scratch copies (`suffix="__scratch_<random>"`) while the live tables keep serving.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Protocol

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Connection,
    DateTime,
    String,
    Table,
    and_,
    or_,
)

from domain.project import MicroProject
from projections.rows import Rows
from store.database import metadata

positions_table = Table(
    "projection_positions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger(), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


# The events of one project up to a version, read from the store (after any rewrite).
History = Callable[[Any, int], Sequence[Any]]


class Projection(Protocol):
    name: ClassVar[str]

    @property
    def tables(self) -> tuple[Table, ...]: ...

    def apply_batch(
        self, connection: Connection, events: Sequence[Any], history: History | None = None
    ) -> None:
        """Changes the projection's rows for a batch of events, in order (ignoring events it
        does not use), inside the caller's transaction. `history` reads a project's events
        from the store, for re-deriving its rows after a redaction."""
        ...


Handler = Callable[[Any], None]


@dataclass(frozen=True)
class TableSet:
    """A read model's tables, as the fields of a frozen dataclass (live or scratch copies)."""

    @property
    def all(self) -> tuple[Table, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))


class RowsProjection:
    """A read model that works on in-memory row sets (`projections/rows.py`) per batch: its
    `stores` begin and flush around the batch, `prefetch` reads what the batch will touch, and
    each event goes to the handler method `HANDLERS` names for its class.

    When a redaction rewrote the text of an earlier event (`MicroProject.FieldRedacted`), the
    rows of that project are re-derived from its own events, as the store now holds them: the
    stores in `PER_PROJECT` (tables with a `project_id` column) are rebuilt for that project,
    the others (shared by all projects, holding no text) are left as they are. A rebuild from
    position 0 reads the rewritten events too, so it ends with the same rows."""

    name: ClassVar[str]
    HANDLERS: ClassVar[dict[type[Any], str]]
    PER_PROJECT: ClassVar[tuple[str, ...]] = ()

    def __init__(self, tables: TableSet) -> None:
        self.t = tables
        self._handlers: dict[type[Any], Handler] = {
            cls: getattr(self, method) for cls, method in self.HANDLERS.items()
        }

    @property
    def tables(self) -> tuple[Table, ...]:
        return self.t.all

    @property
    def stores(self) -> tuple[Rows, ...]:
        raise NotImplementedError

    def prefetch(self, events: Sequence[Any]) -> None:
        """Reads in bulk the rows the batch's events will touch (optional)."""

    def handle(self, event: Any) -> None:
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(event)

    def apply_batch(
        self, connection: Connection, events: Sequence[Any], history: History | None = None
    ) -> None:
        segment: list[Any] = []
        for event in events:
            if history is not None and isinstance(event, MicroProject.FieldRedacted):
                self._apply(connection, segment)
                segment = []
                project = event.originator_id
                self.rederive(connection, project, history(project, event.originator_version - 1))
            segment.append(event)
        self._apply(connection, segment)

    def _apply(self, connection: Connection, events: Sequence[Any]) -> None:
        if not events:
            return
        for store in self.stores:
            store.begin(connection)
        self.prefetch(events)
        for event in events:
            self.handle(event)
        for store in self.stores:
            store.flush()

    def rederive(self, connection: Connection, project_id: Any, events: Sequence[Any]) -> None:
        """The project's rows made anew from its own events (see the class docstring)."""
        own = [getattr(self, name) for name in self.PER_PROJECT]
        for store in self.stores:
            store.begin(connection, "fresh" if store in own else "readonly")
        self.prefetch(events)
        for event in events:
            self.handle(event)
        for store in own:
            store.replace_project(project_id)
        for store in self.stores:
            store.flush()


def after_key(first: Any, second: Any, after: tuple[Any, Any]) -> ColumnElement[bool]:
    """Keyset pagination: rows strictly after (first, second) in (first, second) order."""
    return or_(first > after[0], and_(first == after[0], second > after[1]))
