"""Backups: a restored database verifies (audit verify) and projects identically."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app import audit
from app.bootstrap import Container, build_container
from app.demo import DemoProgramme
from app.settings import Settings
from projections.registry import live_projections
from projections.summaries import SummaryFilter
from store.backup import backup_sqlite
from tests.databases import migrated_container
from tests.integration.helpers import coaching, log_session


def _loaded(url: str) -> Container:
    container = migrated_container(Settings(database_url=url, embedded_projector=False))
    DemoProgramme(container.incubator, seed=3).load(projects=10)
    container.runner.catch_up()
    return container


def _rows(container: Container) -> dict[str, Any]:
    with container.engine.connect() as connection:
        return {
            table.name: sorted(tuple(map(str, row)) for row in connection.execute(select(table)))
            for projection in live_projections()
            for table in projection.tables
        }


def _restored_matches(source: Container, restored_url: str) -> None:
    restored = build_container(Settings(database_url=restored_url, embedded_projector=False))
    try:
        streams, reports = audit.verify_everything(restored.incubator)
        assert streams > 0
        assert all(report.intact for report in reports)
        restored.runner.catch_up()
        source.runner.catch_up()
        assert restored.runner.head() == source.runner.head()
        assert _rows(restored) == _rows(source)
    finally:
        restored.close()


def test_sqlite_online_backup_while_writing_restores_to_a_verifying_copy(tmp_path: Path) -> None:
    source = _loaded(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    try:
        projects = source.read_models.list_projects(SummaryFilter(), 5, None)
        target = projects[0].project_id
        coach = projects[0].coach_ids[0]
        writing = threading.Thread(
            target=lambda: [
                log_session(source.incubator, target, details=coaching(coach, i), actor="x")
                for i in range(30)
            ]
        )
        writing.start()
        backup = tmp_path / "backup.sqlite3"
        pages = backup_sqlite(source.settings.sqlite_path(), backup)
        writing.join()
        assert pages > 0
        restored = tmp_path / "restored.sqlite3"
        shutil.copy(backup, restored)  # the documented restore: copy the file into place
        copy = build_container(
            Settings(database_url=f"sqlite:///{restored}", embedded_projector=False)
        )
        try:
            head = copy.runner.head()
            assert 0 < head <= source.runner.head()  # a consistent moment during the writes
            _streams, reports = audit.verify_everything(copy.incubator)
            assert all(r.intact for r in reports)
        finally:
            copy.close()
        exact = tmp_path / "exact.sqlite3"  # after the writes, a fresh backup matches exactly
        backup_sqlite(source.settings.sqlite_path(), exact)
        _restored_matches(source, f"sqlite:///{exact}")
    finally:
        source.close()


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_postgresql_pg_dump_and_restore_give_a_verifying_copy(
    postgres_url: str, make_postgres_url: Any
) -> None:
    source = _loaded(postgres_url)
    try:
        target_url = make_postgres_url()
        dump = subprocess.run(
            ["pg_dump", "--format=custom", "--dbname", _libpq(postgres_url)],
            check=True,
            capture_output=True,
            timeout=120,
        ).stdout
        subprocess.run(
            ["pg_restore", "--no-owner", "--dbname", _libpq(target_url)],
            input=dump,
            check=True,
            capture_output=True,
            timeout=120,
        )
        _restored_matches(source, target_url)
    finally:
        source.close()


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
