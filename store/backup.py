"""Online backup of the embedded SQLite database (PostgreSQL: use pg_dump, see README)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from domain.errors import InvalidInput


def backup_sqlite(
    source_path: Path | None, target: Path, progress: Callable[[int, int], None] | None = None
) -> int:
    """Copies the live database to `target` with SQLite's online backup API (writers may go on);
    returns the pages copied. The copy is a consistent snapshot of one moment."""
    if source_path is None:
        raise InvalidInput(
            "database", "backup copies SQLite files; for PostgreSQL use pg_dump (see README)"
        )
    if target.exists():
        raise InvalidInput("target", f"{target} exists; choose a new file")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path)
    copy = sqlite3.connect(target)
    pages = 0

    def report(_status: int, remaining: int, total: int) -> None:
        nonlocal pages
        pages = total
        if progress is not None:
            progress(total - remaining, total)

    try:
        with copy:
            source.backup(copy, pages=256, progress=report)
        copy.execute("PRAGMA journal_mode=WAL")
    finally:
        copy.close()
        source.close()
    return pages
