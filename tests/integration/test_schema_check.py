"""A server or projector of this version refuses, at start and in one line, a database whose
schema is not this version's: not yet migrated (the bench once served 503s for minutes from a
database one migration behind), or migrated by a newer version."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.main import create_app
from app.settings import Settings
from migrations import alembic_config, downgrade, schema_problem, upgrade
from store.database import make_engine
from tests.serving import seedbed

SCRIPT = ScriptDirectory.from_config(alembic_config("sqlite://"))
HEAD = SCRIPT.get_current_head()
BEFORE = SCRIPT.get_revision(HEAD).down_revision  # type: ignore[union-attr]


@pytest.fixture
def behind(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'behind.sqlite3'}"
    upgrade(url)
    downgrade(url, "-1")
    return url


def test_a_migrated_database_has_no_problem(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'current.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    assert schema_problem(engine) is None
    engine.dispose()


@pytest.mark.parametrize("command", [["serve", "--port", "0"], ["projector"]])
def test_serve_and_projector_stop_on_a_database_one_migration_behind(
    behind: str, command: list[str]
) -> None:
    result = seedbed(*command, env={"SEEDBED_DATABASE_URL": behind})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"seedbed {command[0]}: error: the database is at migration {BEFORE}, this version of "
        f"Seedbed needs {HEAD}: run `seedbed migrate` first"
    )


def test_an_empty_database_is_named_as_never_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = seedbed("serve", "--port", "0", env={"SEEDBED_DATABASE_URL": url})
    assert result.returncode == 1
    assert "the database is at migration (none)" in result.stderr


def test_a_database_of_a_newer_version_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    problem = schema_problem(engine)
    engine.dispose()
    assert problem is not None
    assert problem.startswith("the database was migrated by a newer version of Seedbed (to 0099)")


def test_the_app_started_otherwise_refuses_in_its_lifespan(behind: str) -> None:
    app = create_app(Settings(database_url=behind))
    with pytest.raises(RuntimeError, match="run `seedbed migrate` first"), TestClient(app):
        pass
