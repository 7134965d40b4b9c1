"""Import rows: which rows of imported spreadsheets were recorded, by each row's own key.

`seedbed import-sheet` records a row once: its key (the sheet's `row_key`, or a digest of the
row's content) is written here in the SAME transaction as the events the row made (through
`store.recorder.also_in_transaction`), so that either both are committed or neither is. Unlike
idempotency receipts, these are never purged: a sheet re-run a year later still records
nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import Column, Connection, DateTime, Engine, Integer, String, Table, Uuid, select

from store.database import metadata

import_rows_table = Table(
    "import_rows",
    metadata,
    Column("row_key", String(200), primary_key=True),
    Column("content", String(64), nullable=False),  # SHA-256 of the row's cells
    Column("file_sha256", String(64), nullable=False),
    Column("row_number", Integer(), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("record_id", Uuid(), nullable=True),  # the project, person, session... it made
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class ImportedRow:
    row_key: str
    content: str
    file_sha256: str
    row_number: int
    kind: str
    record_id: UUID | None
    recorded_at: datetime


def recorded_rows(engine: Engine, keys: Iterable[str]) -> dict[str, ImportedRow]:
    """The rows already recorded among these keys."""
    wanted = sorted(set(keys))
    found: dict[str, ImportedRow] = {}
    with engine.connect() as connection:
        for start in range(0, len(wanted), 500):
            query = select(import_rows_table).where(
                import_rows_table.c.row_key.in_(wanted[start : start + 500])
            )
            for row in connection.execute(query):
                found[row.row_key] = ImportedRow(**row._mapping)
    return found


def write_rows(connection: Connection, rows: Iterable[ImportedRow]) -> None:
    """Inside the caller's transaction."""
    values = [row.__dict__ for row in rows]
    if values:
        connection.execute(import_rows_table.insert(), values)


def write_rows_alone(engine: Engine, rows: Iterable[ImportedRow]) -> None:
    """In a transaction of their own (rows that made no event, e.g. people only)."""
    with engine.begin() as connection:
        write_rows(connection, rows)
