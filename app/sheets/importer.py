"""A sheet's rows to recorded facts, all or nothing, each row once by its key; the report.

A row's key is its `row_key` cell, or else `content:` and a SHA-256 of its kind and filled
cells (the second of two identical rows gets `#2`, and so on). Not the file's digest: fixing
one row changes the file, and every other row must still be recognised as recorded. The keys
are stored with the events they made (store/import_rows.py), and what a row creates gets an
id derived from its key, so that later rows of another run can name it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid5

from sqlalchemy import Engine

from app.incubator import Incubator
from app.sheets.batch import Batch
from app.sheets.cells import CellError, Cells
from app.sheets.facts import FIELD_COLUMNS, PARSERS
from app.sheets.facts import Row as FactRow
from app.sheets.layout import COLUMNS, KINDS, Kind, kind_named
from app.sheets.reading import Row, Sheet, SheetError, read_sheet
from app.sheets.references import References
from domain.errors import DomainError, InvalidInput, NotFound
from store.import_rows import ImportedRow, recorded_rows, write_rows

# Ids of what rows create: uuid5 of the row's key in this namespace.
ROW_IDS = UUID("6f0c3c43-4d1e-5b8e-9a51-2f1f5ad0c3e7")
MAX_KEY = 200


@dataclass(frozen=True)
class Line:
    """One row's line of the report: `state` is record, recorded, done or error."""

    row: int
    state: str
    text: str
    column: str | None = None

    def shown(self, dry_run: bool) -> str:
        if self.state == "error":
            where = f"row {self.row}, column {self.column}" if self.column else f"row {self.row}"
            return f"{where}: {self.text}"
        verb = {"record": "would record" if dry_run else "recorded", "done": "already"}
        return f"row {self.row}: {verb.get(self.state, self.state)} {self.text}"


@dataclass(frozen=True)
class Report:
    file_sha256: str
    dry_run: bool
    lines: tuple[Line, ...]
    position: int | None = None

    @property
    def actor(self) -> str:
        return f"system:import:{self.file_sha256}"

    @property
    def errors(self) -> list[Line]:
        return [line for line in self.lines if line.state == "error"]

    def count(self, state: str) -> int:
        return sum(1 for line in self.lines if line.state == state)

    def summary(self) -> str:
        new, done = self.count("record"), self.count("done")
        if self.errors:
            rows = "row is" if len(self.errors) == 1 else "rows are"
            return (
                f"{len(self.errors)} {rows} invalid: nothing recorded (a sheet records all of "
                "its rows or none; fix the rows above and run it again)"
            )
        if self.dry_run:
            return f"dry run: {new} to record, {done} already recorded; nothing recorded"
        if not new:
            return f"nothing to record: all {done} rows are already recorded"
        return f"{new} recorded, {done} already recorded, as {self.actor}"

    def text(self) -> str:
        shown = [line.shown(self.dry_run) for line in self.lines]
        return "\n".join([*shown, self.summary()]) + "\n"


def import_sheet(
    incubator: Incubator, engine: Engine, name: str, data: bytes, *, dry_run: bool
) -> Report:
    """Reads the file, checks every row against the state it would change, and records them
    all in one transaction unless a row is invalid or this is a dry run."""
    sha = hashlib.sha256(data).hexdigest()
    sheet = read_sheet(name, data)
    kinds = _check_columns(sheet)
    keys = _keys(sheet.rows, kinds)
    known = recorded_rows(engine, [k[0] for k in keys.values() if isinstance(k, tuple)])
    batch = Batch(incubator, f"system:import:{sha}", incubator.clock())
    refs = References(engine)
    lines: list[Line] = []
    new_rows: list[ImportedRow] = []
    try:
        for row in sheet.rows:
            kind, key = kinds[row.number], keys[row.number]
            if isinstance(key, Line):
                lines.append(key)
                continue
            line = _row(batch, refs, row, kind, key, known.get(key[0]))
            lines.append(line)
            if line.state == "record" and kind is not None:
                new_rows.append(_imported(sha, row, kind, key, batch.now))
        report = Report(sha, dry_run, tuple(lines))
        if report.errors or dry_run or not new_rows:
            return report
        position = batch.record(lambda connection: write_rows(connection, new_rows))
    finally:
        batch.forget()
    return Report(sha, dry_run, tuple(lines), position)


