"""`seedbed report indicators`: a programme's indicator report as JSON, CSV, XLSX or PDF."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from app.cli.base import Commands, opened, programme_named
from app.settings import Settings


def _report_indicators(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from app.reports.csv_export import indicators_csv
    from app.reports.pdf_export import indicators_pdf
    from app.reports.service import indicator_report
    from app.reports.xlsx_export import indicators_xlsx

    with opened(settings) as container:
        container.runner.catch_up()
        report = indicator_report(
            container.incubator,
            container.read_models,
            programme_named(container, args.programme),
            period=args.period,
            start=args.start,
            end=args.end,
            as_known_at=args.as_known_at,
        )
    writers = {"csv": indicators_csv, "xlsx": indicators_xlsx, "pdf": indicators_pdf}
    if args.format == "json":
        data = json.dumps(report, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    else:
        data = writers[args.format](report)
    if args.out == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.out).write_bytes(data)
        print(
            f"{report['programme']} {report['from']} to {report['to']} as known at "
            f"{report['as_known_at']}: {args.out} ({len(data)} bytes)",
            file=sys.stderr,
        )
    return 0


def _aware(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError("needs a time zone offset, e.g. 2021-01-01T00:00+00:00")
    return value


def register(commands: Commands) -> None:
    report = commands.add_parser("report", help="reports for funders")
    kinds = report.add_subparsers(dest="report_command", required=True, metavar="REPORT")
    indicators = kinds.add_parser(
        "indicators", help="a programme's indicators for a period, as known at an instant"
    )
    indicators.add_argument("--programme", required=True, help="the programme's id or name")
    indicators.add_argument("--period", help="a reporting period's label, e.g. P2")
    indicators.add_argument("--from", dest="start", type=date.fromisoformat, help="first day")
    indicators.add_argument("--to", dest="end", type=date.fromisoformat, help="last day")
    indicators.add_argument(
        "--as-known-at", type=_aware, help="compute from what was recorded by this instant"
    )
    indicators.add_argument("--format", choices=("json", "csv", "xlsx", "pdf"), default="json")
    indicators.add_argument("--out", default="-", help="a file, or - for standard output")
    indicators.set_defaults(handler=_report_indicators)
