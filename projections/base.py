"""What every read model shares: the Projection protocol and the tracking table.

A projection owns its tables and turns domain events into rows. The runner hands it each batch
of events (`apply_batch`) inside one transaction that also moves the projection's position in
`projection_positions`, so a crash between any two statements loses or repeats nothing.
Each read model's module defines its tables with `define(metadata, suffix)`, so that a rebuild
can fill scratch copies (`suffix="__scratch_<random>"`) while the live tables keep serving.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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

from store.database import metadata

positions_table = Table(
    "projection_positions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger(), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


class Projection(Protocol):
    name: ClassVar[str]

    @property
    def tables(self) -> tuple[Table, ...]: ...

    def apply_batch(self, connection: Connection, events: Sequence[Any]) -> None:
        """Changes the projection's rows for a batch of events, in order (ignoring events it
        does not use), inside the caller's transaction."""
        ...


Handler = Callable[[Any], None]


def handlers_for(projection: object, mapping: dict[type[Any], str]) -> dict[type[Any], Handler]:
    """Event class → bound handler method, from a table of method names."""
    return {cls: getattr(projection, name) for cls, name in mapping.items()}


def dispatch(handlers: dict[type[Any], Handler], events: Sequence[Any]) -> None:
    for event in events:
        handler = handlers.get(type(event))
        if handler is not None:
            handler(event)


def after_key(first: Any, second: Any, after: tuple[Any, Any]) -> ColumnElement[bool]:
    """Keyset pagination: rows strictly after (first, second) in (first, second) order."""
    return or_(first > after[0], and_(first == after[0], second > after[1]))
