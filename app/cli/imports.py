"""`seedbed import-sheet FILE.xlsx|csv [--dry-run]`: a programme's spreadsheet as the domain's
own commands, all rows or none, each row once (see app/sheets/ and the README)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.base import Commands, opened
from app.settings import Settings


def _import_sheet(args: argparse.Namespace, settings: Settings) -> int:
    from app.sheets.importer import import_sheet

    path = Path(args.file)
    data = path.read_bytes()
    with opened(settings) as container:
        container.runner.catch_up()  # references by name read the read models
        report = import_sheet(
            container.incubator, container.engine, path.name, data, dry_run=args.dry_run
        )
        if report.position is not None:
            container.runner.catch_up()
    sys.stdout.write(report.text())
    return 1 if report.errors else 0


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "import-sheet",
        help="record a programme's spreadsheet (one row per fact), all rows or none",
    )
    parser.add_argument("file", help="an .xlsx or .csv file in the documented layout")
    parser.add_argument(
        "--dry-run", action="store_true", help="report row by row what would be recorded"
    )
    parser.set_defaults(handler=_import_sheet)
