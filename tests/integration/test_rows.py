"""The read models' row sets write what SQLAlchemy's own INSERT would: the driver's executemany
of converted tuples (SQLite) and COPY (PostgreSQL) give the same rows back, text with tabs,
newlines and backslashes included; rows that leave a column to its default take SQLAlchemy's
path."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from projections.rows import Rows
from store.database import make_engine


def _table(metadata: MetaData, name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("row_id", Uuid(), primary_key=True),
        Column("project_id", Uuid(), nullable=True),
        Column("at", DateTime(timezone=True), nullable=True),
        Column("flag", Boolean(), nullable=False),
        Column("n", Integer(), nullable=False),
        Column("big", BigInteger(), nullable=False),
        Column("label", String(32), nullable=False),
        Column("text", Text(), nullable=True),
        Column("kind", String(16), nullable=False, default="plain"),
    )


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def _rows() -> list[dict[str, Any]]:
    east = timezone(timedelta(hours=3))
    texts = ["tab\there", "new\nline\r\n", "back\\slash \\N", "ünïcødé ąčę", "", None]
    return [
        {
            "row_id": uuid.uuid4(),
            "project_id": None if n == 3 else uuid.uuid4(),
            "at": None if n == 4 else datetime(2026, 1 + n, 2, 10, 30, 15, 123456, tzinfo=east),
            "flag": n % 2 == 0,
            "n": -n,
            "big": 2**40 + n,
            "label": f"label {n}",
            "text": texts[n],
            "kind": "special",
        }
        for n in range(len(texts))
    ]


def _stored(engine: Engine, table: Table) -> list[tuple[Any, ...]]:
    """The rows as the database holds them (no result processing: SQLite's UUID and date
    strings as they were written)."""
    with engine.connect() as connection:
        found = connection.exec_driver_sql(f"SELECT * FROM {table.name} ORDER BY label").all()
    return [tuple(row) for row in found]


def _read(engine: Engine, table: Table) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        found = connection.execute(select(table).order_by(table.c.label)).all()
    return [
        tuple(v.astimezone(UTC) if isinstance(v, datetime) else v for v in row) for row in found
    ]


def test_rows_write_what_sqlalchemy_writes(engine: Engine) -> None:
    metadata = MetaData()
    ours, theirs = _table(metadata, "rows_ours"), _table(metadata, "rows_theirs")
    metadata.create_all(engine)
    rows = _rows()
    store = Rows(ours, "row_id")
    with engine.begin() as connection:
        store.begin(connection)
        for row in rows:
            store.put(dict(row), new=True)
        store.flush()
        connection.execute(insert(theirs), [dict(row) for row in rows])
    assert _read(engine, ours) == _read(engine, theirs)
    assert _stored(engine, ours) == _stored(engine, theirs)
    assert len(_read(engine, ours)) == len(rows)
    [(_, plan)] = store._inserts.items()  # the driver's path was taken, not SQLAlchemy's
    assert plan.style == ("copy" if engine.dialect.name == "postgresql" else "positional")

    # Read back, changed and written again: the DELETE of stored keys, then the insert.
    with engine.begin() as connection:
        store.begin(connection)
        store.prefetch([row["row_id"] for row in rows])
        for row in rows:
            store.get(row["row_id"])["n"] += 100
            store.changed(row["row_id"])
        store.flush()
    assert sorted(r[4] for r in _read(engine, ours)) == sorted(100 - n for n in range(len(rows)))


def test_a_naive_datetime_is_stored_as_sqlalchemy_stores_it(engine: Engine) -> None:
    metadata = MetaData()
    ours, theirs = _table(metadata, "naive_ours"), _table(metadata, "naive_theirs")
    metadata.create_all(engine)
    row = {**_rows()[0], "at": datetime(2026, 12, 2, 1, 2, 3)}
    store = Rows(ours, "row_id")
    with engine.begin() as connection:
        store.begin(connection)
        store.put(dict(row), new=True)
        store.flush()
        connection.execute(insert(theirs), [dict(row)])
    assert _stored(engine, ours) == _stored(engine, theirs)


def test_a_duplicate_key_fails_as_sqlalchemys_integrity_error(engine: Engine) -> None:
    metadata = MetaData()
    table = _table(metadata, "rows_duplicates")
    metadata.create_all(engine)
    row = _rows()[0]
    with engine.begin() as connection:
        connection.execute(insert(table), [dict(row)])
    store = Rows(table, "row_id")
    with engine.connect() as connection:
        store.begin(connection)
        store.put(dict(row), new=True)  # (wrongly) said to be new: no DELETE before the insert
        with pytest.raises(IntegrityError):
            store.flush()
        connection.rollback()
    assert len(_stored(engine, table)) == 1


def test_rows_leaving_a_column_to_its_default_take_sqlalchemys_path(engine: Engine) -> None:
    metadata = MetaData()
    table = _table(metadata, "rows_defaults")
    metadata.create_all(engine)
    row = {key: value for key, value in _rows()[0].items() if key != "kind"}
    store = Rows(table, "row_id")
    with engine.begin() as connection:
        store.begin(connection)
        store.put(row, new=True)
        store.flush()
    with engine.connect() as connection:
        assert connection.execute(select(table.c.kind)).scalar_one() == "plain"