def _check_columns(sheet: Sheet) -> dict[int, Kind | None]:
    unknown = [c for c in sheet.columns if c not in COLUMNS]
    if unknown:
        raise SheetError(
            f"unknown column {', '.join(unknown)} (the layout's columns: {', '.join(COLUMNS)})"
        )
    if "kind" not in sheet.columns:
        raise SheetError("missing column kind (it says what each row records)")
    if not sheet.rows:
        raise SheetError("no rows under the header")
    kinds = {row.number: kind_named(row.cells.get("kind", "")) for row in sheet.rows}
    missing = sorted(
        {
            f"{column} (for {kind.name} rows)"
            for kind in kinds.values()
            if kind is not None
            for column in kind.required
            if column not in sheet.columns
        }
    )
    if missing:
        raise SheetError(f"missing columns: {', '.join(missing)}")
    return kinds


def _keys(rows: Iterable[Row], kinds: dict[int, Kind | None]) -> dict[int, tuple[str, str] | Line]:
    """Each row's (key, content digest), or the error line of a row without a usable one."""
    found: dict[int, tuple[str, str] | Line] = {}
    seen: dict[str, int] = {}
    for row in rows:
        kind = kinds[row.number]
        if kind is None:
            given = row.cells.get("kind", "")
            allowed = ", ".join(KINDS)
            text = f'"{given}" is not a kind of row ({allowed})' if given else "is empty"
            found[row.number] = Line(row.number, "error", text, "kind")
            continue
        filled = sorted((c, v) for c, v in row.cells.items() if v and c not in ("kind", "row_key"))
        content = hashlib.sha256(json.dumps([kind.name, filled]).encode()).hexdigest()
        explicit = row.cells.get("row_key", "")
        key = explicit or f"content:{content}"
        if explicit and explicit in seen:
            text = f'"{explicit}" is also the key of row {seen[explicit]}'
            found[row.number] = Line(row.number, "error", text, "row_key")
            continue
        if len(key) > MAX_KEY:
            found[row.number] = Line(
                row.number, "error", f"is over {MAX_KEY} characters", "row_key"
            )
            continue
        if not explicit:
            twin = 1
            while key in seen:
                twin += 1
                key = f"content:{content}#{twin}"
        seen[key] = row.number
        found[row.number] = (key, content)
    return found


def _row(
    batch: Batch,
    refs: References,
    row: Row,
    kind: Kind | None,
    key: tuple[str, str],
    earlier: ImportedRow | None,
) -> Line:
    assert kind is not None
    extra = [c for c, v in row.cells.items() if v and c not in (*kind.columns, "kind", "row_key")]
    if extra:
        return Line(row.number, "error", f"a {kind.name} row does not use it", extra[0])
    seen = FactRow(Cells(row.cells), uuid5(ROW_IDS, key[0]), row.number, refs)
    if earlier is not None and earlier.content != key[1]:
        text = (
            f'"{key[0]}" was recorded on {earlier.recorded_at.date()} from other content '
            f"(row {earlier.row_number}): a recorded fact is changed in Seedbed, not by the sheet"
        )
        return Line(row.number, "error", text, "row_key")
    try:
        fact = PARSERS[kind.name](seen)
    except CellError as error:
        return Line(row.number, "error", error.message, error.column)
    except DomainError as error:
        return _refused(row.number, error, kind.required[0], kind)
    if earlier is not None:
        return Line(
            row.number, "done", f"recorded on {earlier.recorded_at.date()}: {fact.describes}"
        )
    try:
        fact.apply(batch)
    except DomainError as error:
        return _refused(row.number, error, fact.main_column, kind)
    return Line(row.number, "record", fact.describes)


def _refused(number: int, error: DomainError, main: str, kind: Kind) -> Line:
    """The domain's refusal, on the column it concerns."""
    if isinstance(error, InvalidInput):
        column = FIELD_COLUMNS.get(error.field, error.field)
        return Line(number, "error", error.reason, column if column in kind.columns else main)
    if isinstance(error, NotFound):
        column = "coaches" if error.kind == "person" and kind.name == "session" else error.kind
        return Line(number, "error", error.message, column if column in kind.columns else main)
    return Line(number, "error", error.message, main)


def _imported(sha: str, row: Row, kind: Kind, key: tuple[str, str], now: datetime) -> ImportedRow:
    record_id = uuid5(ROW_IDS, key[0])
    return ImportedRow(key[0], key[1], sha, row.number, kind.name, record_id, now)
