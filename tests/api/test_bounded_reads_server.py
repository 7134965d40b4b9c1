"""Against a real uvicorn: reads waiting for X-Min-Position hold no worker thread, so that
`/health` and ordinary reads keep answering while 100 of them wait, and the waiters are capped
(503 with Retry-After beyond SEEDBED_MAX_WAITERS). No projector runs here, so every waiting
read waits until its timeout."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.serving import migrated_with_admin, new_network, running_server

WAITERS = 100
# Today's bound is far below the 4 s that 60 thread-holding waiters caused; generous for a
# noisy two-core machine shared with other work.
PROMPT_SECONDS = 1.5
WAIT_SECONDS = 8


@pytest.fixture
def env(sqlite_url: str) -> dict[str, str]:
    env = {
        "SEEDBED_DATABASE_URL": sqlite_url,
        "SEEDBED_EMBEDDED_PROJECTOR": "false",  # the read models never move: waiters wait
        "SEEDBED_READ_WAIT_SECONDS": str(WAIT_SECONDS),
        "SEEDBED_MAX_WAITERS": str(WAITERS),
        "SEEDBED_READ_RATE_PER_MINUTE": "0",
    }
    return {**env, **migrated_with_admin(env)}


async def _all_waiting(client: httpx.AsyncClient) -> None:
    """Until the server says that WAITERS reads wait (GET /ready, `waiting_reads`)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if (await client.get("/ready")).json()["waiting_reads"] == WAITERS:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the reads never all waited")


async def _timed(client: httpx.AsyncClient, path: str) -> tuple[int, float]:
    started = time.monotonic()
    reply = await client.get(path)
    return reply.status_code, time.monotonic() - started


def test_health_and_reads_answer_promptly_while_100_reads_wait_and_the_101st_gets_503(
    env: dict[str, str], tmp_path: Path
) -> None:
    headers = {"Authorization": env["Authorization"]}
    with running_server(env, tmp_path / "serve.log") as base_url:
        with httpx.Client(base_url=base_url, headers=headers) as http:
            new_network(http, "DE", "Nordfriesland", "migrants_refugees")
            position = int(http.get("/ready").json()["head_position"])
        assert position >= 1

        async def scenario() -> None:
            limits = httpx.Limits(max_connections=WAITERS + 20, max_keepalive_connections=0)
            async with httpx.AsyncClient(
                base_url=base_url, headers=headers, limits=limits, timeout=60
            ) as client:
                waiting = [
                    asyncio.create_task(
                        client.get("/projects", headers={"X-Min-Position": str(position)})
                    )
                    for _ in range(WAITERS)
                ]
                await _all_waiting(client)
                refused = await client.get("/projects", headers={"X-Min-Position": str(position)})
                assert refused.status_code == 503
                assert "already waiting" in refused.json()["detail"]
                assert refused.headers["content-type"] == "application/problem+json"
                assert int(refused.headers["Retry-After"]) >= 1
                health, health_took = await _timed(client, "/health")
                listed, list_took = await _timed(client, "/projects")
                assert (health, listed) == (200, 200)
                assert health_took < PROMPT_SECONDS, f"/health took {health_took:.2f} s"
                assert list_took < PROMPT_SECONDS, f"/projects took {list_took:.2f} s"
                assert not any(task.done() for task in waiting), "the waiters are still waiting"
                replies = await asyncio.gather(*waiting)
                assert {r.status_code for r in replies} == {503}  # the projections never moved
                assert all("not reached position" in r.json()["detail"] for r in replies)

        with ThreadPoolExecutor(1) as pool:  # a loop of its own (see tests/unit/test_waiting)
            pool.submit(lambda: asyncio.run(scenario())).result()
