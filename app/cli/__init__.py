"""The `seedbed` command line: one entry point, a subcommand per job, `--help` on each.

One module per command group; each `register`s its subcommands. Errors are one line on
standard error and a non-zero exit.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.cli import (
    attention,
    auditing,
    backup,
    demo,
    imports,
    people,
    projections,
    reports,
    serving,
    tokens,
)
from app.cli.base import one_line
from app.settings import Settings

GROUPS = (
    serving,
    tokens,
    projections,
    auditing,
    demo,
    backup,
    reports,
    attention,
    people,
    imports,
)
ACTION_DESTS = (
    "token_command",
    "projections_command",
    "audit_command",
    "report_command",
    "people_command",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seedbed",
        description="Seedbed: an event-sourced incubation tracker for rural micro projects. "
        "Configuration comes from SEEDBED_* environment variables (see README).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
        code: int = args.handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the CLI's one place that turns any error into one line
        sub = next((getattr(args, d) for d in ACTION_DESTS if getattr(args, d, None)), None)
        command = " ".join(a for a in (args.command, sub) if a)
        print(f"seedbed {command}: error: {one_line(error)}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
