"""`seedbed backup FILE`: an online copy of the SQLite database."""

from __future__ import annotations

import argparse
import sys

from app.cli.base import Commands
from app.settings import Settings


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from app.cli.progress import ProgressBar
    from store.backup import backup_sqlite

    bar = ProgressBar("backup", unit="pages")
    pages = backup_sqlite(settings.sqlite_path(), Path(args.target), bar)
    bar.close()
    print(f"backed up {pages} pages to {args.target}", file=sys.stderr)
    return 0


def register(commands: Commands) -> None:
    backup = commands.add_parser(
        "backup", help="online copy of the SQLite database to a new file (PostgreSQL: pg_dump)"
    )
    backup.add_argument("target", help="the new file to write")
    backup.set_defaults(handler=_backup)
