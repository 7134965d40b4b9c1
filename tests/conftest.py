"""Shared fixtures: real databases in temporary places.

PostgreSQL tests use the server at SEEDBED_TEST_POSTGRES_URL (default: the local one, user
postgres). Without a reachable server they skip with a message, unless SEEDBED_REQUIRE_POSTGRES=1
(set by .ci/run), when they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.settings import Settings

PG_ADMIN_URL = os.environ.get(
    "SEEDBED_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
FIXED_NOW = datetime(2021, 12, 15, 12, 0, tzinfo=UTC)


def postgres_required() -> bool:
    return os.environ.get("SEEDBED_REQUIRE_POSTGRES", "") == "1"


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        message = f"PostgreSQL not reachable at {PG_ADMIN_URL}: {error.__class__.__name__}"
        if postgres_required():
            pytest.fail(message + " (SEEDBED_REQUIRE_POSTGRES=1, so this is an error)")
        pytest.skip(message + "; set SEEDBED_REQUIRE_POSTGRES=1 to make this an error")
    finally:
        engine.dispose()
    return PG_ADMIN_URL


@pytest.fixture(scope="session")
def make_postgres_url(postgres_admin_url: str) -> Iterator[Callable[[], str]]:
    """Creates empty, uniquely named databases; drops them at the end of the session."""
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    created: list[str] = []

    def create() -> str:
        name = f"seedbed_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        url = make_url(postgres_admin_url).set(database=name)
        return url.render_as_string(hide_password=False)

    yield create
    with admin.connect() as connection:
        for name in created:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'seedbed.sqlite3'}"


@pytest.fixture
def postgres_url(make_postgres_url: Callable[[], str]) -> str:
    return make_postgres_url()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database of each kind: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def settings_for() -> Callable[[str], Settings]:
    def build(url: str, **overrides: object) -> Settings:
        return Settings(database_url=url, **overrides)  # type: ignore[arg-type]

    return build
