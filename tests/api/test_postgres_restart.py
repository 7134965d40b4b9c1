"""PostgreSQL restarted under load: the service answers 503 with Retry-After (never 500) while
the database is gone, /ready says not ready, and it recovers on its own, with no restart of
Seedbed and no acknowledged write lost.

The database restarted is a private cluster of this test's own (tests/pgcluster.py), never
the machine's shared server.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.databases import postgres_required
from tests.pgcluster import ClusterUnavailable, PrivateCluster, create_cluster
from tests.serving import (
    all_sessions,
    migrated_with_admin,
    new_coach,
    new_network,
    new_project,
    running_server,
)

pytestmark = pytest.mark.postgres


@pytest.fixture
def private_postgres() -> Iterator[PrivateCluster]:
    """A started private cluster, stopped and removed afterwards (also when the test fails)."""
    try:
        cluster = create_cluster()
    except ClusterUnavailable as error:
        message = f"no private PostgreSQL cluster: {error}"
        if postgres_required():
            pytest.fail(message + " (SEEDBED_REQUIRE_POSTGRES=1, so this is an error)")
        pytest.skip(message + "; set SEEDBED_REQUIRE_POSTGRES=1 to make this an error")
    try:
        yield cluster
    finally:
        cluster.remove()


def test_postgresql_restart_under_load_gives_503_then_recovers(
    private_postgres: PrivateCluster, tmp_path: Path
) -> None:
    env = {"SEEDBED_DATABASE_URL": private_postgres.url, "SEEDBED_WRITE_RATE_PER_MINUTE": "0"}
    admin = migrated_with_admin(env)
    statuses: list[int] = []
    acknowledged: list[str] = []
    stop = threading.Event()
    with running_server(env, tmp_path / "serve.log") as base_url:
        with httpx.Client(base_url=base_url, headers=admin, timeout=30) as http:
            coach = new_coach(http)
            network = new_network(http, "FI", "Kainuu", "elderly")
            project, _version = new_project(
                http,
                network,
                "Senior IT help",
                "elderly",
                "Older people teach each other their phones.",
            )

        def writer() -> None:
            n = 0
            with httpx.Client(base_url=base_url, headers=admin, timeout=30) as http:
                while not stop.is_set():
                    n += 1
                    body = {
                        "type": "training",
                        "started_at": "2021-02-01T10:00:00+02:00",
                        "duration_minutes": 60,
                        "mode": "on_site",
                        "coach_ids": [coach],
                        "participation_level": "engaged",
                        "summary": f"write {n}",
                    }
                    response = http.post(f"/projects/{project}/sessions", json=body)
                    statuses.append(response.status_code)
                    if response.status_code == 201:
                        acknowledged.append(f"write {n}")
                    else:
                        assert response.status_code == 503, response.text
                        assert "Retry-After" in response.headers
                    time.sleep(0.02)

        thread = threading.Thread(target=writer)
        thread.start()
        time.sleep(1.0)
        private_postgres.restart()
        deadline = time.monotonic() + 60
        while httpx.get(f"{base_url}/ready").status_code != 200:  # recovers by itself
            assert time.monotonic() < deadline, "the service did not recover"
            time.sleep(0.2)
        time.sleep(1.0)
        stop.set()
        thread.join(30)
        recovered = statuses[-5:]
        with httpx.Client(base_url=base_url, headers=admin, timeout=30) as http:
            sessions = all_sessions(http, project)
    assert 500 not in statuses
    assert 503 in statuses  # the fault was felt: answered as "retry shortly"
    assert recovered == [201] * len(recovered)
    assert set(acknowledged) <= {s["details"]["summary"] for s in sessions}
