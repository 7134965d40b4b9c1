"""The event store: eventsourcing-sqlalchemy on our own engine, its tables owned by Alembic."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from threading import Semaphore
from typing import Any
from uuid import UUID

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
from sqlalchemy.orm import Session, sessionmaker

from domain.errors import ChainBroken, VersionNotFound
from store import freetext
from store.chain import GENESIS, hashes_table, link_hash
from store.database import is_sqlite
from store.receipts import write_pending_receipt

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


@contextmanager
def redaction_scope(redaction: Redaction) -> Iterator[None]:
    """Appends made inside this block also rewrite the redacted value (and drop the stream's
    snapshots, which hold its text), in their own transaction."""
    token = _redaction.set(redaction)
    try:
        yield
    finally:
        _redaction.reset(token)


class SeedbedRecorder(SQLAlchemyApplicationRecorder):
    """The library's application recorder, plus what the append transaction must also hold
    (the idempotency receipt of the request, a redaction's rewrite) and a read of one stream
    with global positions."""

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        self._rewrite_redacted(session)
        positions = super()._insert_stored_events(session, stored_events, **kwargs)
        self._chain(session, stored_events)
        if stored_events:
            last = stored_events[-1]
            write_pending_receipt(
                session.connection(),
                UUID(str(last.originator_id)),
                last.originator_version,
                positions[-1],
                created=any(e.originator_version == 1 for e in stored_events),
            )
        return positions

    def _rewrite_redacted(self, session: Session) -> None:
        """Inside the append's transaction (the recorder holds the write lock): the redacted
        value becomes its commitment, read and rewritten here so that two redactions of one
        event cannot undo each other; the stream's snapshots go."""
        redaction = _redaction.get()
        if redaction is None:
            return
        # Write first: on SQLite the first statement that writes takes the write lock (waiting
        # for it), where a read first would fail "database is locked" on upgrading to a write
        # after another writer (the projector) committed.
        snapshots = event_store_tables()[1]
        session.execute(delete(snapshots).where(snapshots.c.originator_id == redaction.stream))
        c = self.events_record_cls.__table__.c
        where = (c.originator_id == redaction.stream) & (c.originator_version == redaction.version)
        state = session.execute(select(c.state).where(where)).scalar_one_or_none()
        if state is None:
            raise VersionNotFound(redaction.stream, redaction.version, 0)
        rewritten = freetext.redact(bytes(state), redaction.pointer)
        session.execute(
            update(self.events_record_cls.__table__).where(where).values(state=rewritten)
        )

    def stored_event(self, stream_id: UUID, version: int) -> bytes | None:
        """One event's stored bytes (for checking a redaction before it runs)."""
        found = self.select_stream(stream_id, gt=version - 1, lte=version)
        return found[0].state if found else None

    def _chain(self, session: Session, stored_events: Sequence[StoredEvent]) -> None:
        """Extends each stream's hash chain, in the append's own transaction."""
        heads: dict[UUID, str] = {}
        rows = []
        for event in stored_events:
            stream = UUID(str(event.originator_id))
            prev = heads.get(stream)
            if prev is None:
                prev = GENESIS if event.originator_version == 1 else self._head(session, event)
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
        if rows:
            session.execute(insert(hashes_table), rows)

    def _head(self, session: Session, event: StoredEvent) -> str:
        h = hashes_table.c
        found = session.execute(
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
        """Runs a Core query over the events table; ORM objects per row cost more than the
        query itself (profiled), and every load, fast-forward and projector batch reads here."""
        with self.transaction(commit=False) as session:
            rows = session.execute(query).all()
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
