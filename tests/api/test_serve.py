"""`seedbed migrate` then `seedbed serve`: a real uvicorn process answers /health."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.serving import running_server, seedbed


def test_serve_on_sqlite_default_answers_health(tmp_path: Path) -> None:
    env = {"SEEDBED_DATABASE_URL": f"sqlite:///{tmp_path / 'seedbed.sqlite3'}"}
    assert seedbed("migrate", env=env).returncode == 0
    with running_server(env, tmp_path / "serve.log") as base_url:
        response = httpx.get(f"{base_url}/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_cli_error_is_one_line_and_nonzero() -> None:
    env = {"SEEDBED_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    result = seedbed("migrate", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("seedbed migrate: error:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_every_command_has_help() -> None:
    for command in ((), ("migrate",), ("serve",)):
        result = seedbed(*command, "--help", env={})
        assert result.returncode == 0
        assert "usage: seedbed" in result.stdout
