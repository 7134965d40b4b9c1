"""The template in `docs/`: a small programme's sheet in the documented layout, as CSV and
XLSX. `python -m app.sheets.template docs` writes both; a test fails when the committed files
differ from what this module makes, so the template never drifts from the layout."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from app.reports.xlsx_export import stable_xlsx
from app.sheets.layout import COLUMNS

NAME = "import-template"
STAMP = datetime(2026, 12, 1)  # the XLSX's document times (fixed: the bytes stay the same)
P = "Kitchen garden Valga"

ROWS: Sequence[Mapping[str, str]] = (
    {"row_key": "VALGA-01", "kind": "network", "name": "Valga LEN", "country": "EE",
     "region": "Valgamaa", "target_group": "elderly", "date": "2019-01-15",
     "institutions": "Valga municipality; Valga library; Day centre Kask"},
    {"row_key": "VALGA-02", "kind": "programme", "name": "Gardens of the South",
     "funder": "Estonia-Latvia Programme", "date": "2019-01-01", "until": "2021-12-31",
     "periods": "P1 2019-01-01/2019-12-31; P2 2020-01-01/2020-12-31; P3 2021-01-01/2021-12-31"},
    {"row_key": "VALGA-03", "kind": "person", "name": "Maarja Tamm", "role": "coach"},
    {"row_key": "VALGA-04", "kind": "person", "name": "Anu Kask", "role": "service_user"},
    {"row_key": "VALGA-05", "kind": "project", "project": P, "network": "Valga LEN",
     "target_group": "elderly", "date": "2019-02-01",
     "note": "Raised beds behind the day centre, tended by pensioners."},
    {"row_key": "VALGA-06", "kind": "enrolment", "project": P,
     "programme": "Gardens of the South", "date": "2019-02-01"},
    {"row_key": "VALGA-07", "kind": "coach", "project": P, "person": "Maarja Tamm"},
    {"row_key": "VALGA-08", "kind": "team member", "project": P, "person": "Anu Kask",
     "role": "service_user", "date": "2019-02-10"},
    {"row_key": "VALGA-09", "kind": "need", "project": P, "tool": "needs_workshop",
     "date": "2019-02-20", "note": "Fresh vegetables are far to fetch without a car."},
    {"row_key": "VALGA-10", "kind": "session", "project": P, "date": "2019-02-20",
     "time": "14:00", "minutes": "120", "type": "needs_workshop", "mode": "on_site",
     "level": "consulted", "coaches": "Maarja Tamm", "users": "9",
     "note": "Needs workshop with nine pensioners."},
    {"row_key": "VALGA-11", "kind": "milestone", "project": P, "milestone": "NEED-01",
     "date": "2019-02-20", "note": "Workshop notes, nine participants."},
    {"row_key": "VALGA-12", "kind": "milestone", "project": P, "milestone": "TEAM-01",
     "date": "2019-04-10", "note": "A core group of six meets every Wednesday."},
    {"row_key": "VALGA-13", "kind": "gate decision", "project": P, "to": "co_creation",
     "date": "2019-04-15", "note": "Needs assessed with the users; the core group meets."},
    {"row_key": "VALGA-14", "kind": "session", "project": P, "date": "2019-05-08",
     "time": "10:00", "minutes": "90", "type": "coaching", "mode": "on_site",
     "level": "co_designing", "coaches": "Maarja Tamm", "users": "6",
     "note": "Planned the beds and the watering rota."},
)  # fmt: skip


def table(rows: Sequence[Mapping[str, str]]) -> list[list[str]]:
    """The rows under a header of every column of the layout."""
    return [list(COLUMNS), *([row.get(column, "") for column in COLUMNS] for row in rows)]


def sheet_csv(rows: Sequence[Mapping[str, str]], delimiter: str = ",") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(table(rows))
    return out.getvalue().encode("utf-8")


def template_csv() -> bytes:
    return sheet_csv(ROWS)


def template_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "import"
    for row in table(ROWS):
        sheet.append(row)
    return stable_xlsx(book, "Seedbed import template", STAMP)


def write(folder: Path) -> list[Path]:
    written = []
    for suffix, data in (("csv", template_csv()), ("xlsx", template_xlsx())):
        path = folder / f"{NAME}.{suffix}"
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(path)
