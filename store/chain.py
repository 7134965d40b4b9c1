"""Tamper evidence: a hash chain per event stream.

Each stored event's hash covers its stream id, version, topic and stored bytes (free-text values
as their salted commitments, so that they can be redacted: store/freetext.py), and the hash of
the stream's previous event (version 1 chains to GENESIS). The recorder writes the hashes in the
same transaction as the events (`store/recorder.py`); `verify` recomputes a chain from the
stored events and names the first broken link. Names and contacts are not in events, so erasing
a person changes no hash; redacting a free-text value changes none either.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    PrimaryKeyConstraint,
    Select,
    String,
    Table,
    Text,
    func,
    select,
)
from sqlalchemy_utils.types.uuid import UUIDType

from store.database import metadata
from store.freetext import committed_form

GENESIS = "0" * 64

hashes_table = Table(
    "seedbed_event_hashes",
    metadata,
    Column("originator_id", UUIDType(), nullable=False),
    Column("originator_version", Integer(), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    PrimaryKeyConstraint("originator_id", "originator_version"),
)


# Each stream's chain head before the one sanctioned rewrite (free text made erasable) and
# after it (store/reanchor.py); bundles exported before verify against the old heads.
anchors_table = Table(
    "seedbed_chain_anchors",
    metadata,
    Column("originator_id", UUIDType(), primary_key=True),
    Column("old_head", String(64), nullable=False),
    Column("new_head", String(64), nullable=False),
    Column("events", Integer(), nullable=False),
    Column("reanchored_at", DateTime(timezone=True), nullable=False),
)

# Facts about the store itself: "free_text" is "legacy" while events stored as plain text
# remain, else "committed".
meta_table = Table(
    "seedbed_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text(), nullable=False),
)


@dataclass(frozen=True)
class Anchor:
    old_head: str
    new_head: str
    events: int
    reanchored_at: datetime


def link_hash(prev_hash: str, originator_id: UUID, version: int, topic: str, state: bytes) -> str:
    """The hash of one link: the previous hash, the stream, the version, the topic and the
    event's committed form (its stored bytes with every free-text value replaced by a salted
    commitment, store/freetext.py; an event without free text is its own committed form)."""
    digest = hashlib.sha256()
    digest.update(f"{prev_hash}\n{originator_id}\n{version}\n{topic}\n".encode())
    digest.update(committed_form(state))
    return digest.hexdigest()


@dataclass(frozen=True)
class StoredLink:
    """An event as stored, with the hash stored beside it (None when the hash row is missing)."""

    originator_id: UUID
    version: int
    topic: str
    state: bytes
    stored_hash: str | None
    stored_prev: str | None


@dataclass(frozen=True)
class ChainReport:
    stream_id: UUID
    intact: bool
    events: int
    head: str
    broken_at: int | None = None
    reason: str | None = None


def verify_links(
    stream_id: UUID, links: Iterable[StoredLink], hashed_versions: int | None = None
) -> ChainReport:
    """Recomputes one stream's chain; the report names the first broken link. With
    `hashed_versions` (the newest version the hash table knows) a stream whose newest events
    were deleted is caught too."""
    prev, count = GENESIS, 0
    for link in links:
        count += 1
        if link.version != count:
            return ChainReport(stream_id, False, count - 1, prev, count, "a version is missing")
        expected = link_hash(prev, link.originator_id, link.version, link.topic, link.state)
        if link.stored_hash is None:
            return ChainReport(stream_id, False, count - 1, prev, link.version, "no stored hash")
        if link.stored_prev != prev:
            return ChainReport(
                stream_id,
                False,
                count - 1,
                prev,
                link.version,
                "the link to the previous event differs",
            )
        if link.stored_hash != expected:
            return ChainReport(
                stream_id, False, count - 1, prev, link.version, "the event's content was changed"
            )
        prev = expected
    if hashed_versions is not None and hashed_versions > count:
        return ChainReport(
            stream_id, False, count, prev, count + 1, "the stream's newest events are missing"
        )
    return ChainReport(stream_id, True, count, prev)


class ChainStore:
    """Reads stored events with their hashes, for verification and export."""

    def __init__(self, engine: Engine, events: Table) -> None:
        self.engine = engine
        self.events = events

    def in_order(
        self, connection: Connection, streams: Collection[UUID] | None, batch: int = 2000
    ) -> Iterator[tuple[int, StoredLink]]:
        """(position, link) in global order, read as it goes, `batch` rows at a time (constant
        memory)."""
        e, h = self.events.c, hashes_table.c
        query = (
            select(
                e.originator_id, e.originator_version, e.topic, e.state, e.id, h.hash, h.prev_hash
            )
            .select_from(
                self.events.outerjoin(
                    hashes_table,
                    (h.originator_id == e.originator_id)
                    & (h.originator_version == e.originator_version),
                )
            )
            .order_by(e.id)
        )
        if streams is not None:
            query = query.where(e.originator_id.in_(list(streams)))
        yield from self._links(connection, query, batch)

    def heads(
        self, connection: Connection, streams: Collection[UUID] | None
    ) -> dict[UUID, tuple[int, str, str]]:
        """Per stream: its newest version, that version's stored hash, its first topic."""
        e, h = self.events.c, hashes_table.c
        newest = select(e.originator_id, func.max(e.originator_version).label("version"))
        first = select(e.originator_id, e.topic).where(e.originator_version == 1)
        if streams is not None:
            newest = newest.where(e.originator_id.in_(list(streams)))
            first = first.where(e.originator_id.in_(list(streams)))
        latest = newest.group_by(e.originator_id).subquery()
        heads = connection.execute(
            select(latest.c.originator_id, latest.c.version, h.hash).select_from(
                latest.outerjoin(
                    hashes_table,
                    (h.originator_id == latest.c.originator_id)
                    & (h.originator_version == latest.c.version),
                )
            )
        ).all()
        topics = {row[0]: str(row[1]) for row in connection.execute(first)}
        return {s: (int(v), str(head or ""), topics.get(s, "")) for s, v, head in heads}

    def topics(self, connection: Connection, streams: Collection[UUID] | None) -> list[str]:
        e = self.events.c
        query = select(e.topic).distinct()
        if streams is not None:
            query = query.where(e.originator_id.in_(list(streams)))
        return sorted(str(row[0]) for row in connection.execute(query))

    def _query(self, stream_id: UUID | None) -> Select[Any]:
        e, h = self.events.c, hashes_table.c
        query = (
            select(
                e.originator_id, e.originator_version, e.topic, e.state, e.id, h.hash, h.prev_hash
            )
            .select_from(
                self.events.outerjoin(
                    hashes_table,
                    (h.originator_id == e.originator_id)
                    & (h.originator_version == e.originator_version),
                )
            )
            .order_by(e.originator_id, e.originator_version)
        )
        if stream_id is not None:
            query = query.where(e.originator_id == stream_id)
        return query

    def links(
        self, connection: Connection, stream_id: UUID | None
    ) -> Iterator[tuple[int, StoredLink]]:
        """(position, link) in (stream, version) order, for one stream or all."""
        yield from self._links(connection, self._query(stream_id))

    def _links(
        self, connection: Connection, query: Select[Any], batch: int = 2000
    ) -> Iterator[tuple[int, StoredLink]]:
        result = connection.execution_options(stream_results=True, yield_per=batch).execute(query)
        for row in result:
            state = row.state
            if isinstance(state, str):  # a tampered row may even hold text
                state = state.encode("utf-8")
            state = bytes(state)
            yield (
                row.id,
                StoredLink(
                    row.originator_id,
                    row.originator_version,
                    row.topic,
                    state,
                    row.hash,
                    row.prev_hash,
                ),
            )

    def hashed_versions(self, connection: Connection, stream_id: UUID | None) -> dict[Any, int]:
        """The newest version the hash table holds, per stream."""
        h = hashes_table.c
        query = select(h.originator_id, func.max(h.originator_version)).group_by(h.originator_id)
        if stream_id is not None:
            query = query.where(h.originator_id == stream_id)
        return {row[0]: int(row[1]) for row in connection.execute(query)}

    def first_topic(self, stream_id: UUID) -> str | None:
        """The topic of a stream's first event, read without decoding anything."""
        e = self.events.c
        with self.engine.connect() as connection:
            found = connection.execute(
                select(e.topic).where(e.originator_id == stream_id, e.originator_version == 1)
            ).scalar_one_or_none()
        return None if found is None else str(found)

    def verify(self, stream_id: UUID) -> ChainReport:
        with self.engine.connect() as connection:
            links = [link for _position, link in self.links(connection, stream_id)]
            hashed = self.hashed_versions(connection, stream_id).get(stream_id)
        return verify_links(stream_id, links, hashed)

    def anchor(self, stream_id: UUID) -> Anchor | None:
        """Where the stream's chain was re-anchored (None when it never was)."""
        a = anchors_table.c
        with self.engine.connect() as connection:
            row = connection.execute(
                select(a.old_head, a.new_head, a.events, a.reanchored_at).where(
                    a.originator_id == stream_id
                )
            ).one_or_none()
        return None if row is None else Anchor(*row)

    def stream_count(self) -> int:
        with self.engine.connect() as connection:
            query = select(func.count(func.distinct(self.events.c.originator_id)))
            return int(connection.execute(query).scalar_one())

    def verify_all(self) -> Iterator[ChainReport]:
        with self.engine.connect() as connection:
            hashed = self.hashed_versions(connection, None)
            seen: set[Any] = set()
            current: UUID | None = None
            batch: list[StoredLink] = []
            for _position, link in self.links(connection, None):
                if link.originator_id != current and batch:
                    seen.add(batch[0].originator_id)
                    yield verify_links(
                        batch[0].originator_id, batch, hashed.get(batch[0].originator_id)
                    )
                    batch = []
                current = link.originator_id
                batch.append(link)
            if batch:
                seen.add(batch[0].originator_id)
                yield verify_links(
                    batch[0].originator_id, batch, hashed.get(batch[0].originator_id)
                )
        for stream in hashed.keys() - seen:  # every event of a stream deleted
            yield ChainReport(stream, False, 0, GENESIS, 1, "the stream's events are missing")
