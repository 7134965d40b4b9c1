"""Idempotency receipts: the first reply to a keyed request, stored with the write it made.

The HTTP layer opens a `receipt_scope` around a command. Whatever appends the command's events
(or stores a person) writes the receipt in the SAME transaction: either the write and its receipt
are both committed, or neither is. A retry with the same key finds the receipt and gets the first
reply again, even when the server died between the commit and the reply.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    select,
)

from store.database import metadata

receipts_table = Table(
    "idempotency_receipts",
    metadata,
    Column("principal", String(64), nullable=False),
    Column("key", String(255), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", Integer(), nullable=False),
    Column("body", Text(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("principal", "key"),
)


@dataclass(frozen=True)
class CommandResult:
    """What a write returns: the stream's new version and the global position of its last event."""

    id: UUID
    version: int
    position: int | None
    created: bool = False


@dataclass(frozen=True)
class Receipt:
    principal: str
    key: str
    fingerprint: str
    status_code: int
    body: dict[str, Any]


@dataclass(frozen=True)
class ReceiptDraft:
    """A receipt waiting for the write's result: `render` turns the result into the reply body."""

    principal: str
    key: str
    fingerprint: str
    status_code: int
    render: Callable[[CommandResult], dict[str, Any]]

    def complete(self, result: CommandResult) -> Receipt:
        return Receipt(
            self.principal, self.key, self.fingerprint, self.status_code, self.render(result)
        )


_pending: ContextVar[ReceiptDraft | None] = ContextVar("seedbed_pending_receipt", default=None)


@contextmanager
def receipt_scope(draft: ReceiptDraft | None) -> Iterator[None]:
    token = _pending.set(draft)
    try:
        yield
    finally:
        _pending.reset(token)


def write_pending_receipt(
    connection: Connection,
    aggregate_id: UUID,
    version: int | None,
    position: int | None,
    created: bool,
) -> None:
    """Inside the caller's transaction: store the receipt of the request being served, if any."""
    draft = _pending.get()
    if draft is None:
        return
    receipt = draft.complete(CommandResult(aggregate_id, version or 0, position, created))
    connection.execute(
        receipts_table.insert().values(
            principal=receipt.principal,
            key=receipt.key,
            fingerprint=receipt.fingerprint,
            status_code=receipt.status_code,
            body=json.dumps(receipt.body, separators=(",", ":")),
            created_at=datetime.now(UTC),
        )
    )


class ReceiptStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def find(self, principal: str, key: str) -> Receipt | None:
        with self._engine.connect() as connection:
            row = connection.execute(
                select(receipts_table).where(
                    receipts_table.c.principal == principal, receipts_table.c.key == key
                )
            ).one_or_none()
        if row is None:
            return None
        return Receipt(
            row.principal, row.key, row.fingerprint, row.status_code, json.loads(row.body)
        )
