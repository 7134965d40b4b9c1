"""All of a sheet's changes held in memory, then recorded in one transaction or not at all.

Every row's command runs on a copy of its stream (loaded through the Incubator, so the same
rules as the API apply to the same state); new streams (networks, programmes, projects) wait
beside them. `record` appends every stream's events in one `Incubator.save`, one transaction,
together with the rows' keys. People live outside the event log (store/people.py): they are
registered first, under ids derived from their rows' keys, so that a run interrupted after
them finds them again instead of registering anyone twice.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from sqlalchemy import Connection

from app.commands import Command
from app.incubator import Incubator
from domain.errors import AlreadyRecorded, Conflict
from domain.network import LocalNetwork
from domain.programme import Programme
from domain.values import PersonRole
from store.recorder import also_in_transaction


@dataclass(frozen=True)
class NewPerson:
    id: UUID
    display_name: str
    role: PersonRole


class Batch:
    def __init__(self, incubator: Incubator, actor: str, now: datetime) -> None:
        self.incubator = incubator
        self.actor = actor
        self.now = now
        self._streams: dict[UUID, Aggregate] = {}
        self._people: dict[UUID, NewPerson] = {}

    @property
    def today(self) -> date:
        return self.now.date()

    def stream(self, cls: type[Aggregate], stream_id: UUID) -> Aggregate:
        """The stream as this batch changed it so far (a copy: the cache stays untouched)."""
        if stream_id not in self._streams:
            self._streams[stream_id] = self.incubator.writer.read(cls, stream_id, copy.deepcopy)
        found = self._streams[stream_id]
        if not isinstance(found, cls):
            self.incubator.load(cls, stream_id)  # raises the kind's NotFound
        return found

    def add(self, aggregate: Aggregate) -> None:
        if aggregate.id in self._streams:
            raise AlreadyRecorded(f"{aggregate.id} is already introduced by this sheet")
        self._streams[aggregate.id] = aggregate

    def require_person(self, person_id: UUID) -> None:
        if person_id not in self._people:
            self.incubator.people.require(person_id)

    def add_person(self, person: NewPerson) -> None:
        self._people[person.id] = person

    def run(self, cls: type[Aggregate], stream_id: UUID, command: Command) -> None:
        """The command on the stream, as `Incubator.execute` runs it, without saving."""
        for person_id in command.people():
            self.require_person(person_id)
        command.apply(self.stream(cls, stream_id), self.actor, self.now)

    def network(self, network_id: UUID) -> LocalNetwork:
        found = self.stream(LocalNetwork, network_id)
        assert isinstance(found, LocalNetwork)
        return found

    def programme_window(self, programme_id: UUID) -> tuple[date, date]:
        found = self.stream(Programme, programme_id)
        assert isinstance(found, Programme)
        return found.window()

    def record(self, write_keys: Callable[[Connection], None]) -> int | None:
        """Registers the new people, then appends every stream's events and the keys in one
        transaction; the last event's position (None when no event was made)."""
        try:
            for person in self._people.values():
                self._register(person)
            written: list[bool] = []

            def write(connection: Connection) -> None:
                write_keys(connection)
                written.append(True)

            with also_in_transaction(write):
                recordings = self.incubator.save(*self._streams.values())
            engine = self.incubator.engine
            if not written and engine is not None:  # no event (people only): keys alone
                with engine.begin() as connection:
                    write_keys(connection)
        except IntegrityError:
            raise Conflict(
                "another writer changed these records meanwhile, so nothing was recorded: "
                "run the import again"
            ) from None
        finally:
            self.forget()
        return recordings[-1].notification.id if recordings else None

    def _register(self, person: NewPerson) -> None:
        # AlreadyRecorded: registered by an earlier run that stopped before its events.
        with contextlib.suppress(AlreadyRecorded):
            self.incubator.register_person(
                display_name=person.display_name, role=person.role, person_id=person.id
            )

    def forget(self) -> None:
        """Drops the copies, and whatever the cache holds of the streams now saved."""
        for stream_id in self._streams:
            self.incubator.evict(stream_id)
        self._streams.clear()
