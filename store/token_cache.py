"""Verified tokens kept in memory, forgotten the moment any token is revoked anywhere.

Checking a bearer token read its `api_tokens` row on every request: a statement (a round trip
on PostgreSQL) before any work. `TokenCache` keeps the principal of each token it verified,
with the token's expiry (checked against the clock on every use), under a revocation
*generation*: a value that changes whenever any process revokes any token. Each check reads the
generation first; a different one empties the cache, so a revoked token is refused on the next
request after its revocation committed, in every process.

Where the generation comes from:
- a SQLite file: the size of a file beside the database (`<database>-revocations`), to which
  each revocation appends one byte after its transaction committed (one `stat` per request;
  the processes sharing a SQLite file share its folder);
- PostgreSQL: a `LISTEN seedbed_tokens` connection per process (opened on the first check),
  counting the NOTIFY that each revocation sends in its own transaction. PostgreSQL delivers a
  notification when the revoking transaction commits, to every listener at once; a request
  that reaches another process in the sub-millisecond between the commit and the delivery is
  the one window this leaves (the revoking process itself forgets at once). While the listener
  is not connected (starting, or the database restarting) the cache is not trusted: every
  check reads the row, as before;
- an in-memory SQLite database: one process, so a counter in memory.

The key is a SHA-256 of the token text, not the text.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Hashable
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, Engine

from store.database import is_sqlite, sqlite_path

log = logging.getLogger("seedbed.tokens")

CHANNEL = "seedbed_tokens"


class Revocations(Protocol):
    def generation(self) -> Hashable | None:
        """Changes whenever a token was revoked; None when it cannot be known right now."""
        ...

    def announce(self, connection: Connection) -> None:
        """Inside the revoking transaction."""
        ...

    def announced(self) -> None:
        """After the revoking transaction committed."""
        ...

    def close(self) -> None: ...


class _InProcess:
    """One process holds the database (in-memory SQLite): a counter."""

    def __init__(self) -> None:
        self._count = 0

    def generation(self) -> Hashable | None:
        return self._count

    def announce(self, connection: Connection) -> None:
        pass

    def announced(self) -> None:
        self._count += 1

    def close(self) -> None:
        pass


class _SideFile:
    """A SQLite file's processes: the size (and identity) of `<database>-revocations`."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + "-revocations")

    def generation(self) -> Hashable | None:
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            return "none yet"
        return (found.st_ino, found.st_size)

    def announce(self, connection: Connection) -> None:
        pass

    def announced(self) -> None:
        with open(self.path, "ab") as file:
            file.write(b".")

    def close(self) -> None:
        pass


class _Listener:
    """PostgreSQL: LISTEN on a connection of our own; each notification is a revocation."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._connected: int | None = None  # which connection epoch is listening, if any
        self._epoch = 0
        self._count = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def generation(self) -> Hashable | None:
        if self._thread is None:
            with self._lock:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._listen, name="token-revocations", daemon=True
                    )
                    self._thread.start()
        connected = self._connected
        return None if connected is None else (connected, self._count)

    def announce(self, connection: Connection) -> None:
        connection.exec_driver_sql(f"NOTIFY {CHANNEL}")

    def announced(self) -> None:
        self._count += 1  # this process forgets at once, before its own notification arrives

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                with self._engine.connect() as connection:
                    connection.execution_options(isolation_level="AUTOCOMMIT")
                    raw: Any = connection.connection.driver_connection
                    raw.execute(f"LISTEN {CHANNEL}")
                    self._epoch += 1
                    self._connected = self._epoch  # anything missed before: a new generation
                    while not self._stop.is_set():
                        for _ in raw.notifies(timeout=0.5, stop_after=1):
                            self._count += 1
            except Exception as error:  # keep listening through database restarts
                log.warning("token listener lost its connection: %s", error.__class__.__name__)
            self._connected = None
            self._stop.wait(1.0)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)


def revocations_for(engine: Engine) -> Revocations:
    if not is_sqlite(engine):
        return _Listener(engine)
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    return _InProcess() if path is None else _SideFile(path)


class TokenCache:
    """token → (principal, expiry) under one revocation generation."""

    def __init__(self, revocations: Revocations, size: int = 10_000) -> None:
        self.revocations = revocations
        self._size = size
        self._generation: Hashable | None = None
        self._entries: dict[bytes, tuple[Any, datetime | None]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(token: str) -> bytes:
        return hashlib.sha256(token.encode()).digest()

    def generation(self) -> Hashable | None:
        """Read before the token's row, so that a revocation in between is not missed."""
        return self.revocations.generation()

    def get(self, key: bytes, generation: Hashable | None) -> tuple[Any, datetime | None] | None:
        if generation is None:
            return None
        with self._lock:
            if generation != self._generation:
                self._entries.clear()
                self._generation = generation
                return None
            return self._entries.get(key)

    def put(
        self, key: bytes, generation: Hashable | None, principal: Any, expires: datetime | None
    ) -> None:
        if generation is None:
            return
        with self._lock:
            if generation != self._generation:
                return  # a revocation since the row was read: do not keep what it said
            if len(self._entries) >= self._size:
                self._entries.clear()
            self._entries[key] = (principal, expires)

    def close(self) -> None:
        self.revocations.close()
