"""Idempotency receipts: the first reply to a keyed request, stored with the write it made.

The HTTP layer opens a `receipt_scope` around a command. Whatever appends the command's events
(or stores a person) writes the receipt in the SAME transaction: either the write and its receipt
are both committed, or neither is. A retry with the same key finds the receipt and gets the first
reply again, even when the server died between the commit and the reply.

A receipt identifies its request by a fingerprint: an HMAC-SHA-256 of the method, path and
canonical body, keyed with a key derived from the server's secret, which is never stored in
the database. An unsalted hash would let anyone holding the database confirm a guessed name
typed into a body, even after that person's erasure. Receipts are kept for a retention period
(SEEDBED_RECEIPT_DAYS): an older one is ignored (a retry then is a new request) and deleted by
`purge_if_due`, which the write path calls and which runs at most once a minute per process.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing import persistence as es_persistence
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
    delete,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from store.database import metadata

log = logging.getLogger("seedbed.receipts")

# The receipts' key is derived from the server secret for this one purpose, so that the same
# secret can key other things later without one use revealing another.
RECEIPT_KEY_PURPOSE = b"seedbed/idempotency-receipts/v1"
PURGE_EVERY_SECONDS = 60.0

receipts_table = Table(
    "idempotency_receipts",
    metadata,
    Column("principal", String(64), nullable=False),
    Column("key", String(255), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", Integer(), nullable=False),
    Column("body", Text(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
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
    """A receipt waiting for the write's result: `render` turns the result into the reply body.
    `created_at` stamps it; a receipt of the same key older than `expired_before` gives way."""

    principal: str
    key: str
    fingerprint: str
    status_code: int
    render: Callable[[CommandResult], dict[str, Any]]
    created_at: datetime
    expired_before: datetime

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


def pending_receipt() -> ReceiptDraft | None:
    """The receipt draft of the request being served in this context, if any (read by the
    request's own thread: a group-commit writer gets it handed over with the append)."""
    return _pending.get()


def write_pending_receipt(
    connection: Connection,
    aggregate_id: UUID,
    version: int | None,
    position: int | None,
    created: bool,
) -> None:
    """Inside the caller's transaction: store the receipt of the request being served, if any
    (an expired receipt of the same key, not yet purged, is deleted first)."""
    write_receipt(connection, _pending.get(), aggregate_id, version, position, created)


def write_receipt(
    connection: Connection,
    draft: ReceiptDraft | None,
    aggregate_id: UUID,
    version: int | None,
    position: int | None,
    created: bool,
) -> None:
    """`write_pending_receipt` with the draft given (None: nothing to store)."""
    if draft is None:
        return
    receipt = draft.complete(CommandResult(aggregate_id, version or 0, position, created))
    values = {
        "principal": receipt.principal,
        "key": receipt.key,
        "fingerprint": receipt.fingerprint,
        "status_code": receipt.status_code,
        "body": json.dumps(receipt.body, separators=(",", ":")),
        "created_at": draft.created_at,
    }
    # One statement: an expired receipt of the same key is replaced, a live one is not (the
    # update's WHERE fails, nothing is returned) and the append fails as a duplicate.
    upsert = (postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert)(
        receipts_table
    ).values(values)
    replaced = upsert.on_conflict_do_update(
        index_elements=["principal", "key"],
        set_={name: upsert.excluded[name] for name in values if name not in ("principal", "key")},
        where=receipts_table.c.created_at < draft.expired_before,
    ).returning(receipts_table.c.key)
    if connection.execute(replaced).first() is None:
        raise es_persistence.IntegrityError(
            f"an idempotency receipt for this key is already stored ({receipt.key!r})"
        )


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every receipt is stamped in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class ReceiptStore:
    """Receipts: their fingerprints (keyed), look-ups within the retention, and the purge.

    `secret` gives the server secret when the first fingerprint is needed (the API asks for it
    at start-up, so that a missing or damaged key file stops the service there)."""

    def __init__(self, engine: Engine, secret: Callable[[], bytes], retention: timedelta) -> None:
        self._engine = engine
        self._secret = secret
        self._key: bytes | None = None
        self._lock = threading.Lock()
        self.retention = retention
        self._purged_at: float | None = None

    def key(self) -> bytes:
        if self._key is None:
            with self._lock:
                if self._key is None:
                    self._key = hmac.new(
                        self._secret(), RECEIPT_KEY_PURPOSE, hashlib.sha256
                    ).digest()
        return self._key

    def fingerprint(self, method: str, path: str, body: bytes) -> str:
        """The request's fingerprint: HMAC-SHA-256 of the method, path and body (64 hex)."""
        message = method.encode() + b" " + path.encode() + b"\n" + body
        return hmac.new(self.key(), message, hashlib.sha256).hexdigest()

    def draft(
        self,
        principal: str,
        key: str,
        fingerprint: str,
        status_code: int,
        render: Callable[[CommandResult], dict[str, Any]],
        now: datetime,
    ) -> ReceiptDraft:
        now = _utc(now)
        return ReceiptDraft(
            principal, key, fingerprint, status_code, render, now, now - self.retention
        )

    def find(self, principal: str, key: str, now: datetime) -> Receipt | None:
        """The receipt of this key, unless it is older than the retention (then: None)."""
        with self._engine.connect() as connection:
            row = connection.execute(
                select(receipts_table).where(
                    receipts_table.c.principal == principal, receipts_table.c.key == key
                )
            ).one_or_none()
        if row is None or _utc(row.created_at) < _utc(now) - self.retention:
            return None
        return Receipt(
            row.principal, row.key, row.fingerprint, row.status_code, json.loads(row.body)
        )

    def purge(self, now: datetime) -> int:
        """Deletes every receipt older than the retention; returns how many."""
        cutoff = _utc(now) - self.retention
        with self._engine.begin() as connection:
            result = connection.execute(
                delete(receipts_table).where(receipts_table.c.created_at < cutoff)
            )
        return int(result.rowcount or 0)

    def purge_if_due(self, now: datetime) -> None:
        """`purge`, at most once every PURGE_EVERY_SECONDS in this process. A failure (say, a
        busy database) is logged and left to the next time: the write that called it stands."""
        tick = time.monotonic()
        with self._lock:
            if self._purged_at is not None and tick - self._purged_at < PURGE_EVERY_SECONDS:
                return
            self._purged_at = tick
        try:
            purged = self.purge(now)
        except Exception as error:
            log.warning("receipt purge skipped: %s", error.__class__.__name__)
            return
        if purged:
            log.info("purged %d idempotency receipts older than %s", purged, self.retention)
