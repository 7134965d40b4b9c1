"""The browser outbox's semantics in a local SQLite file: writes queued with an idempotency key
minted when they were queued, sent in the order queued; a dropped connection stops the sync and
the next one sends the same key and body (the server's receipt answers if the first attempt was
committed: recorded once); a problem reply makes the item refused with its reason, kept until
discarded; a 401 stops the sync and keeps every item."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from seedbed_client.base import Caller, new_key
from seedbed_client.errors import ProblemError, Unauthenticated, Unreachable

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body TEXT NOT NULL,
    if_match INTEGER,
    saved_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'waiting',
    answer TEXT
)
"""


@dataclass(frozen=True)
class Item:
    seq: int
    key: str
    method: str
    path: str
    body: dict[str, Any]
    if_match: int | None
    saved_at: str
    state: str  # waiting, sent, refused
    answer: dict[str, Any] | None


@dataclass
class SyncReport:
    sent: list[Item] = field(default_factory=list)
    refused: list[tuple[Item, ProblemError]] = field(default_factory=list)
    stopped: str | None = None  # "unreachable" or "sign_in"
    waiting: int = 0


class Outbox:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        with self._db() as db:
            db.execute(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None)
        connection.row_factory = sqlite3.Row
        return connection

    def queue(self, path: str, body: dict[str, Any], if_match: int | None = None) -> Item:
        saved = datetime.now(UTC).isoformat(timespec="seconds")
        with self._db() as db:
            cursor = db.execute(
                "INSERT INTO outbox (key, method, path, body, if_match, saved_at)"
                " VALUES (?, 'POST', ?, ?, ?, ?)",
                (new_key(), path, json.dumps(body, sort_keys=True), if_match, saved),
            )
            seq = cursor.lastrowid
        return next(i for i in self.items() if i.seq == seq)

    def items(self) -> list[Item]:
        with self._db() as db:
            rows = db.execute("SELECT * FROM outbox ORDER BY seq").fetchall()
        return [
            Item(
                r["seq"],
                r["key"],
                r["method"],
                r["path"],
                json.loads(r["body"]),
                r["if_match"],
                r["saved_at"],
                r["state"],
                json.loads(r["answer"]) if r["answer"] else None,
            )
            for r in rows
        ]

    def discard(self, seq: int) -> None:
        with self._db() as db:
            db.execute("DELETE FROM outbox WHERE seq = ?", (seq,))

    def _mark(self, item: Item, state: str, answer: Any) -> None:
        with self._db() as db:
            db.execute(
                "UPDATE outbox SET state = ?, answer = ? WHERE seq = ?",
                (state, json.dumps(answer), item.seq),
            )

    def sync(self, client: Caller) -> SyncReport:
        report = SyncReport()
        for item in [i for i in self.items() if i.state == "waiting"]:
            headers = {"Idempotency-Key": item.key}
            if item.if_match is not None:
                headers["If-Match"] = f'"{item.if_match}"'
            try:
                answer = client.request(item.method, item.path, body=item.body, headers=headers)
            except Unreachable:
                report.stopped = "unreachable"
                break
            except Unauthenticated:
                report.stopped = "sign_in"
                break
            except ProblemError as problem:
                if problem.status >= 500 or problem.status == 429:
                    report.stopped = "unreachable"
                    break
                self._mark(item, "refused", problem.body)
                report.refused.append((item, problem))
                continue
            self._mark(item, "sent", answer)
            report.sent.append(item)
        report.waiting = sum(1 for i in self.items() if i.state == "waiting")
        return report
