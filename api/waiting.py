"""Read-your-writes without a thread per reader: reads that send `X-Min-Position` wait on the
event loop, and one poller per process reads the projections' position for all of them.

A waiting read holds no worker thread (60 waiters each holding one pushed `/health` from 3 ms
to 4 s): it awaits an `asyncio.Event` that the poller sets whenever the position moves. The
poller runs only while someone waits, reads the position in a worker thread for a moment each
tick (one query per tick however many wait), and asks the projector to hurry. At most
`capacity` reads wait at once; the next one is refused at once (503 with Retry-After), so that
waiting readers cannot pile up without bound.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from anyio import to_thread


class TooManyWaiters(Exception):
    """Every waiting place is taken."""


class PositionWaiters:
    def __init__(
        self,
        position: Callable[[], int],
        hurry: Callable[[], None],
        capacity: int,
        interval: float = 0.02,
    ) -> None:
        self._position = position  # blocking: the projections' lowest position
        self._hurry = hurry  # wakes the projector without its batch window
        self.capacity = capacity
        self.interval = interval
        self.waiting = 0
        self._known = 0
        self._moved: asyncio.Event | None = None
        self._poller: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def reached(self, position: int) -> bool:
        """Whether the projections have processed `position` now (one look, in a thread)."""
        self._known = max(self._known, await to_thread.run_sync(self._position))
        return self._known >= position

    async def wait_for(self, position: int, timeout: float) -> bool:
        """Waits until the projections have processed `position` (True), or `timeout` passes
        (False). Raises TooManyWaiters when `capacity` reads wait already."""
        if await self.reached(position):
            return True
        if self.waiting >= self.capacity:
            raise TooManyWaiters
        self.waiting += 1
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while self._known < position:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return False
                moved = self._start(loop)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(moved.wait(), remaining)
            return True
        finally:
            self.waiting -= 1

    def _start(self, loop: asyncio.AbstractEventLoop) -> asyncio.Event:
        if self._loop is not loop:  # a new event loop (tests): forget the old one's objects
            self._loop, self._moved, self._poller = loop, None, None
        if self._moved is None:
            self._moved = asyncio.Event()
        if self._poller is None or self._poller.done():
            self._poller = loop.create_task(self._poll())
        return self._moved

    async def _poll(self) -> None:
        while self.waiting:
            self._hurry()
            try:
                known = await to_thread.run_sync(self._position)
            except Exception:  # a database hiccup: the waiters time out or the next tick reads
                known = self._known
            if known > self._known:
                self._known = known
                moved, self._moved = self._moved, asyncio.Event()
                if moved is not None:
                    moved.set()
            await asyncio.sleep(self.interval)
