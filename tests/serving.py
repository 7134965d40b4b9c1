"""Runs `seedbed` commands as real processes, for tests that need a real uvicorn."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.servers import SEEDBED, free_port, seedbed_server

__all__ = [
    "SEEDBED",
    "free_port",
    "new_coach",
    "new_network",
    "new_project",
    "running_server",
    "seedbed",
]


def seedbed(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SEEDBED, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=120
    )


@contextmanager
def running_server(env: Mapping[str, str], log: Path, *extra: str) -> Iterator[str]:
    """`seedbed serve` on a free port until the block ends; yields its base URL."""
    with seedbed_server(env, log, *extra) as base_url:
        yield base_url


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
