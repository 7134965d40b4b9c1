"""A bounded HTTP load: N concurrent keep-alive clients for a fixed time (loopback only)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

Request = Callable[[httpx.AsyncClient, int], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


async def _run(
    base_url: str, request: Request, clients: int, seconds: float, limit: int
) -> LoadResult:
    latencies: list[float] = []
    errors = 0
    counter = 0
    deadline = time.perf_counter() + seconds

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors, counter
        while time.perf_counter() < deadline and counter < limit:
            counter += 1
            started = time.perf_counter()
            response = await request(http, counter)
            latencies.append(time.perf_counter() - started)
            if response.status_code >= 400:
                errors += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as http:
        began = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.perf_counter() - began
    return LoadResult(len(latencies), errors, elapsed, latencies)


def run_load(
    base_url: str, request: Request, clients: int, seconds: float, limit: int = 10**9
) -> LoadResult:
    return asyncio.run(_run(base_url, request, clients, seconds, limit))
