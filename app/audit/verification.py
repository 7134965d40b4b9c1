"""Chain verification for auditors: one project's stream, or every stream."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

from sqlalchemy import Engine

from app.incubator import Incubator
from domain.errors import InvalidInput, ProjectNotFound
from store.chain import Anchor, ChainReport, ChainStore
from store.recorder import event_store_tables


def verify_project(incubator: Incubator, project_id: UUID) -> ChainReport:
    """The project's chain. Nothing is decoded, so even a garbled row is reported, not raised."""
    events_table, _ = event_store_tables()
    store = ChainStore(engine_of(incubator), events_table)
    report = store.verify(project_id)
    topic = store.first_topic(project_id)
    if topic is None and report.intact:  # no events and no hashes: no such project
        raise ProjectNotFound(project_id)
    if topic is not None and not topic.startswith("domain.project:MicroProject."):
        raise ProjectNotFound(project_id)
    return report


def anchor_of(incubator: Incubator, stream_id: UUID) -> Anchor | None:
    """Where the stream's chain was re-anchored when free text became erasable (if it was)."""
    events_table, _ = event_store_tables()
    return ChainStore(engine_of(incubator), events_table).anchor(stream_id)


def verify_everything(incubator: Incubator) -> tuple[int, Iterator[ChainReport]]:
    """How many streams there are, and their reports one by one."""
    events_table, _ = event_store_tables()
    store = ChainStore(engine_of(incubator), events_table)
    return store.stream_count(), store.verify_all()


def engine_of(incubator: Incubator) -> Engine:
    if incubator.engine is None:
        raise InvalidInput("database", "the in-memory event store keeps no hash chains")
    return incubator.engine
