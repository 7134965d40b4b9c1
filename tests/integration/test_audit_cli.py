"""The auditor's command line: export, verify (and find an edit), replay offline, import."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update

from app.bootstrap import build_container
from app.settings import Settings
from store.recorder import event_store_tables
from tests.clock import fixed_clock
from tests.databases import migrated_container
from tests.integration.helpers import coaching, log_session, new_project
from tests.serving import seedbed


def test_audit_commands_end_to_end(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    settings = Settings(database_url=url)
    container = migrated_container(settings, fixed_clock)
    project, coach = new_project(container.incubator)
    for i in range(3):
        log_session(container.incubator, project, details=coaching(coach, i), actor=str(coach))
    container.close()
    env = {"SEEDBED_DATABASE_URL": url}
    bundle = tmp_path / "bundle.jsonl"

    exported = seedbed("audit", "export", "--project", str(project), "--out", str(bundle), env=env)
    assert exported.returncode == 0, exported.stderr
    verified = seedbed("audit", "verify", "--all", env=env)
    assert verified.returncode == 0
    assert "2 streams verified, 0 broken" in verified.stdout

    replayed = seedbed("audit", "replay", str(bundle), "--on", "2019-06-01", env={})
    assert replayed.returncode == 0, replayed.stderr
    assert "2 chains checked, 0 broken" in replayed.stdout
    assert "on 2019-06-01: idea" in replayed.stdout

    target = {"SEEDBED_DATABASE_URL": f"sqlite:///{tmp_path / 'copy.sqlite3'}"}
    assert seedbed("migrate", env=target).returncode == 0
    imported = seedbed("import", str(bundle), env=target)
    assert imported.returncode == 0, imported.stderr
    assert seedbed("audit", "verify", env=target).returncode == 0

    events, _ = event_store_tables()
    container = build_container(settings)
    with container.engine.begin() as connection:
        connection.execute(
            update(events).where(events.c.originator_version == 4).values(state=b'{"forged":1}')
        )
    container.close()
    broken = seedbed("audit", "verify", env=env)
    assert broken.returncode == 1
    assert f"{project}  BROKEN at version 4" in broken.stdout
