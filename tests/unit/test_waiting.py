"""PositionWaiters (api/waiting.py): waiting reads share one poller, wake when the position
moves, time out, and are capped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from api.waiting import PositionWaiters, TooManyWaiters

T = TypeVar("T")


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Runs a coroutine on a new event loop in a thread of its own: asyncio.run refuses to
    start in a thread whose loop is running (Playwright's sync API keeps one running in the
    main thread once the browser tests have started it)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


class Projections:
    def __init__(self) -> None:
        self.position = 0
        self.reads = 0
        self.hurried = 0

    def read(self) -> int:
        self.reads += 1
        return self.position

    def hurry(self) -> None:
        self.hurried += 1


def test_a_position_already_reached_answers_at_once_without_a_waiting_place() -> None:
    projections = Projections()
    projections.position = 5
    waiters = PositionWaiters(projections.read, projections.hurry, capacity=1)
    assert run_async(lambda: waiters.wait_for(5, timeout=1)) is True
    assert waiters.waiting == 0


def test_waiters_wake_when_the_position_moves_and_share_one_poller() -> None:
    projections = Projections()
    waiters = PositionWaiters(projections.read, projections.hurry, capacity=50, interval=0.01)

    async def scenario() -> list[bool]:
        tasks = [asyncio.create_task(waiters.wait_for(3, timeout=5)) for _ in range(50)]
        await asyncio.sleep(0.1)
        assert waiters.waiting == 50
        before = projections.reads
        await asyncio.sleep(0.1)
        assert projections.reads - before <= 15  # one read per tick, not one per waiter
        projections.position = 3
        return await asyncio.gather(*tasks)

    assert run_async(scenario) == [True] * 50
    assert waiters.waiting == 0
    assert projections.hurried > 0


def test_a_waiter_times_out_with_false() -> None:
    projections = Projections()
    waiters = PositionWaiters(projections.read, projections.hurry, capacity=1, interval=0.01)
    assert run_async(lambda: waiters.wait_for(1, timeout=0.1)) is False
    assert waiters.waiting == 0


def test_one_waiter_beyond_the_capacity_is_refused_at_once() -> None:
    projections = Projections()
    waiters = PositionWaiters(projections.read, projections.hurry, capacity=2, interval=0.01)

    async def scenario() -> None:
        held = [asyncio.create_task(waiters.wait_for(1, timeout=1)) for _ in range(2)]
        await asyncio.sleep(0.05)
        with pytest.raises(TooManyWaiters):
            await waiters.wait_for(1, timeout=1)
        projections.position = 1
        assert await asyncio.gather(*held) == [True, True]

    run_async(scenario)
