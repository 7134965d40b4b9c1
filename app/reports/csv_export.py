"""The indicator report as CSV: one row per indicator, the columns of the JSON items
(`projects` joined by `;`, the breakdown left to the JSON and the XLSX)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

COLUMNS = (
    "code",
    "title",
    "unit",
    "value",
    "cumulative",
    "previous",
    "definition",
    "definition_version",
    "projects",
)


def cell(value: Any) -> str:
    """A value as the JSON writes it (numbers alike in both), empty for none."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, str):
        return value
    return json.dumps(value)


def indicators_csv(report: dict[str, Any]) -> bytes:
    """`report`: the JSON of `app.reports.indicators.as_json`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in report["indicators"]:
        writer.writerow([cell(item[column]) for column in COLUMNS])
    return out.getvalue().encode("utf-8")
