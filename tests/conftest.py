"""Shared fixtures: real databases in temporary places (the helpers: tests/databases.py).

Helpers live in modules, not here: tests/clock.py (FIXED_NOW, fixed_clock), tests/databases.py,
tests/serving.py (real processes). No test imports a conftest.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.settings import Settings
from tests.databases import PG_ADMIN_URL, postgres_required

# The files that take longest (a minute or more each, most of it real servers and Chromium).
# `make test` runs the suite in two processes handing out whole files in collection order;
# started first, these do not leave one process working alone at the end.
LONGEST_FIRST = (
    "tests/browser/test_journeys.py",
    "tests/api/test_fuzz.py",
    "tests/api/test_crash_retries.py",
    "tests/browser/test_offline.py",
    "tests/browser/test_ladder_and_biography.py",
    "tests/api/test_soak.py",
    "tests/api/test_header_limit.py",
    "tests/api/test_real_server.py",
    "tests/api/test_readme.py",
    "tests/api/test_topology.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist, the longest files first (each file's own order kept)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    rank = {path: n for n, path in enumerate(LONGEST_FIRST)}
    root = config.rootpath
    items.sort(key=lambda item: rank.get(item.path.relative_to(root).as_posix(), len(rank)))


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
