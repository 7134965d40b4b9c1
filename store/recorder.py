"""The event store: eventsourcing-sqlalchemy on our own engine, its tables owned by Alembic."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from threading import Semaphore
from typing import Any
from uuid import UUID

from eventsourcing import persistence as es_persistence
from eventsourcing.persistence import (
    InfrastructureFactory,
    Notification,
    StoredEvent,
)
from eventsourcing.utils import Environment
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Select,
    Table,
    TextClause,
    column,
    delete,
    insert,
    select,
    text,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import sessionmaker

from domain.errors import ChainBroken, VersionNotFound
from store import freetext
from store.chain import GENESIS, hashes_table, link_hash
from store.chain_heads import CommittedHeads
from store.database import is_sqlite, write_transaction
from store.groupcommit import GroupCommitter
from store.receipts import ReceiptDraft, pending_receipt, write_receipt

APPLICATION_NAME = "Seedbed"
EVENTS_TABLE = "seedbed_events"
SNAPSHOTS_TABLE = "seedbed_snapshots"


@dataclass(frozen=True)
class Redaction:
    """A free-text value to rewrite to its commitment, in the append of the redaction's event."""

    stream: UUID
    version: int
    pointer: str


_redaction: ContextVar[Redaction | None] = ContextVar("seedbed_redaction", default=None)
_also: ContextVar[Callable[[Connection], None] | None] = ContextVar("seedbed_also", default=None)


@contextmanager
def redaction_scope(redaction: Redaction) -> Iterator[None]:
    """Appends made inside this block also rewrite the redacted value (and drop the stream's
    snapshots, which hold its text), in their own transaction."""
    token = _redaction.set(redaction)
    try:
        yield
    finally:
        _redaction.reset(token)


@contextmanager
def also_in_transaction(write: Callable[[Connection], None]) -> Iterator[None]:
    """Appends made inside this block also run `write` in their own transaction (e.g. the
    keys of the spreadsheet rows whose events they are: store/import_rows.py)."""
    token = _also.set(write)
    try:
        yield
    finally:
        _also.reset(token)


@dataclass(frozen=True)
class PreparedAppend:
    """One request's append, prepared in its own thread: the stored events, and what the
    append's transaction must also hold (its receipt, a redaction's rewrite)."""

    events: tuple[StoredEvent, ...]
    receipt: ReceiptDraft | None
    redaction: Redaction | None
    also: Callable[[Connection], None] | None = None
    # Filled by the append inside its transaction (stream → last version and hash); handed to
    # the recorder's CommittedHeads by the submitter once the transaction committed.
    heads: dict[UUID, tuple[int, str]] = field(default_factory=dict, compare=False)


def _translated(error: BaseException) -> BaseException:
    """A database error as the library's persistence error (what the Application and the
    write policy expect, e.g. IntegrityError for a version already taken)."""
    for theirs, ours in _TRANSLATIONS:
        if isinstance(error, theirs):
            translated = ours(error)
            translated.__cause__ = error
            return translated
    return error


_TRANSLATIONS: tuple[tuple[type[Exception], type[Exception]], ...] = (
    (sa_exc.IntegrityError, es_persistence.IntegrityError),
    (sa_exc.InterfaceError, es_persistence.InterfaceError),
    (sa_exc.DataError, es_persistence.DataError),
    (sa_exc.OperationalError, es_persistence.OperationalError),
    (sa_exc.InternalError, es_persistence.InternalError),
    (sa_exc.ProgrammingError, es_persistence.ProgrammingError),
    (sa_exc.NotSupportedError, es_persistence.NotSupportedError),
    (sa_exc.DatabaseError, es_persistence.DatabaseError),
    (sa_exc.SQLAlchemyError, es_persistence.PersistenceError),
)


