"""The erasable store of personal data, kept outside the event log.

Events name people by id only. Names and contact details live here; erasing a person blanks
them and keeps the row (with the erasure's date and reason), so histories still replay and
show the person as erased.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import Column, DateTime, Engine, String, Table, Text, Uuid, select, update
from sqlalchemy.exc import IntegrityError

from domain.errors import AlreadyRecorded, InvalidTransition, PersonNotFound
from domain.values import PersonRole
from store.database import metadata
from store.receipts import write_pending_receipt

people_table = Table(
    "people",
    metadata,
    Column("id", Uuid(), primary_key=True),
    Column("role", String(32), nullable=False),
    Column("display_name", Text(), nullable=True),
    Column("contact", Text(), nullable=True),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True), nullable=True),
    Column("erasure_reason", Text(), nullable=True),
)

ERASED = "erased"


@dataclass(frozen=True)
class Person:
    id: UUID
    role: PersonRole
    display_name: str | None
    contact: str | None
    registered_at: datetime
    erased_at: datetime | None = None
    erasure_reason: str | None = None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def shown_name(self) -> str:
        """The name to show to roles that may see personal data: the name, or "erased"."""
        return ERASED if self.display_name is None else self.display_name

    @property
    def sort_key(self) -> tuple[str, UUID]:
        return (folded(self.display_name or ""), self.id)


def folded(text: str) -> str:
    """Text as a search compares it: Unicode-normalised (NFKC) and case-folded, so "STRAẞE"
    finds "Straße" and a composed "é" finds a decomposed one."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True)
class PeopleQuery:
    """Which people a search wants: among `ids` (None: anyone) or of a role in `also_roles`,
    of a role in `roles` (None: any), whose name contains `text`; after the sort key `after`
    (a page's last), at most `limit`. Erased people have no name and are never found."""

    ids: frozenset[UUID] | None = None
    also_roles: frozenset[PersonRole] = frozenset()
    roles: frozenset[PersonRole] | None = None
    text: str = ""
    after: tuple[str, UUID] | None = None
    limit: int = 50

    def wants(self, person: Person) -> bool:
        if person.display_name is None:
            return False
        if self.roles is not None and person.role not in self.roles:
            return False
        scoped = self.ids is None or person.id in self.ids or person.role in self.also_roles
        if not scoped:
            return False
        if self.after is not None and person.sort_key <= self.after:
            return False
        return folded(self.text.strip()) in folded(person.display_name)


def matching(people: Iterable[Person], query: PeopleQuery) -> list[Person]:
    return sorted((p for p in people if query.wants(p)), key=lambda p: p.sort_key)[: query.limit]


class PeopleDirectory(Protocol):
    def add(self, person: Person) -> None: ...

    def get(self, person_id: UUID) -> Person:
        """The person; raises PersonNotFound."""
        ...

    def erase(self, person_id: UUID, reason: str, now: datetime) -> Person: ...

    def search(self, query: PeopleQuery) -> list[Person]:
        """The people the query wants, by folded name then id."""
        ...

    def require(self, person_id: UUID) -> None:
        """Raises PersonNotFound unless the person is registered (erased people count)."""
        ...


class InMemoryPeopleDirectory:
    """The directory for the in-memory (popo) application used in tests."""

    def __init__(self) -> None:
        self._people: dict[UUID, Person] = {}
        self._lock = threading.Lock()

    def add(self, person: Person) -> None:
        with self._lock:
            self._people[person.id] = person

    def require(self, person_id: UUID) -> None:
        self.get(person_id)

    def get(self, person_id: UUID) -> Person:
        try:
            return self._people[person_id]
        except KeyError:
            raise PersonNotFound(person_id) from None

    def search(self, query: PeopleQuery) -> list[Person]:
        with self._lock:
            people = list(self._people.values())
        return matching(people, query)

    def erase(self, person_id: UUID, reason: str, now: datetime) -> Person:
        with self._lock:
            person = self.get(person_id)
            if person.is_erased:
                raise InvalidTransition(f"person {person_id} is already erased")
            erased = replace(
                person, display_name=None, contact=None, erased_at=now, erasure_reason=reason
            )
            self._people[person_id] = erased
            return erased


class SqlPeopleDirectory:
    """The directory in the same database as the event store, in its own table."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # People are never deleted (erasure keeps the row), so "exists" never turns false:
        # remembered ids need no query.
        self._known: set[UUID] = set()

    def require(self, person_id: UUID) -> None:
        if person_id not in self._known:
            self.get(person_id)
            if len(self._known) < 100_000:
                self._known.add(person_id)

    def add(self, person: Person) -> None:
        try:
            self._insert(person)
        except IntegrityError:
            raise AlreadyRecorded(
                f"person {person.id} already exists, or this request was already recorded"
            ) from None

    def _insert(self, person: Person) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                people_table.insert().values(
                    id=person.id,
                    role=person.role.value,
                    display_name=person.display_name,
                    contact=person.contact,
                    registered_at=person.registered_at,
                )
            )
            write_pending_receipt(connection, person.id, None, None, created=True)

    def get(self, person_id: UUID) -> Person:
        with self._engine.connect() as connection:
            row = connection.execute(
                select(people_table).where(people_table.c.id == person_id)
            ).one_or_none()
        if row is None:
            raise PersonNotFound(person_id)
        return _person(row)

    def search(self, query: PeopleQuery) -> list[Person]:
        """Narrowed in SQL by role and erasure; the name is matched here, because neither
        SQLite nor PostgreSQL's LIKE folds Unicode case and normalisation the same way."""
        statement = select(people_table).where(people_table.c.erased_at.is_(None))
        if query.roles is not None:
            statement = statement.where(
                people_table.c.role.in_(sorted(r.value for r in query.roles))
            )
        with self._engine.connect() as connection:
            rows = connection.execute(statement).all()
        return matching((_person(row) for row in rows), query)

    def erase(self, person_id: UUID, reason: str, now: datetime) -> Person:
        with self._engine.begin() as connection:
            result = connection.execute(
                update(people_table)
                .where(people_table.c.id == person_id, people_table.c.erased_at.is_(None))
                .values(display_name=None, contact=None, erased_at=now, erasure_reason=reason)
            )
            if result.rowcount:
                write_pending_receipt(connection, person_id, None, None, created=False)
        if result.rowcount == 0:
            person = self.get(person_id)  # raises PersonNotFound for an unknown id
            raise InvalidTransition(f"person {person.id} is already erased")
        return self.get(person_id)


def _person(row: Any) -> Person:
    return Person(
        id=row.id,
        role=PersonRole(row.role),
        display_name=row.display_name,
        contact=row.contact,
        registered_at=_aware(row.registered_at),
        erased_at=None if row.erased_at is None else _aware(row.erased_at),
        erasure_reason=row.erasure_reason,
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
