"""The one sanctioned rewrite of stored events: free text stored as plain text becomes salted,
erasable values (store/freetext.py), and every chain is re-anchored.

Events stored before free text was erasable hold it as plain JSON strings, and their chain
covers those bytes, so nothing in them could be redacted. `reanchor`:

1. verifies every chain first, and refuses to rewrite a broken one;
2. per stream, in one transaction: wraps each free-text value of each event in a salted value
   (nothing else in the stored JSON changes), computes the chain anew, and records the old head
   beside the new one in `seedbed_chain_anchors` (a stream already anchored is skipped, so an
   interrupted run resumes where it stopped);
3. drops every snapshot (derived data, which held the text as it was);
4. verifies every chain after, and marks the store "committed" in `seedbed_meta`.

Bundles exported before the rewrite still verify offline (their events have no salted values,
which makes them their own committed form) and their heads can be compared with the old heads.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.utils import resolve_topic
from sqlalchemy import Engine, Table, delete, insert, select, update

from domain.errors import ChainBroken
from domain.freetext import CHANGES_OF, FREE_TEXT_FIELDS
from store.chain import GENESIS, ChainStore, anchors_table, hashes_table, link_hash, meta_table
from store.database import write_transaction
from store.freetext import TAG
from store.recorder import event_store_tables

Progress = Callable[[int, int], None]
_BY_NAME = {f"obj:{cls.__qualname__}": fields for cls, fields in FREE_TEXT_FIELDS.items()}
_SALT_BYTES = 16


@dataclass
class ReanchorReport:
    streams: int = 0
    events: int = 0
    values: int = 0
    anchors: list[tuple[UUID, str, str]] = field(default_factory=list)  # stream, old, new


def pending(engine: Engine) -> bool:
    """Whether events stored as plain free text remain."""
    with engine.connect() as connection:
        value = connection.execute(
            select(meta_table.c.value).where(meta_table.c.key == "free_text")
        ).scalar_one_or_none()
    return value == "legacy"


# ---------------------------------------------------------------------------- one event
def _salted(value: Any, report: ReanchorReport) -> Any:
    if isinstance(value, str) and value:
        report.values += 1
        return {"_type_": TAG, "_data_": {"t": value, "s": secrets.token_hex(_SALT_BYTES)}}
    if isinstance(value, list):
        return [_salted(item, report) for item in value]
    return value


def _wrap_fields(data: dict[str, Any], names: tuple[str, ...], report: ReanchorReport) -> None:
    for name in names:
        if name in data:
            data[name] = _salted(data[name], report)


def _walk(node: Any, report: ReanchorReport) -> Any:
    """Salts the free-text fields of every value object (by its transcoding's name) inside."""
    if isinstance(node, dict):
        kind = node.get("_type_")
        if kind == TAG:
            return node
        for key, value in node.items():
            node[key] = _walk(value, report)
        if isinstance(kind, str) and kind in _BY_NAME and isinstance(node.get("_data_"), dict):
            _wrap_fields(node["_data_"], _BY_NAME[kind], report)
    elif isinstance(node, list):
        return [_walk(item, report) for item in node]
    return node


def salt_free_text(topic: str, state: bytes, report: ReanchorReport) -> bytes:
    """The stored event with its plain free text salted (already salted values stay)."""
    cls = resolve_topic(topic)
    names = FREE_TEXT_FIELDS.get(cls, ())
    changed = CHANGES_OF.get(cls)
    data = json.loads(state)
    data = _walk(data, report)
    _wrap_fields(data, names, report)
    if changed is not None and isinstance(data.get("changes"), dict):
        _wrap_fields(data["changes"], FREE_TEXT_FIELDS.get(changed, ()), report)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------------------- every stream
def _streams(engine: Engine, events: Table) -> list[UUID]:
    done = select(anchors_table.c.originator_id)
    with engine.connect() as connection:
        rows = connection.execute(
            select(events.c.originator_id)
            .where(events.c.originator_id.not_in(done))
            .group_by(events.c.originator_id)
            .order_by(events.c.originator_id)
        )
        return [row[0] for row in rows]


def _verify_all(store: ChainStore) -> Iterator[str]:
    for report in store.verify_all():
        if not report.intact:
            yield f"{report.stream_id} breaks at version {report.broken_at}: {report.reason}"


def reanchor(engine: Engine, progress: Progress | None = None) -> ReanchorReport:
    events, snapshots = event_store_tables()
    store = ChainStore(engine, events)
    broken = list(_verify_all(store))
    if broken:
        raise ChainBroken("refusing to rewrite broken chains: " + "; ".join(broken[:3]))
    report = ReanchorReport()
    streams = _streams(engine, events)
    e, h = events.c, hashes_table.c
    for number, stream in enumerate(streams, start=1):
        with write_transaction(engine) as connection:
            rows = connection.execute(
                select(e.originator_version, e.topic, e.state)
                .where(e.originator_id == stream)
                .order_by(e.originator_version)
            ).all()
            old_head = connection.execute(
                select(h.hash)
                .where(h.originator_id == stream)
                .order_by(h.originator_version.desc())
            ).first()
            prev = GENESIS
            for version, topic, state in rows:
                salted = salt_free_text(topic, bytes(state), report)
                digest = link_hash(prev, stream, version, topic, salted)
                where = (e.originator_id == stream) & (e.originator_version == version)
                connection.execute(update(events).where(where).values(state=salted))
                connection.execute(
                    update(hashes_table)
                    .where((h.originator_id == stream) & (h.originator_version == version))
                    .values(hash=digest, prev_hash=prev)
                )
                prev = digest
                report.events += 1
            connection.execute(
                insert(anchors_table).values(
                    originator_id=stream,
                    old_head=old_head[0] if old_head else GENESIS,
                    new_head=prev,
                    events=len(rows),
                    reanchored_at=datetime.now(UTC),
                )
            )
            report.anchors.append((stream, old_head[0] if old_head else GENESIS, prev))
        report.streams += 1
        if progress is not None:
            progress(number, len(streams))
    with write_transaction(engine) as connection:
        connection.execute(delete(snapshots))
        connection.execute(
            update(meta_table).where(meta_table.c.key == "free_text").values(value="committed")
        )
    broken = list(_verify_all(store))
    if broken:
        raise ChainBroken("the chains do not verify after the rewrite: " + "; ".join(broken[:3]))
    return report
