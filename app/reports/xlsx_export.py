"""The indicator report as XLSX (openpyxl), with fixed metadata so that the same report gives
the same bytes: the document's created and modified times are the report's `as_known_at`,
and every part of the zip carries one fixed date instead of the time of writing."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.writer.excel import ExcelWriter

from app.reports.csv_export import COLUMNS

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class _FixedDateZip(zipfile.ZipFile):
    """A zip whose entries all carry ZIP_DATE (openpyxl writes parts by name, at 'now', and
    worksheets from temporary files, with their times)."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_DATE)
            zinfo_or_arcname.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        """Worksheets come as temporary files: their bytes, without the files' times."""
        with open(filename, "rb") as written:
            self.writestr(str(arcname or filename), written.read())


def _header(report: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        ("programme", report["programme"]),
        ("funder", report["funder"]),
        ("period", report["period"] or ""),
        ("from", report["from"]),
        ("to", report["to"]),
        ("as_known_at", report["as_known_at"]),
        ("indicator_set_version", report["indicator_set_version"]),
    ]


def _value(column: str, item: dict[str, Any]) -> Any:
    value = item[column]
    if column == "projects":
        return ";".join(value)
    return value


def indicators_workbook(report: dict[str, Any]) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Indicators"
    for key, value in _header(report):
        sheet.append([key, value])
    sheet.append([])
    sheet.append(list(COLUMNS))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for item in report["indicators"]:
        sheet.append([_value(column, item) for column in COLUMNS])
    for column, width in zip("ABCDEFGHI", (10, 44, 14, 10, 12, 10, 70, 10, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=10, min_col=7, max_col=7):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    hours = book.create_sheet("HOURS breakdown")
    hours.append(["breakdown", "key", "hours"])
    for item in report["indicators"]:
        for breakdown, values in item["breakdown"].items():
            for key, value in values.items():
                hours.append([breakdown, key, value])
    return book


def indicators_xlsx(report: dict[str, Any]) -> bytes:
    """`report`: the JSON of `app.reports.indicators.as_json`."""
    book = indicators_workbook(report)
    stamp = datetime.fromisoformat(report["as_known_at"]).astimezone(UTC).replace(tzinfo=None)
    stamp = stamp.replace(microsecond=0)
    title = f"{report['programme']} indicators {report['from']} to {report['to']}"
    return stable_xlsx(book, title, stamp)


def stable_xlsx(book: Workbook, title: str, stamp: datetime) -> bytes:
    """The workbook's bytes, the same for the same content: its document times are `stamp`
    (naive UTC) and every zip entry is dated ZIP_DATE."""
    book.properties.creator = "Seedbed"
    book.properties.title = title
    book.properties.created = stamp
    book.properties.modified = stamp
    out = io.BytesIO()
    with _FixedDateZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    return out.getvalue()
