"""The projector container's health check (docker/projector-healthcheck), run for real against
the compose topology's processes: an API without the embedded projector, and `seedbed projector`.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

from tests.serving import SEEDBED, running_server, seedbed

ROOT = Path(__file__).resolve().parents[2]
HEALTHCHECK = ROOT / "docker" / "projector-healthcheck"


def healthcheck(env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    path = f"{Path(SEEDBED).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        [str(HEALTHCHECK)],
        env={**os.environ, **env, "PATH": path, "SEEDBED_HEALTHCHECK_WAIT": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_unhealthy_while_events_wait_unprojected_healthy_once_the_projector_runs(
    tmp_path: Path,
) -> None:
    env = {
        "SEEDBED_DATABASE_URL": f"sqlite:///{tmp_path / 'seedbed.sqlite3'}",
        "SEEDBED_EMBEDDED_PROJECTOR": "false",
        "SEEDBED_WRITE_RATE_PER_MINUTE": "0",
    }
    assert seedbed("migrate", env=env).returncode == 0
    token = seedbed("token", "create", "--role", "admin", env=env).stdout.strip()
    with running_server(env, tmp_path / "serve.log") as base_url:
        body = {"name": "LEN", "country": "EE", "region": "Harju", "target_group": "elderly"}
        reply = httpx.post(
            f"{base_url}/networks", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        assert reply.status_code == 201, reply.text

    stuck = healthcheck(env)  # an event waits and no projector runs
    assert stuck.returncode == 1, stuck.stdout
    assert stuck.stdout.startswith("unhealthy: 1 event(s) wait and no read model moved")

    with (
        (tmp_path / "projector.log").open("wb") as log,
        subprocess.Popen(
            [SEEDBED, "projector"], env={**os.environ, **env}, stdout=log, stderr=log
        ) as projector,
    ):
        try:
            deadline = time.monotonic() + 30
            while b"catching up" not in (tmp_path / "projector.log").read_bytes():
                assert projector.poll() is None, (tmp_path / "projector.log").read_text()
                assert time.monotonic() < deadline, "the projector did not start"
                time.sleep(0.1)
            while (result := healthcheck(env)).returncode != 0:
                assert projector.poll() is None, (tmp_path / "projector.log").read_text()
                assert time.monotonic() < deadline, result.stdout
            assert result.stdout.startswith("healthy: the read models "), result.stdout
            at_head = healthcheck(env)  # caught up: one look, no waiting
            assert at_head.returncode == 0, at_head.stdout
            assert at_head.stdout.startswith("healthy: the read models are at the head")
        finally:
            projector.terminate()
            projector.wait(timeout=10)


def test_unhealthy_when_the_database_does_not_answer() -> None:
    env = {"SEEDBED_DATABASE_URL": "postgresql+psycopg://seedbed@127.0.0.1:1/seedbed"}
    result = healthcheck(env)
    assert result.returncode == 1
    assert result.stdout.startswith("unhealthy: seedbed projections status failed:"), result.stdout
