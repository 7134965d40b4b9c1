"""Alembic environment: one target metadata list covering every table the project owns."""

from __future__ import annotations

import os
from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy import MetaData

from projections import registry  # noqa: F401 - puts the read models' tables on the metadata
from store import import_rows  # noqa: F401 - its table joins the metadata
from store.database import DEFAULT_DATABASE_URL, make_engine, metadata
from store.recorder import event_store_tables

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name)

events_table, snapshots_table = event_store_tables()
target_metadata: list[MetaData] = [metadata, events_table.metadata]
OWNED_TABLES = {*metadata.tables, events_table.name, snapshots_table.name}


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Autogenerate looks only at our own tables, so it never proposes dropping others."""
    if type_ == "table":
        return name in OWNED_TABLES
    return True


def compare_type(
    ctx: Any, _reflected_col: Any, _declared_col: Any, _reflected: Any, declared: Any
) -> bool | None:
    """SQLite reflects UUIDType's BINARY(16) as NUMERIC: not a change. Other types compare."""
    if declared.__class__.__name__ == "UUIDType" and ctx.dialect.name == "sqlite":
        return False
    return None


def database_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    return url if url else os.environ.get("SEEDBED_DATABASE_URL", DEFAULT_DATABASE_URL)


# Batch mode so that SQLite's ALTERs work; only our own tables are compared.
OPTIONS: dict[str, Any] = {
    "target_metadata": target_metadata,
    "render_as_batch": True,
    "include_name": include_name,
}


def run_migrations_offline() -> None:
    context.configure(url=database_url(), literal_binds=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_engine(database_url())
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, compare_type=compare_type, **OPTIONS)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
