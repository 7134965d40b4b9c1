"""The SQLAlchemy engine and the metadata of every table this project owns (Alembic's target)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventsourcing import persistence as es_persistence
from sqlalchemy import Connection, Engine, MetaData, create_engine, event
from sqlalchemy import exc as sa_exc

# The database itself failing (locked past the busy timeout, unreachable, restarting): the
# request may be retried. The API answers these with 503 and Retry-After.
STORAGE_UNAVAILABLE: tuple[type[Exception], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
    es_persistence.OperationalError,
    es_persistence.InterfaceError,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
log = logging.getLogger("seedbed.database")

DEFAULT_DATABASE_URL = "sqlite:///./var/seedbed.sqlite3"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that reads before it writes. On SQLite it takes the write lock up front
    (BEGIN IMMEDIATE) and so waits for it, instead of failing with "database is locked" when
    it upgrades from reading to writing after another writer committed."""
    options = {"sqlite_begin": "IMMEDIATE"} if is_sqlite(engine) else {}
    with engine.connect() as connection:
        connection.execution_options(**options)
        with connection.begin():
            yield connection


def sqlite_path(url: str) -> Path | None:
    """The database file when the URL names a SQLite file, else None."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix) :].split("?", 1)[0]
    return None if rest in ("", ":memory:") else Path(rest)


def make_engine(url: str, sqlite_busy_timeout_ms: int = 5_000) -> Engine:
    """An engine for the URL: SQLite in WAL mode with a busy timeout, or PostgreSQL."""
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": sqlite_busy_timeout_ms / 1000},
        )
        _configure_sqlite(engine, sqlite_busy_timeout_ms)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (the
        # documented recipe: pysqlite's own implicit BEGIN breaks transaction scope).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Freed and overwritten content is zeroed, not left in free pages: a redacted or
        # erased text must not survive in the file (set here, not left to how SQLite was built).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers that read first (the projection runner) ask for the write lock up front with
        # execution_options(sqlite_begin="IMMEDIATE"), so they wait for it instead of failing.
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())


def scrub(engine: Engine, tables: Sequence[str], timeout: float = 10.0) -> bool:
    """After text about a person was removed (a redaction, an erasure), makes the database
    drop its old copies: on SQLite the write-ahead log is checkpointed into the main file and
    truncated (retried until no reader holds it back, for at most `timeout` seconds; with
    secure_delete on, the file's freed space is already zeroed); on PostgreSQL the tables are
    vacuumed, so that their dead row versions are reclaimed. True when it completed."""
    if is_sqlite(engine):
        deadline = time.monotonic() + timeout
        delay = 0.01
        while True:
            with engine.connect() as connection:
                # A TRUNCATE checkpoint holds writers back while it waits for readers: wait
                # briefly, give way, try again (never for the writers' whole busy timeout).
                raw = connection.connection.driver_connection
                assert raw is not None
                previous = raw.execute("PRAGMA busy_timeout").fetchone()[0]
                raw.execute("PRAGMA busy_timeout=50")
                try:
                    busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                finally:
                    raw.execute(f"PRAGMA busy_timeout={int(previous)}")
            if not busy:
                return True
            if time.monotonic() > deadline:
                log.warning("the SQLite WAL could not be checkpointed: readers held it back")
                return False
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in tables:
            connection.exec_driver_sql(f'VACUUM "{table}"')
    return True
