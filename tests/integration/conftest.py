"""Application fixtures: the Incubator on popo, a SQLite file and PostgreSQL (migrated).

Builders for the integration tests are in tests/integration/helpers.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.bootstrap import Container
from app.incubator import Incubator
from app.settings import Settings
from tests.clock import fixed_clock
from tests.databases import migrated_container as migrated


@pytest.fixture
def migrated_container(database_url: str) -> Iterator[Container]:
    container = migrated(Settings(database_url=database_url, snapshot_interval=5), fixed_clock)
    yield container
    container.close()


@pytest.fixture(params=["popo", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def incubator(request: pytest.FixtureRequest) -> Iterator[Incubator]:
    """The same application on each persistence: in memory, a SQLite file, PostgreSQL."""
    if request.param == "popo":
        app = Incubator(clock=fixed_clock, snapshot_interval=5)
        yield app
        app.close()
        return
    url_fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    settings = Settings(database_url=request.getfixturevalue(url_fixture), snapshot_interval=5)
    container = migrated(settings, fixed_clock)
    yield container.incubator
    container.close()
