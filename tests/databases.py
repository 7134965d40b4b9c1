"""The databases tests run on: the PostgreSQL server, containers on freshly migrated databases,
and the check that the live read models equal a rebuild from the events.

PostgreSQL tests use the server at SEEDBED_TEST_POSTGRES_URL (default: the local one, user
postgres). Without a reachable server they skip with a message, unless SEEDBED_REQUIRE_POSTGRES=1
(set by .ci/run), when they fail instead.
"""

from __future__ import annotations

import os

from sqlalchemy import func, select

from app.bootstrap import Container, build_container
from app.incubator import Clock, utc_now
from app.settings import Settings
from migrations import upgrade
from projections.rebuild import Difference, Rebuilder
from projections.registry import NAMES
from store.recorder import event_store_tables

PG_ADMIN_URL = os.environ.get(
    "SEEDBED_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def postgres_required() -> bool:
    return os.environ.get("SEEDBED_REQUIRE_POSTGRES", "") == "1"


def migrated_container(settings: Settings, clock: Clock = utc_now) -> Container:
    """`settings`' database upgraded to head, and a container on it (the caller closes it).
    The clock is the real one unless given (tests.clock.fixed_clock, mostly)."""
    upgrade(settings.database_url)
    return build_container(settings, clock=clock)


def rebuilder_for(container: Container) -> Rebuilder:
    """Rebuilds and verifies `container`'s read models from its event store."""
    return Rebuilder(container.engine, container.incubator.recorder, container.incubator.mapper)


def read_model_differences(container: Container) -> list[list[Difference]]:
    """Per read model (in NAMES' order), how the live tables differ from a rebuild: all empty
    when the projections got every event exactly once."""
    verifying = rebuilder_for(container)
    return [verifying.verify(name).differences for name in NAMES]


def stored_events(container: Container) -> int:
    """How many events `container`'s store holds."""
    events, _ = event_store_tables()
    with container.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(events)).scalar_one())
