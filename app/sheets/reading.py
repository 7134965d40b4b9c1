"""A spreadsheet's bytes to rows of text cells: XLSX with openpyxl, CSV with the csv module.

Every cell becomes text, so that a workbook and its CSV export give the same rows: a date
cell is `YYYY-MM-DD`, a time `HH:MM`, a whole number without `.0`. CSV is UTF-8 with or
without a byte-order mark; its delimiter is `;` or `,`, whichever the header row uses (German
and Baltic Excel export with `;`).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

from openpyxl import load_workbook


class SheetError(Exception):
    """A file that cannot be imported at all (nothing in it is read as rows)."""


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet's own row number (the header is row 1)
    cells: dict[str, str]


@dataclass(frozen=True)
class Sheet:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def read_sheet(name: str, data: bytes) -> Sheet:
    """The rows of an .xlsx or .csv file (by its name's ending), blank rows left out."""
    suffix = PurePath(name).suffix.lower()
    if not data:
        raise SheetError("the file is empty")
    if suffix == ".xlsx":
        table = _xlsx_table(data)
    elif suffix == ".csv":
        table = _csv_table(data)
    else:
        raise SheetError(f"{name}: expected an .xlsx or a .csv file")
    return _sheet(table)


def _xlsx_table(data: bytes) -> list[list[str]]:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SheetError("not an XLSX workbook (an .xlsx file is a zip archive)")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SheetError(f"not an XLSX workbook ({error.__class__.__name__})") from None
    try:
        sheet = book.worksheets[0]
        return [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv_table(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetError(f"not UTF-8 text (byte {error.start}): save the CSV as UTF-8") from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise SheetError(f"not a readable CSV file: {error}") from None


def _sheet(table: list[list[str]]) -> Sheet:
    rows = [(number, [cell.strip() for cell in row]) for number, row in enumerate(table, 1)]
    filled = [(number, row) for number, row in rows if any(row)]
    if not filled:
        raise SheetError("the file is empty")
    header_number, header = filled[0]
    columns = tuple("_".join(cell.lower().split()) for cell in header)
    named = [c for c in columns if c]
    if len(set(named)) != len(named):
        twice = sorted({c for c in named if named.count(c) > 1})
        raise SheetError(f"row {header_number}: column {', '.join(twice)} appears twice")
    body = []
    for number, row in filled[1:]:
        extra = [cell for cell in row[len(columns) :] if cell]
        if extra:
            raise SheetError(f"row {number}: more cells than the header has columns")
        cells = {column: cell for column, cell in zip(columns, row, strict=False) if column}
        body.append(Row(number, cells))
    return Sheet(tuple(named), tuple(body))
