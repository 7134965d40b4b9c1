"""Alembic owns every table: upgrade creates what the code expects, downgrade removes it."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy_utils.types.uuid import UUIDType

from app.settings import Settings
from migrations import downgrade, upgrade
from projections import registry  # noqa: F401 - the read models' tables join the metadata
from store import import_rows  # noqa: F401 - its table joins the metadata
from store.database import make_engine, metadata
from store.recorder import EVENTS_TABLE, SNAPSHOTS_TABLE, event_store_tables

OWNED = {EVENTS_TABLE, SNAPSHOTS_TABLE, *metadata.tables}


def _tables(settings: Settings) -> set[str]:
    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_ms)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _owned_only(name: str | None, kind: str, _parents: Any) -> bool:
    return kind != "table" or name in OWNED


def _owned_object(_object: Any, name: str | None, kind: str, *_rest: Any) -> bool:
    """The models' side too: the library's declarative metadata, shared with the events table,
    also holds the tracking tables its recorders define when a test makes one."""
    return _owned_only(name, kind, None)


def _compare_type(
    _ctx: Any, _reflected_col: Any, _declared_col: Any, _reflected: Any, declared: Any
) -> bool | None:
    """SQLite reflects UUIDType's BINARY(16) as NUMERIC; every other type is compared."""
    if isinstance(declared, UUIDType) and _ctx.dialect.name == "sqlite":
        return False
    return None


def test_upgrade_head_creates_every_owned_table_matching_the_models(database_url: str) -> None:
    settings = Settings(database_url=database_url)
    upgrade(settings.database_url)
    assert _tables(settings) >= OWNED

    events, _snapshots = event_store_tables()
    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_ms)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "include_name": _owned_only,
                    "include_object": _owned_object,
                    "compare_type": _compare_type,
                },
            )
            differences = compare_metadata(context, [metadata, events.metadata])
    finally:
        engine.dispose()
    assert differences == []


def test_downgrade_base_removes_every_owned_table(database_url: str) -> None:
    settings = Settings(database_url=database_url)
    upgrade(settings.database_url)
    downgrade(settings.database_url)
    assert _tables(settings) & OWNED == set()
    upgrade(settings.database_url)
    assert _tables(settings) >= OWNED


def test_upgrade_to_the_hash_chain_chains_the_events_already_stored(database_url: str) -> None:
    from uuid import uuid4

    from sqlalchemy import insert

    from store.chain import ChainStore

    settings = Settings(database_url=database_url)
    upgrade(settings.database_url, "0003")
    events, _ = event_store_tables()
    stream = uuid4()
    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_ms)
    try:
        with engine.begin() as connection:
            connection.execute(
                insert(events),
                [
                    {
                        "originator_id": stream,
                        "originator_version": v,
                        "topic": "domain.project:MicroProject.Paused",
                        "state": f'{{"v":{v}}}'.encode(),
                    }
                    for v in (1, 2, 3)
                ],
            )
        upgrade(settings.database_url)
        report = ChainStore(engine, events).verify(stream)
    finally:
        engine.dispose()
    assert report.intact
    assert report.events == 3


def test_upgrade_to_token_programmes_keeps_tokens_sessions_and_devices(database_url: str) -> None:
    """0013 adds `api_tokens.programme_id` in place: the tokens, the web sessions and the device
    credentials that reference them stay (a copied table would cascade them away), unscoped."""
    from datetime import UTC, datetime

    from sqlalchemy import func, insert, select

    from store.devices import device_tokens_table
    from store.tokens import tokens_table
    from store.web_sessions import web_sessions_table

    settings = Settings(database_url=database_url)
    upgrade(settings.database_url, "0012")
    now = datetime(2026, 12, 1, tzinfo=UTC)
    token = {
        "id": "a" * 16,
        "role": "coach",
        "secret_hash": "0" * 64,
        "label": "",
        "created_at": now,
    }
    session = {"id_hash": "1" * 64, "token_id": token["id"], "csrf": "c", "created_at": now}
    session["expires_at"] = now
    device = {"token_id": token["id"], "device": "phone", "issued_with": "b" * 16}
    device["created_at"] = now
    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_ms)

    def counts() -> tuple[int, int]:
        with engine.connect() as connection:
            return tuple(  # type: ignore[return-value]
                connection.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (web_sessions_table, device_tokens_table)
            )

    try:
        with engine.begin() as connection:
            connection.execute(insert(tokens_table).values(token))
            connection.execute(insert(web_sessions_table).values(session))
            connection.execute(insert(device_tokens_table).values(device))
        upgrade(settings.database_url)
        with engine.connect() as connection:
            scope = connection.execute(select(tokens_table.c.programme_id)).scalar_one()
        assert scope is None
        assert counts() == (1, 1)
        downgrade(settings.database_url, "0012")
        assert counts() == (1, 1)
    finally:
        engine.dispose()
