"""The databases tests run on: the PostgreSQL server, and containers on freshly migrated databases.

PostgreSQL tests use the server at SEEDBED_TEST_POSTGRES_URL (default: the local one, user
postgres). Without a reachable server they skip with a message, unless SEEDBED_REQUIRE_POSTGRES=1
(set by .ci/run), when they fail instead.
"""

from __future__ import annotations

import os

from app.bootstrap import Container, build_container
from app.incubator import Clock, utc_now
from app.settings import Settings
from migrations import upgrade

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
