"""The catch-up runner: applies new events to every projection, many per transaction.

Exactly once: each batch runs in ONE transaction that locks the projections' rows in
`projection_positions` (SELECT ... FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite), applies
the events after each projection's position and moves the positions. A crash anywhere rolls the
whole batch back; two runners (say, two API workers) never apply the same event twice, because
the second waits for the first's lock and then starts after the position it left.

The runner polls (`poll_interval`) and is woken early by writes made in its own process
(`notify`). On PostgreSQL it also LISTENs on the channel the recorder NOTIFYs on every append,
so writes by other processes wake it at once. SQLite has no notifications: polling only.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Mapper
from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from domain.project import MicroProject
from projections.base import History, Projection, positions_table
from store.database import is_sqlite, scrub, write_transaction
from store.recorder import EVENTS_TABLE, SNAPSHOTS_TABLE

log = logging.getLogger("seedbed.projections")

Progress = Callable[[int, int], None]


class ProjectionRunner:
    def __init__(
        self,
        engine: Engine,
        recorder: ApplicationRecorder,
        mapper: Mapper[Any],
        projections: Sequence[Projection],
        batch_size: int = 500,
        poll_interval: float = 0.25,
        batch_window: float = 0.05,
    ) -> None:
        self.engine = engine
        self.recorder = recorder
        self.mapper = mapper
        self.projections = list(projections)
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.batch_window = batch_window
        self._wake = threading.Event()
        self._urgent = threading.Event()
        self._stop = threading.Event()
        self._progress = threading.Condition()
        self._thread: threading.Thread | None = None
        self._listener: threading.Thread | None = None
        self.last_error: BaseException | None = None
        self.history = stream_history(recorder, mapper)

    # ------------------------------------------------------------------ positions
    def ensure_positions(self) -> None:
        for projection in self.projections:
            try:
                with write_transaction(self.engine) as connection:
                    exists = connection.execute(
                        select(positions_table.c.name).where(
                            positions_table.c.name == projection.name
                        )
                    ).first()
                    if exists is None:
                        connection.execute(
                            insert(positions_table).values(
                                name=projection.name, position=0, updated_at=datetime.now(UTC)
                            )
                        )
            except IntegrityError:
                pass  # another runner created it first

    def positions(self) -> dict[str, int]:
        names = [p.name for p in self.projections]
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(positions_table.c.name, positions_table.c.position).where(
                    positions_table.c.name.in_(names)
                )
            )
            found = {r.name: int(r.position) for r in rows}
        return {name: found.get(name, 0) for name in names}

    def stamps(self) -> tuple[tuple[str, int, str], ...]:
        """(name, position, updated_at) of each read model: changes whenever their rows may."""
        names = [p.name for p in self.projections]
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(positions_table).where(positions_table.c.name.in_(names))
            )
            return tuple(sorted((r.name, int(r.position), str(r.updated_at)) for r in rows))

    def min_position(self) -> int:
        return min(self.positions().values(), default=0)

    def head(self) -> int:
        return self.recorder.max_notification_id() or 0

    # ------------------------------------------------------------------ catching up
    def catch_up(self, progress: Progress | None = None) -> int:
        """Applies every event recorded so far; returns how many it read."""
        self.ensure_positions()
        total = 0
        head = self.head()
        while True:
            done = self.run_batch()
            total += done
            if progress is not None:
                progress(min(self.min_position(), head), head)
            if done == 0:
                return total

    def run_batch(self) -> int:
        with locked_positions(self.engine, [p.name for p in self.projections]) as (
            connection,
            positions,
        ):
            start = min(positions.values())
            notifications = self.recorder.select_notifications(
                start=start + 1, limit=self.batch_size
            )
            if not notifications:
                return 0
            events = [(n.id, self.mapper.to_domain_event(n)) for n in notifications]
            for projection in self.projections:
                after = positions[projection.name]
                projection.apply_batch(
                    connection, [e for position, e in events if position > after], self.history
                )
            last = notifications[-1].id
            # Only the read models behind move: one added later (at 0) catches up without
            # moving the others back to where it is, which would apply their events twice.
            connection.execute(
                update(positions_table)
                .where(
                    positions_table.c.name.in_(list(positions)),
                    positions_table.c.position < last,
                )
                .values(position=last, updated_at=datetime.now(UTC))
            )
        if any(isinstance(e, MicroProject.FieldRedacted) for _position, e in events):
            # The rows re-derived without the redacted text: drop the database's old copies.
            scrub(self.engine, self.text_tables())
        with self._progress:
            self._progress.notify_all()
        return len(notifications)

    def text_tables(self) -> list[str]:
        """Every table that may hold free text: the event store's and the read models'."""
        return [
            EVENTS_TABLE,
            SNAPSHOTS_TABLE,
            *(t.name for p in self.projections for t in p.tables),
        ]

    # ------------------------------------------------------------------ background thread
    def notify(self, _events: int = 0) -> None:
        """Called after local writes: start the next batch now rather than at the next poll."""
        self._wake.set()

    def hurry(self) -> None:
        """A reader waits for its own write (X-Min-Position): start the next batch now, without
        waiting for more writes to join it."""
        self._urgent.set()
        self._wake.set()

    def start(self) -> None:
        """Starts projecting in a thread; a database that is down at start is retried there."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="projection-runner", daemon=True)
        self._thread.start()
        self._start_listener()

    def _start_listener(self) -> None:
        if is_sqlite(self.engine) or self._listener is not None:
            return
        self._listener = threading.Thread(
            target=self._listen, name="projection-listener", daemon=True
        )
        self._listener.start()

    def _listen(self) -> None:
        """Wakes the loop on each NOTIFY from the recorder; reconnects after outages."""
        channel = getattr(self.recorder, "channel_name", "seedbed_events")
        while not self._stop.is_set():
            try:
                with self.engine.connect() as connection:
                    connection.execution_options(isolation_level="AUTOCOMMIT")
                    raw: Any = connection.connection.driver_connection
                    raw.execute(f"LISTEN {channel}")
                    while not self._stop.is_set():
                        for _ in raw.notifies(timeout=0.5, stop_after=1):
                            self._wake.set()
            except Exception as error:  # keep listening through database restarts
                log.warning("listener lost its connection: %s", error.__class__.__name__)
                self._stop.wait(1.0)

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        for thread in (self._thread, self._listener):
            if thread is not None:
                thread.join(timeout)
        self._thread = self._listener = None

    def run_forever(self) -> None:
        """The `seedbed projector` loop, in the calling thread, until `stop()`."""
        self.ensure_positions()
        self._start_listener()
        self._loop()

    def _loop(self) -> None:
        backoff = self.poll_interval
        ensured = False
        while not self._stop.is_set():
            try:
                if not ensured:
                    self.ensure_positions()
                    ensured = True
                while self.run_batch() and not self._stop.is_set():
                    pass
                self.last_error = None
                backoff = self.poll_interval
            except Exception as error:  # the loop must survive database outages
                self.last_error = error
                log.warning("projection batch failed, retrying: %s", error.__class__.__name__)
                backoff = min(backoff * 2, 5.0)
            woken = self._wake.wait(backoff)
            if woken and self.batch_window and not self._urgent.is_set():
                # A write woke us: let the writes of the next moment join the same batch,
                # unless a reader is waiting for its own write (X-Min-Position).
                self._urgent.wait(self.batch_window)
            self._wake.clear()
            self._urgent.clear()

    def wait_for(self, position: int, timeout: float) -> bool:
        """Blocks until every projection has processed `position`, or `timeout` passes."""
        deadline = time.monotonic() + timeout
        while True:
            if self.min_position() >= position:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.hurry()
            with self._progress:
                self._progress.wait(min(remaining, 0.02))


def stream_history(recorder: ApplicationRecorder, mapper: Mapper[Any]) -> History:
    """Reads a stream's events up to a version, as stored now (for re-deriving after a
    redaction rewrote some of their text)."""

    def read(stream_id: Any, upto_version: int) -> list[Any]:
        stored = recorder.select_events(stream_id, lte=upto_version)
        return [mapper.to_domain_event(event) for event in stored]

    return read


@contextmanager
def locked_positions(
    engine: Engine, names: list[str]
) -> Iterator[tuple[Connection, dict[str, int]]]:
    """A write transaction holding the named projections' position rows (SELECT ... FOR UPDATE
    on PostgreSQL; on SQLite the write lock `write_transaction` takes up front):
    yields (connection, positions)."""
    with write_transaction(engine) as connection:
        query = select(positions_table.c.name, positions_table.c.position).where(
            positions_table.c.name.in_(names)
        )
        if not is_sqlite(engine):
            query = query.with_for_update()
        found = {r.name: int(r.position) for r in connection.execute(query)}
        missing = set(names) - set(found)
        if missing:
            raise RuntimeError(f"projection positions missing for {sorted(missing)}")
        yield connection, found
