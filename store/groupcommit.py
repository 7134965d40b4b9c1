"""Group commit: one writer thread commits many requests' appends in one transaction.

SQLite commits one transaction at a time, and each commit is an fsync; so is each PostgreSQL
commit. Committing each request alone caps writes at one fsync each, and under load each
append also waits for the GIL between its statements while other request threads run. Here a
request thread prepares its append (the stored events, the receipt, a redaction) and hands it
to `GroupCommitter.submit`, which blocks until the append is committed or has failed. The one
writer thread takes the first waiting append and every other one queued behind it (up to
`max_group`), and runs them in ONE transaction:

- each append runs inside its own SAVEPOINT: one that fails (a version already taken, a
  receipt key already used) is rolled back alone and its submitter gets the error; the others
  go on;
- a group holds at most one append per stream: a second append's version and chain link
  depend on the first, so it waits for the next group;
- `begin_group` runs first (on PostgreSQL: the one table lock that keeps notification
  positions committing in order across processes), `end_group` last (NOTIFY);
- nothing is acknowledged before the commit: results are handed back only once the
  transaction committed; if the commit fails, every append of the group fails with it.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy import Connection, Engine

from store.database import write_transaction

log = logging.getLogger("seedbed.groupcommit")

I = TypeVar("I")  # noqa: E741 - an item to append
R = TypeVar("R")  # its result


@dataclass
class _Waiting(Generic[I, R]):
    item: I
    streams: frozenset[Hashable]
    done: Future[R] = field(default_factory=Future)


class GroupCommitter(Generic[I, R]):
    """`append(connection, item)` writes one item inside the group's transaction and returns
    its result; `streams(item)` names the streams it appends to; `translate` turns a database
    error into the one the submitter should see; `lock` (SQLite's in-process write lock) is
    held around each group; `after_commit` runs after each commit, before any reply (tests
    kill the process there)."""

    def __init__(
        self,
        engine: Engine,
        append: Callable[[Connection, I], R],
        streams: Callable[[I], Iterable[Hashable]],
        *,
        begin_group: Callable[[Connection], None] | None = None,
        end_group: Callable[[Connection], None] | None = None,
        translate: Callable[[BaseException], BaseException] = lambda e: e,
        lock: AbstractContextManager[object] | None = None,
        max_group: int = 128,
        after_commit: Callable[[int], None] | None = None,
    ) -> None:
        self._engine = engine
        self._append = append
        self._streams = streams
        self._begin_group = begin_group
        self._end_group = end_group
        self._translate = translate
        self._lock: AbstractContextManager[object] = lock or nullcontext()
        self._max_group = max_group
        self._after_commit = after_commit
        self._queue: queue.SimpleQueue[_Waiting[I, R] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._started = threading.Lock()
        self._closed = False
        self.groups = 0  # committed so far (for tests and metrics)
        self.appends = 0

    def submit(self, item: I) -> R:
        """Blocks until `item` is committed (its result) or failed (raises its error)."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("the group writer cannot wait for itself")
        if self._closed:
            raise RuntimeError("the group writer is closed")
        self._ensure_thread()
        waiting: _Waiting[I, R] = _Waiting(item, frozenset(self._streams(item)))
        self._queue.put(waiting)
        return waiting.done.result()

    def close(self, timeout: float = 10) -> None:
        """Stops the writer once the appends already queued are done."""
        self._closed = True
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    def _ensure_thread(self) -> None:
        if self._thread is not None:
            return
        with self._started:
            if self._thread is None:
                thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
                thread.start()
                self._thread = thread

    # ------------------------------------------------------------------ the writer thread
    def _run(self) -> None:
        carried: deque[_Waiting[I, R]] = deque()
        stopping = False
        while not (stopping and not carried):
            group: list[_Waiting[I, R]] = []
            streams: set[Hashable] = set()
            later: deque[_Waiting[I, R]] = deque()
            if not carried:
                first = self._queue.get()
                if first is None:
                    return
                carried.append(first)
            while carried or len(group) < self._max_group:
                if carried:
                    waiting = carried.popleft()
                else:
                    try:
                        next_one = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if next_one is None:
                        stopping = True
                        break
                    waiting = next_one
                if len(group) >= self._max_group or waiting.streams & streams:
                    later.append(waiting)  # the next group takes it (its stream is in this one)
                    continue
                group.append(waiting)
                streams |= waiting.streams
            carried = later
            if group:
                self._commit(group)

    def _commit(self, group: list[_Waiting[I, R]]) -> None:
        succeeded: list[tuple[_Waiting[I, R], R]] = []
        try:
            with self._lock, write_transaction(self._engine) as connection:
                if self._begin_group is not None:
                    self._begin_group(connection)
                if len(group) == 1:  # alone, it fails alone without a savepoint
                    succeeded.append((group[0], self._append(connection, group[0].item)))
                else:
                    for waiting in group:
                        savepoint = connection.begin_nested()
                        try:
                            result = self._append(connection, waiting.item)
                        except Exception as error:
                            savepoint.rollback()
                            waiting.done.set_exception(self._translate(error))
                            continue
                        savepoint.commit()
                        succeeded.append((waiting, result))
                if succeeded and self._end_group is not None:
                    self._end_group(connection)
        except BaseException as error:  # the commit (or the lock) failed: the whole group did
            failed = self._translate(error)
            for waiting in group:
                if not waiting.done.done():
                    waiting.done.set_exception(failed)
            if not isinstance(error, Exception):
                raise
            return
        self.groups += 1
        self.appends += len(succeeded)
        if self._after_commit is not None:
            self._after_commit(self.groups)
        for waiting, result in succeeded:
            waiting.done.set_result(result)
