"""Runs `seedbed` commands as real processes, for tests that need a real uvicorn."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench.servers import SEEDBED, free_port, seedbed_server

__all__ = [
    "SEEDBED",
    "all_sessions",
    "cli_token",
    "coached_project",
    "free_port",
    "migrated_with_admin",
    "new_coach",
    "new_network",
    "new_project",
    "projector",
    "running_server",
    "seed_demo",
    "seedbed",
    "server_pids",
]


def seedbed(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SEEDBED, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


def seed_demo(folder: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """`seedbed seed-demo` writing its tokens (`folder`/tokens.txt) and ids (`folder`/demo.env)
    under `folder`: by default it writes the checkout's var/demo.env."""
    files = ("--tokens-file", str(folder / "tokens.txt"), "--env-file", str(folder / "demo.env"))
    return seedbed("seed-demo", *files, env=env)


def cli_token(env: Mapping[str, str], role: str, person: str | None = None) -> str:
    """A token from `seedbed token create` (for `person` when given)."""
    args = ["token", "create", "--role", role] + (["--person", person] if person else [])
    result = seedbed(*args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def migrated_with_admin(env: Mapping[str, str]) -> dict[str, str]:
    """Migrates the database of `env` with `seedbed migrate`; the headers of a new admin token."""
    assert seedbed("migrate", env=env).returncode == 0
    return {"Authorization": f"Bearer {cli_token(env, 'admin')}"}


@contextmanager
def running_server(env: Mapping[str, str], log: Path, *extra: str) -> Iterator[str]:
    """`seedbed serve` on a free port until the block ends; yields its base URL."""
    with seedbed_server(env, log, *extra) as base_url:
        yield base_url


def server_pids(base_url: str) -> list[int]:
    """The `seedbed serve` processes (uvicorn's masters) this test process started on the port of
    `base_url`: not another server of the same test process, such as the browser tests' own
    (with pytest-xdist one process runs files of both kinds)."""
    found = subprocess.run(
        ["pgrep", "-f", "seedbed serve", "-P", str(os.getpid())],
        capture_output=True,
        text=True,
        check=False,
    )
    wanted = f"SEEDBED_PORT={httpx.URL(base_url).port}".encode()
    pids = []
    for pid in (int(p) for p in found.stdout.split()):
        try:
            environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except (FileNotFoundError, ProcessLookupError):
            continue  # it exited between pgrep and here
        if wanted in environment:
            pids.append(pid)
    return pids


@contextmanager
def projector(env: Mapping[str, str], log: Path) -> Iterator[None]:
    """`seedbed projector` running until the block ends (its output in `log`)."""
    with (
        log.open("wb") as out,
        subprocess.Popen(
            [SEEDBED, "projector"], env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT
        ) as process,
    ):
        try:
            yield
        finally:
            process.terminate()
            process.wait(10)


# Data for tests against a real server, made through its HTTP API with an admin client.
def new_coach(http: httpx.Client) -> str:
    coach: str = http.post("/people", json={"display_name": "C", "role": "coach"}).json()["id"]
    return coach


def new_network(http: httpx.Client, country: str, region: str, target_group: str) -> str:
    body = {"name": "LEN", "country": country, "region": region, "target_group": target_group}
    network: str = http.post("/networks", json=body).json()["id"]
    return network


def new_project(
    http: httpx.Client,
    network: str,
    title: str,
    target_group: str,
    summary: str,
    coach: str | None = None,
) -> tuple[str, int]:
    """A proposed project (with `coach` assigned when given): its id and its version."""
    body = {"title": title, "network_id": network, "target_group": target_group, "summary": summary}
    reply = http.post("/projects", json=body).json()
    project: str = reply["id"]
    version: int = reply["version"]
    if coach is not None:
        assigned = http.post(f"/projects/{project}/coaches", json={"coach_id": coach})
        version = assigned.json()["version"]
    return project, version


def coached_project(
    http: httpx.Client, country: str, region: str, target_group: str, title: str, summary: str
) -> tuple[str, str, int]:
    """A new coach and a project for `target_group` in a new network, the coach assigned:
    (the project's id, the coach's id, the project's version)."""
    coach = new_coach(http)
    network = new_network(http, country, region, target_group)
    project, version = new_project(http, network, title, target_group, summary, coach)
    return project, coach, version


def all_sessions(http: httpx.Client, project: str, timeout: float = 30) -> list[dict[str, Any]]:
    """Every session of the project, through the paged list (`GET /projects/{id}` embeds only
    the first page), once the read models hold as many as the project itself counts."""
    total = http.get(f"/projects/{project}").json()["sessions_total"]
    deadline = time.monotonic() + timeout
    while True:
        found: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            params = {"limit": "500", **({"cursor": cursor} if cursor else {})}
            page = http.get(f"/projects/{project}/sessions", params=params).json()
            found.extend(page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                break
        if len(found) >= total or time.monotonic() > deadline:
            return found
        time.sleep(0.1)
