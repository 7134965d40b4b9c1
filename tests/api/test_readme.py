"""Every console example of the README runs as printed against `make run`'s demo: a real
`seedbed serve` over the demo programme, the commands in bash with `var/demo.env` sourced."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.readme import Example, examples, mismatch, run
from tests.serving import SEEDBED, running_server, seedbed


def test_the_readme_has_console_examples_to_run() -> None:
    found = examples()
    assert len(found) >= 12
    assert any("seedbed token create" in e.command for e in found)
    silent = [e.command for e in found if not e.expected]
    assert len(silent) <= len(found) // 4, silent  # nearly every example shows its output


def test_every_console_example_in_the_readme_runs_as_printed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'seedbed.sqlite3'}"
    bin_dir = str(Path(SEEDBED).parent)
    env = {
        "PATH": f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(tmp_path),
        "SEEDBED_DATABASE_URL": url,
        "SEEDBED_WRITE_RATE_PER_MINUTE": "0",
    }
    assert seedbed("migrate", env=env).returncode == 0
    loaded = seedbed(
        "seed-demo",
        "--tokens-file",
        str(tmp_path / "var" / "demo-tokens.txt"),
        "--env-file",
        str(tmp_path / "var" / "demo.env"),
        env=env,
    )
    assert loaded.returncode == 0, loaded.stderr
    failures: list[str] = []
    with running_server(env, tmp_path / "serve.log") as base_url:
        port = urlsplit(base_url).port
        assert port is not None
        last_exit = 0
        for example in examples():
            code, printed = run(example, env, tmp_path, port, last_exit)
            if code and not _shows_its_exit_code(example):
                failures.append(f"{example.command}\n-> exit {code}\n{printed}")
            elif (problem := mismatch(example.expected, printed)) is not None:
                failures.append(f"{example.command}\n-> {problem}")
            last_exit = code
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


def _shows_its_exit_code(example: Example) -> bool:
    """A failing command is an example only when the README shows its exit code next."""
    following = [e for e in examples() if e.block == example.block]
    index = following.index(example)
    return index + 1 < len(following) and following[index + 1].command.strip() == "echo $?"
