"""The one write policy for changes to existing streams (projects and networks alike).

Within a process, writers to one stream queue on a lock (one of `LOCK_STRIPES`), so only
writers in other processes can race for a version. A command that loses such a race runs again
on the fresh state, after a jittered back-off (at most `retries` attempts); with an expected
version (HTTP If-Match) the loser gets a `VersionConflict` naming the current version instead.
Any failure evicts the stream's cached aggregate, which may hold an unsaved change.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Protocol, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.errors import VersionConflict
from store.receipts import CommandResult

LOCK_STRIPES = 256
A = TypeVar("A", bound=Aggregate)
T = TypeVar("T")


class Streams(Protocol):
    """What the policy needs from the application: load, save and forget a stream."""

    def load(self, cls: type[A], stream_id: UUID) -> A: ...

    def store(self, aggregate: Aggregate) -> CommandResult: ...

    def evict(self, stream_id: UUID) -> None: ...


class StreamWriter:
    def __init__(self, streams: Streams, retries: int) -> None:
        self._streams = streams
        self._retries = retries
        self._locks = [threading.Lock() for _ in range(LOCK_STRIPES)]

    def lock(self, stream_id: UUID) -> threading.Lock:
        return self._locks[hash(stream_id) % LOCK_STRIPES]

    def read(self, cls: type[A], stream_id: UUID, query: Callable[[A], T]) -> T:
        """A query over the cached aggregate, under its lock (the cache is shared, uncopied)."""
        with self.lock(stream_id):
            return query(self._streams.load(cls, stream_id))

    def change(
        self,
        cls: type[A],
        stream_id: UUID,
        command: Callable[[A], None],
        expected_version: int | None = None,
        check: Callable[[A], None] | None = None,
    ) -> CommandResult:
        """Runs `command` on the stream's current state and saves it. `check` (a permission
        check) sees the loaded state first, so that the check and the command share one read;
        it raises to refuse, before the expected version is compared."""
        with self.lock(stream_id):
            try:
                return self._attempts(cls, stream_id, command, expected_version, check)
            except BaseException:
                self._streams.evict(stream_id)
                raise

    def _attempts(
        self,
        cls: type[A],
        stream_id: UUID,
        command: Callable[[A], None],
        expected_version: int | None,
        check: Callable[[A], None] | None,
    ) -> CommandResult:
        for attempt in range(self._retries):
            if attempt:
                # Jittered exponential back-off (up to 50 ms), so that racing writers stop
                # colliding in lock step and a writer in another process cannot starve us.
                time.sleep(random.uniform(0, min(0.05, 0.001 * 2**attempt)))
            aggregate = self._streams.load(cls, stream_id)
            if check is not None:
                check(aggregate)
            if expected_version is not None and aggregate.version != expected_version:
                raise VersionConflict(expected_version, aggregate.version)
            command(aggregate)
            try:
                return self._streams.store(aggregate)
            except IntegrityError:
                self._streams.evict(stream_id)
                if expected_version is not None:
                    current = self._streams.load(cls, stream_id).version
                    raise VersionConflict(expected_version, current) from None
        raise VersionConflict(None, self._streams.load(cls, stream_id).version)
