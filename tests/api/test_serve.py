"""`seedbed migrate` then `seedbed serve`: a real uvicorn process answers /health."""

from __future__ import annotations

import argparse
from pathlib import Path

import httpx
import pytest

from app.cli import build_parser, main
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


def _commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """Every command path of the parser, found by walking its subparsers (so none is missed)."""
    found = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, (*prefix, name))
    return found


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = _commands(build_parser())
    assert ("token", "create") in commands
    assert ("audit", "replay") in commands
    for command in commands:
        with pytest.raises(SystemExit) as exited:
            main([*command, "--help"])
        assert exited.value.code == 0, command
        out = capsys.readouterr().out
        assert out.startswith(f"usage: seedbed {' '.join(command)}".rstrip()), command
        assert "--help" in out, command
    result = seedbed("--help", env={})  # the installed entry point, once
    assert result.returncode == 0
    assert "usage: seedbed" in result.stdout
