"""The indicator report as PDF (fpdf2: pure Python, nothing outside PyPI), with DejaVu Sans
shipped beside this module so that every language's letters render without the network or
system fonts, and the creation date fixed to the report's `as_known_at` (fpdf2 derives the
document id from the content and that date), so the same report gives the same bytes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"


def _number(value: Any) -> str:
    return "" if value is None else str(value)


class _Report(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="landscape", format="A4")
        self._title = title
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 8, f"{self._title} · {self.page_no()}", align="C")


def indicators_pdf(report: dict[str, Any]) -> bytes:
    """`report`: the JSON of `app.reports.indicators.as_json`."""
    title = f"{report['programme']}: indicators {report['from']} to {report['to']}"
    pdf = _Report(title)
    stamp = datetime.fromisoformat(report["as_known_at"]).astimezone(UTC).replace(microsecond=0)
    pdf.set_creation_date(stamp)
    pdf.set_title(title)
    pdf.set_author("Seedbed")
    pdf.set_creator("Seedbed")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    period = report["period"] or "-"
    previous = report["previous_period"]
    lines = [
        f"Funder: {report['funder']}",
        f"Period: {period} ({report['from']} to {report['to']})",
        "Previous: "
        + (
            "-"
            if previous is None
            else f"{previous['label']} ({previous['from']} to {previous['to']})"
        ),
        f"As known at: {report['as_known_at']}",
        f"Indicator set version: {report['indicator_set_version']}",
    ]
    for line in lines:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    with pdf.table(
        col_widths=(16, 52, 20, 16, 18, 16, 130, 9),
        text_align=("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "RIGHT"),
        line_height=4.5,
    ) as table:
        table.row(["code", "title", "unit", "value", "cumulative", "previous", "definition", "v"])
        for item in report["indicators"]:
            table.row(
                [
                    item["code"],
                    item["title"],
                    item["unit"],
                    _number(item["value"]),
                    _number(item["cumulative"]),
                    _number(item["previous"]),
                    item["definition"],
                    str(item["definition_version"]),
                ]
            )
    for item in report["indicators"]:
        for breakdown, values in item["breakdown"].items():
            if values:
                pdf.ln(2)
                pdf.set_font("DejaVu", "B", 9)
                pdf.cell(0, 5, f"{item['code']} {breakdown}", new_x="LMARGIN", new_y="NEXT")
                pdf.set_font("DejaVu", "", 9)
                for key, value in values.items():
                    pdf.cell(0, 4.5, f"{key}: {value}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
