"""`seedbed report indicators` and `seedbed attention --digest` on the demo: SEMPRE
Accelerators, a period, as XLSX and PDF that match the JSON, the same bytes when asked again
as known at the same instant; the digest of what is due."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pypdf

from tests.serving import seed_demo, seedbed

AT = "2021-01-01T00:00:00+00:00"


def test_report_indicators_on_the_demo_writes_matching_json_xlsx_and_pdf(tmp_path: Path) -> None:
    env = {"SEEDBED_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}"}
    assert seedbed("migrate", env=env).returncode == 0
    loaded = seed_demo(tmp_path, env)
    assert loaded.returncode == 0, loaded.stderr
    common = ("report", "indicators", "--programme", "SEMPRE Accelerators", "--period", "P2")
    files = {}
    for fmt in ("json", "xlsx", "pdf", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        made = seedbed(*common, "--as-known-at", AT, "--format", fmt, "--out", str(out), env=env)
        assert made.returncode == 0, made.stderr
        if fmt in files:
            assert out.read_bytes() == files[fmt]  # asked again: the same bytes
        files[fmt] = out.read_bytes()
    body = json.loads(files["json"])
    assert (body["programme"], body["from"], body["to"]) == (
        "SEMPRE Accelerators",
        "2020-01-01",
        "2020-06-30",
    )
    values = {i["code"]: i["value"] for i in body["indicators"]}
    assert values["HOURS"] > 0
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))["Indicators"]
    in_sheet = {row[0].value: row[3].value for row in sheet.iter_rows(min_row=10)}
    assert in_sheet == values
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(files["pdf"])).pages)
    assert "SEMPRE Accelerators" in text
    for code, value in values.items():
        assert code in text
        assert str(value) in text
    digest = seedbed("attention", "--digest", env=env)
    assert digest.returncode == 0, digest.stderr
    head, *rest = digest.stdout.splitlines()
    assert head.endswith("items need attention")
    assert "no_contact (" in rest[1] or any(line.startswith("no_contact (") for line in rest)
    unknown = seedbed("report", "indicators", "--programme", "Nope", env=env)
    assert unknown.returncode == 1
    assert "programme Nope was not found" in unknown.stderr
