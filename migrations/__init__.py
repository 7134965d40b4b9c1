"""Alembic owns every table (the event store's too). `upgrade` and `downgrade` run it from code:
`seedbed migrate` and the test fixtures call them. This package is the migration tooling: it
sits above the read models and the store, whose tables it creates.

The scripts live beside this file (`env.py`, `versions/`), so an installed wheel migrates
without a checkout; `alembic.ini` at the repository root points here for the `alembic` CLI.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from store.database import sqlite_path

HERE = Path(__file__).resolve().parent


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    path = sqlite_path(database_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def schema_problem(engine: Engine) -> str | None:
    """Why this version of Seedbed must not serve the database (None when its schema is at
    this version's last migration): a database not yet migrated, or migrated by a newer
    version. `seedbed serve` and `seedbed projector` stop on it at start, instead of answering
    503 on the first request that touches a column the database lacks."""
    script = ScriptDirectory.from_config(alembic_config(engine.url.render_as_string(False)))
    head = script.get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except OperationalError:
        # Unreachable, locked or read-only right now: the service starts and answers 503
        # until the database is back (tests/api/test_database_faults.py), as before.
        return None
    if current == head:
        return None
    known = {revision.revision for revision in script.walk_revisions()}
    if current is not None and current not in known:
        return (
            f"the database was migrated by a newer version of Seedbed (to {current}); this "
            f"version knows migrations up to {head}: run the newer version"
        )
    return (
        f"the database is at migration {current or '(none)'}, this version of Seedbed needs "
        f"{head}: run `seedbed migrate` first"
    )
