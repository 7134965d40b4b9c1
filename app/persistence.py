"""The event store: eventsourcing-sqlalchemy on our own engine, its tables owned by Alembic."""

from __future__ import annotations

from threading import Semaphore

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from sqlalchemy import Engine, Table
from sqlalchemy.orm import sessionmaker

from app.database import is_sqlite

APPLICATION_NAME = "Seedbed"
EVENTS_TABLE = "seedbed_events"
SNAPSHOTS_TABLE = "seedbed_snapshots"


class EngineBoundFactory(SQLAlchemyFactory):
    """eventsourcing-sqlalchemy's factory, built on an engine we own instead of a URL.

    One engine serves the event store, the personal-data store and the read models. On SQLite
    the library's in-process write semaphore is kept, so threads of one process queue for the
    append instead of waiting on SQLite's busy timeout.
    """

    def __init__(self, env: Environment, engine: Engine) -> None:
        InfrastructureFactory.__init__(self, env)
        self._schema_name = None
        self.datastore = SQLAlchemyDatastore(
            session_maker=sessionmaker(bind=engine, autoflush=True)
        )
        if is_sqlite(engine):
            self.datastore.write_lock = Semaphore()


def event_store_tables() -> tuple[Table, Table]:
    """The SQLAlchemy tables the recorders use (for Alembic's autogenerate and the schema test)."""
    base = SQLAlchemyDatastore
    events = base.define_record_class(
        "SeedbedEvent", EVENTS_TABLE, None, base.base_stored_event_record_cls
    )
    snapshots = base.define_record_class(
        "SeedbedSnapshot", SNAPSHOTS_TABLE, None, base.base_snapshot_record_cls
    )
    return events.__table__, snapshots.__table__