class SeedbedRecorder(SQLAlchemyApplicationRecorder):
    """The library's application recorder, with appends of our own on SQLAlchemy Core through
    a group commit (store/groupcommit.py): the events, their hash-chain links, the request's
    idempotency receipt and a redaction's rewrite in one transaction shared with other
    requests' appends; plus a read of one stream with global positions."""

    group: GroupCommitter[PreparedAppend, list[int]] | None = None
    heads: CommittedHeads

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.heads = CommittedHeads()

    def start_group_commit(
        self, max_group: int = 128, after_commit: Callable[[int], None] | None = None
    ) -> None:
        """Appends from now on go through one writer thread, many per transaction."""
        engine = self.datastore.engine
        assert isinstance(engine, Engine)
        postgres = engine.dialect.name == "postgresql"
        self.group = GroupCommitter(
            engine,
            self._append,
            lambda item: {e.originator_id for e in item.events},
            begin_group=self._lock_events if postgres else None,
            end_group=self._notify if postgres else None,
            translate=_translated,
            lock=self.datastore.write_lock,
            max_group=max_group,
            after_commit=after_commit,
        )

    def close_group_commit(self) -> None:
        if self.group is not None:
            self.group.close()

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        item = PreparedAppend(
            tuple(stored_events), pending_receipt(), _redaction.get(), _also.get()
        )
        if self.group is not None:
            positions = self.group.submit(item)
            self.heads.remember(item.heads)
            return positions
        engine = self.datastore.engine
        assert isinstance(engine, Engine)
        lock = self.datastore.write_lock or contextlib.nullcontext()
        try:
            with lock, write_transaction(engine) as connection:
                if engine.dialect.name == "postgresql":
                    self._lock_events(connection)
                positions = self._append(connection, item)
                if engine.dialect.name == "postgresql":
                    self._notify(connection)
        except Exception as error:
            raise _translated(error) from error
        self.heads.remember(item.heads)
        return positions

    def _engine(self) -> Engine:
        engine = self.datastore.engine
        assert isinstance(engine, Engine)
        return engine

    def _lock_events(self, connection: Connection) -> None:
        """Notification positions must commit in their order, across processes too (the
        exactly-once projections read them in order): one table lock per transaction."""
        connection.exec_driver_sql(f"LOCK TABLE {self.events_table_name} IN EXCLUSIVE MODE")

    def _notify(self, connection: Connection) -> None:
        connection.exec_driver_sql(f"NOTIFY {self.channel_name}")

    def _append(self, connection: Connection, item: PreparedAppend) -> list[int]:
        """One request's append, inside the (group's) transaction."""
        self._rewrite_redacted(connection, item.redaction)
        table = self.events_record_cls.__table__
        rows = [
            {
                "originator_id": e.originator_id,
                "originator_version": e.originator_version,
                "topic": e.topic,
                "state": e.state,
            }
            for e in item.events
        ]
        if len(rows) == 1:
            found = connection.execute(insert(table).returning(table.c.id), rows[0])
            positions = [int(found.scalar_one())]
        else:
            query = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            positions = [int(r[0]) for r in connection.execute(query, rows)]
        item.heads.update(self._chain(connection, item.events))
        last = item.events[-1]
        write_receipt(
            connection,
            item.receipt,
            UUID(str(last.originator_id)),
            last.originator_version,
            positions[-1],
            created=any(e.originator_version == 1 for e in item.events),
        )
        if item.also is not None:
            item.also(connection)
        return positions

    def _rewrite_redacted(self, connection: Connection, redaction: Redaction | None) -> None:
        """Inside the append's transaction (the recorder holds the write lock): the redacted
        value becomes its commitment, read and rewritten here so that two redactions of one
        event cannot undo each other; the stream's snapshots go."""
        if redaction is None:
            return
        # Write first: on SQLite the first statement that writes takes the write lock (waiting
        # for it), where a read first would fail "database is locked" on upgrading to a write
        # after another writer (the projector) committed.
        snapshots = event_store_tables()[1]
        connection.execute(delete(snapshots).where(snapshots.c.originator_id == redaction.stream))
        table = self.events_record_cls.__table__
        c = table.c
        where = (c.originator_id == redaction.stream) & (c.originator_version == redaction.version)
        state = connection.execute(select(c.state).where(where)).scalar_one_or_none()
        if state is None:
            raise VersionNotFound(redaction.stream, redaction.version, 0)
        rewritten = freetext.redact(bytes(state), redaction.pointer)
        connection.execute(update(table).where(where).values(state=rewritten))

    def stored_event(self, stream_id: UUID, version: int) -> bytes | None:
        """One event's stored bytes (for checking a redaction before it runs)."""
        found = self.select_stream(stream_id, gt=version - 1, lte=version)
        return found[0].state if found else None

    def _chain(
        self, connection: Connection, stored_events: Sequence[StoredEvent]
    ) -> dict[UUID, tuple[int, str]]:
        """Extends each stream's hash chain, in the append's own transaction; returns each
        stream's new head (version and hash), for after the commit."""
        heads: dict[UUID, str] = {}
        last: dict[UUID, tuple[int, str]] = {}
        rows = []
        for event in stored_events:
            stream = UUID(str(event.originator_id))
            prev = heads.get(stream)
            if prev is None:
                # A stream's first event chains to GENESIS: Seedbed's streams start at version
                # 1; the library allows 0 (its conformance suites append 0, 1, 2, ...).
                if event.originator_version <= 1:
                    prev = GENESIS
                else:
                    before = event.originator_version - 1
                    prev = self.heads.hash_of(stream, before) or self._head(connection, event)
            digest = link_hash(prev, stream, event.originator_version, event.topic, event.state)
            rows.append(
                {
                    "originator_id": stream,
                    "originator_version": event.originator_version,
                    "hash": digest,
                    "prev_hash": prev,
                }
            )
            heads[stream] = digest
            last[stream] = (event.originator_version, digest)
        if rows:
            connection.execute(insert(hashes_table), rows)
        return last

    def _head(self, connection: Connection, event: StoredEvent) -> str:
        h = hashes_table.c
        found = connection.execute(
            select(h.hash).where(
                h.originator_id == event.originator_id,
                h.originator_version == event.originator_version - 1,
            )
        ).scalar_one_or_none()
        if found is None:
            raise ChainBroken(
                f"no hash for {event.originator_id} version {event.originator_version - 1}: "
                "the chain is broken (run seedbed audit verify)"
            )
        return str(found)

    def _columns(self) -> Select[Any]:
        table = self.events_record_cls.__table__
        c = table.c
        return select(c.id, c.originator_id, c.originator_version, c.topic, c.state)

    def _read(self, query: Select[Any]) -> list[Notification]:
        """Runs a Core query over the events table, on a plain connection: ORM objects per row,
        and an ORM session per read, cost more than the query itself (profiled), and every
        load, fast-forward and projector batch reads here."""
        with self._engine().connect() as connection:
            rows = connection.execute(query).all()
        return [
            Notification(
                id=r.id,
                originator_id=r.originator_id,
                originator_version=r.originator_version,
                topic=r.topic,
                state=bytes(r.state),
            )
            for r in rows
        ]

    def select_events(
        self,
        originator_id: UUID | str,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        """The library's query, in SQLAlchemy Core (see `_read`)."""
        version = self.events_record_cls.__table__.c.originator_version
        query = self._stream_query(originator_id, gt, lte).order_by(
            version.desc() if desc else version
        )
        return list(self._read(query if limit is None else query.limit(limit)))

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> list[Notification]:
        """The library's query, in SQLAlchemy Core (see `_read`)."""
        c = self.events_record_cls.__table__.c
        query = self._columns()
        if start is not None:
            query = query.where(c.id >= start if inclusive_of_start else c.id > start)
        if stop is not None:
            query = query.where(c.id <= stop)
        if topics:
            query = query.where(c.topic.in_(topics))
        return self._read(query.order_by(c.id).limit(limit))

    def committed_at(self, position: int) -> datetime | None:
        """When the event at `position` was committed (the database's clock)."""
        table = self.events_record_cls.__table__
        with self.transaction(commit=False) as session:
            found = session.execute(
                select(COMMITTED_AT).select_from(table).where(table.c.id == position)
            ).scalar_one_or_none()
        if found is None:
            return None
        moment: datetime = found
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

    def select_stream(
        self,
        originator_id: UUID,
        gt: int | None = None,
        lte: int | None = None,
        limit: int | None = None,
    ) -> list[Notification]:
        """One stream's stored events in version order, each with its global position."""
        version = self.events_record_cls.__table__.c.originator_version
        query = self._stream_query(originator_id, gt, lte).order_by(version)
        return self._read(query if limit is None else query.limit(limit))

    def _stream_query(
        self, originator_id: UUID | str, gt: int | None, lte: int | None
    ) -> Select[Any]:
        c = self.events_record_cls.__table__.c
        query = self._columns().where(c.originator_id == originator_id)
        if gt is not None:
            query = query.where(c.originator_version > gt)
        if lte is not None:
            query = query.where(c.originator_version <= lte)
        return query


class EngineBoundFactory(SQLAlchemyFactory):
    """eventsourcing-sqlalchemy's factory, built on an engine we own instead of a URL.

    One engine serves the event store, the personal-data store and the read models. On SQLite
    the library's in-process write semaphore is kept, so threads of one process queue for the
    append instead of waiting on SQLite's busy timeout.
    """

    application_recorder_class = SeedbedRecorder

    def __init__(self, env: Environment, engine: Engine) -> None:
        InfrastructureFactory.__init__(self, env)
        self._schema_name = None
        self.datastore = SQLAlchemyDatastore(
            session_maker=sessionmaker(bind=engine, autoflush=True)
        )
        if is_sqlite(engine):
            self.datastore.write_lock = Semaphore()


def committed_at_default(dialect: str) -> TextClause:
    """The database's clock at insert, to the millisecond (SQLite) or microsecond."""
    if dialect == "sqlite":
        return text("(strftime('%Y-%m-%d %H:%M:%f', 'now'))")
    return text("now()")


# Beside the library's columns: when the database committed the event (see migration 0006).
COMMITTED_AT = column("committed_at", DateTime(timezone=True))


def event_store_tables() -> tuple[Table, Table]:
    """The SQLAlchemy tables the recorders use (for Alembic's autogenerate and the schema test)."""
    base = SQLAlchemyDatastore
    events = base.define_record_class(
        "SeedbedEvent", EVENTS_TABLE, None, base.base_stored_event_record_cls
    )
    snapshots = base.define_record_class(
        "SeedbedSnapshot", SNAPSHOTS_TABLE, None, base.base_snapshot_record_cls
    )
    table: Table = events.__table__
    if "committed_at" not in table.c:
        table.append_column(Column("committed_at", DateTime(timezone=True), nullable=True))
    return table, snapshots.__table__
