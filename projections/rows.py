"""Row sets that make a batch of events cost a few statements instead of several per event.

A projection handles a whole batch against `Rows`: the rows its events touch are read in bulk
(`prefetch`, or one query on a miss), changed in memory as plain dicts, and written back at the
end of the batch: one DELETE of the touched keys and one multi-row INSERT per table. The batch
still runs in the runner's single transaction, so this changes speed, not semantics.

The INSERT of a batch is compiled once per table and dialect and run as the driver's own
executemany of tuples, each value through its column type's bind processor, as SQLAlchemy's
executemany would convert it (on PostgreSQL, a COPY): SQLAlchemy's per-statement and per-row
work was most of a flush's cost (`python -m bench.profile_catchup`). Rows that do not name
every column exactly (a column default to apply) take SQLAlchemy's path.

Two other modes serve re-deriving one project's rows from its own events (after a redaction
rewrote their text): `fresh` starts from no rows at all (the project's are replaced as a whole,
`replace_project`), `readonly` reads what it needs and writes nothing back (tables shared by all
projects, such as monthly totals, which hold no text).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection, Dialect, Table, and_, delete, insert, or_, select
from sqlalchemy.exc import DBAPIError

CHUNK = 400


@dataclass(frozen=True)
class DriverInsert:
    """A table's INSERT of every column, compiled for one dialect: the statement, and each
    column's name and bind processor in the statement's parameter order. On PostgreSQL
    (psycopg) the statement is a COPY: psycopg's executemany sends one Bind and Execute per
    row (profiled: its pipeline's waits were a third of a catch-up), its COPY streams them."""

    statement: str
    columns: tuple[tuple[str, Callable[[Any], Any] | None], ...]
    style: str  # "copy", "positional" or "named"

    @classmethod
    def compile(cls, table: Table, dialect: Dialect) -> DriverInsert:
        names = [column.key for column in table.columns]
        if dialect.name == "postgresql" and dialect.driver == "psycopg":
            quote = dialect.identifier_preparer
            listed = ", ".join(quote.quote(column.name) for column in table.columns)
            statement, order = f"COPY {quote.format_table(table)} ({listed}) FROM STDIN", names
            style = "copy"
        else:
            compiled = insert(table).compile(dialect=dialect, column_keys=names)
            statement, order = compiled.string, compiled.positiontup or names
            style = "named" if compiled.positiontup is None else "positional"
        processors = tuple(
            (name, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
            for name in order
        )
        return cls(statement, processors, style)

    def run(self, connection: Connection, rows: list[dict[str, Any]]) -> None:
        columns = self.columns
        values = [
            tuple(
                [row[name] if process is None else process(row[name]) for name, process in columns]
            )
            for row in rows
        ]
        if self.style == "copy":
            self._copy(connection, values)
        elif self.style == "positional":
            connection.exec_driver_sql(self.statement, values)
        else:
            names = [name for name, _ in columns]
            connection.exec_driver_sql(
                self.statement, [dict(zip(names, v, strict=True)) for v in values]
            )

    def _copy(self, connection: Connection, values: list[tuple[Any, ...]]) -> None:
        """COPY on the transaction's own psycopg connection; the driver's errors are raised as
        SQLAlchemy's (an IntegrityError, an OperationalError), as an execute would raise them."""
        import psycopg  # only on PostgreSQL, where the dialect already imported it

        driver = connection.connection.driver_connection
        assert driver is not None
        try:
            with driver.cursor() as cursor, cursor.copy(self.statement) as copy:
                for value in values:
                    copy.write_row(value)
        except psycopg.Error as error:
            raise DBAPIError.instance(self.statement, None, error, psycopg.Error) from error


class Rows:
    """The rows of one table, grouped by a key (one or more columns).

    `many=False`: at most one row per key (the key is the primary key).
    `many=True`: a list of rows per key (e.g. the coaches of a project).
    """

    def __init__(self, table: Table, key: str | tuple[str, ...], many: bool = False) -> None:
        self.table = table
        self.key_columns: tuple[str, ...] = (key,) if isinstance(key, str) else key
        self.many = many
        self._rows: dict[Hashable, list[dict[str, Any]]] = {}
        self._dirty: set[Hashable] = set()
        # Keys known to have no stored rows (read and found none, or put as new): their flush
        # needs no DELETE (new coach links and stage periods, session minutes read and missing).
        self._unstored: set[Hashable] = set()
        self._connection: Connection | None = None
        self._complete = False
        self._mode = "live"
        self._inserts: dict[tuple[str, str], DriverInsert] = {}  # by dialect and driver

    # ------------------------------------------------------------------ batch life
    def begin(self, connection: Connection, mode: str = "live") -> None:
        """`mode`: "live" (read and write back), "fresh" (no stored rows; see
        `replace_project`) or "readonly" (read, never write)."""
        self._rows.clear()
        self._dirty.clear()
        self._unstored.clear()
        self._complete = mode == "fresh"
        self._connection = connection
        self._mode = mode

    def replace_project(self, project_id: Any) -> None:
        """In "fresh" mode: the project's stored rows give way to the ones built in memory."""
        connection = self._require_connection()
        connection.execute(delete(self.table).where(self.table.c.project_id == project_id))
        self._insert(connection, [row for rows in self._rows.values() for row in rows])
        self._dirty.clear()

    def flush(self) -> None:
        if self._mode != "live":
            self._dirty.clear()
            return
        connection = self._require_connection()
        dirty = list(self._dirty)
        stored = [key for key in dirty if key not in self._unstored]
        for start in range(0, len(stored), CHUNK):
            connection.execute(
                delete(self.table).where(self._key_filter(stored[start : start + CHUNK]))
            )
        self._insert(connection, [row for key in dirty for row in self._rows.get(key, [])])
        self._dirty.clear()

    # ------------------------------------------------------------------ reading
    def prefetch(self, keys: Iterable[Hashable]) -> None:
        if self._complete:
            return
        wanted = [k for k in set(keys) if k not in self._rows]
        connection = self._require_connection()
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            for key in chunk:
                self._rows[key] = []
            for row in connection.execute(select(self.table).where(self._key_filter(chunk))):
                data = dict(row._mapping)
                self._rows[self._key_of(data)].append(data)
            self._unstored.update(key for key in chunk if not self._rows[key])

    def all(self, key: Hashable) -> list[dict[str, Any]]:
        if key not in self._rows:
            if self._complete:
                self._rows[key] = []
                self._unstored.add(key)
            else:
                self.prefetch([key])
        return self._rows[key]

    def one(self, key: Hashable) -> dict[str, Any] | None:
        rows = self.all(key)
        return rows[0] if rows else None

    def get(self, key: Hashable) -> dict[str, Any]:
        row = self.one(key)
        if row is None:
            raise LookupError(f"{self.table.name}: no row for {key!r}")
        return row

    # ------------------------------------------------------------------ writing
    def prefetch_all(self) -> None:
        """Loads the whole table (for small ones, such as monthly totals)."""
        if self._mode == "fresh":
            return
        connection = self._require_connection()
        self._rows.clear()
        for row in connection.execute(select(self.table)):
            data = dict(row._mapping)
            self._rows.setdefault(self._key_of(data), []).append(data)
        self._complete = True  # (and a key not read is not stored: see `all`)

    def put(self, row: dict[str, Any], new: bool = False) -> None:
        """Adds a row (many=True) or replaces the key's row (many=False). `new=True` says the
        key cannot exist in the table yet (e.g. a just-created project), so nothing is read."""
        key = self._key_of(row)
        if (new or not self.many) and key not in self._rows:
            self._rows[key] = []
            if new:
                self._unstored.add(key)
        rows = self.all(key)
        if self.many:
            rows.append(row)
        else:
            rows[:] = [row]
        self._dirty.add(key)

    def changed(self, key: Hashable) -> None:
        """Marks a key whose row dicts were changed in place."""
        self._dirty.add(key)

    def remove(self, key: Hashable, where: Any = None) -> None:
        """Removes the key's rows (those matching `where(row)` when given)."""
        rows = self.all(key)
        rows[:] = [r for r in rows if where is not None and not where(r)]
        self._dirty.add(key)

    # ------------------------------------------------------------------ helpers
    def _insert(self, connection: Connection, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        columns = self.table.c
        width = len(columns)
        if any(len(row) != width for row in rows) or not all(name in columns for name in rows[0]):
            connection.execute(insert(self.table), rows)  # a column left to its default
            return
        dialect = connection.dialect
        plan = self._inserts.get((dialect.name, dialect.driver))
        if plan is None:
            plan = DriverInsert.compile(self.table, dialect)
            self._inserts[dialect.name, dialect.driver] = plan
        plan.run(connection, rows)

    def _key_of(self, row: dict[str, Any]) -> Hashable:
        if len(self.key_columns) == 1:
            key: Hashable = row[self.key_columns[0]]
            return key
        return tuple(row[c] for c in self.key_columns)

    def _key_filter(self, keys: list[Hashable]) -> Any:
        if len(self.key_columns) == 1:
            return self.table.c[self.key_columns[0]].in_(keys)
        return or_(
            *(
                and_(
                    *(
                        self.table.c[c] == v
                        for c, v in zip(self.key_columns, cast(tuple[Any, ...], key), strict=True)
                    )
                )
                for key in keys
            )
        )

    def _require_connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("Rows used outside a batch")
        return self._connection
