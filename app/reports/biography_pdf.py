"""The start-up biography as PDF (fpdf2, the shipped DejaVu Sans, dates fixed to
`as_known_at` so the same biography gives the same file)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.reports.pdf_export import _Report


def biography_pdf(story: dict[str, Any]) -> bytes:
    title = f"{story['title']}: start-up biography"
    pdf = _Report(title)
    stamp = datetime.fromisoformat(story["as_known_at"]).astimezone(UTC).replace(microsecond=0)
    pdf.set_creation_date(stamp)
    pdf.set_title(title)
    pdf.set_creator("Seedbed")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(
        0,
        5,
        f"As known at: {story['as_known_at']} (version {story['version']})",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    with pdf.table(col_widths=(22, 28, 12, 200), line_height=4.5) as table:
        table.row(["on", "what", "v", ""])
        for chapter in story["chapters"]:
            table.row([chapter["on"], chapter["kind"], str(chapter["version"]), chapter["text"]])
    return bytes(pdf.output())
