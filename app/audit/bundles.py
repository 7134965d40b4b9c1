"""Export bundles, offline replay and import.

A bundle is one JSON-lines file: the first line is the manifest (format, scope, each stream's
chain head and event count, the event classes' schema versions, the catalogue version); every
other line is one stored event, in global order, with its exact stored bytes and its hashes.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import resolve_topic

from app.audit.history import project_history
from app.audit.verification import engine_of
from app.dto import ProjectState
from app.incubator import Incubator
from domain.catalogue import CATALOGUE_VERSION
from domain.errors import BundleError, InvalidInput, ProjectNotFound
from store.chain import ChainReport, ChainStore, StoredLink, verify_links
from store.recorder import event_store_tables

FORMAT = "seedbed-audit-bundle/2"
# Rows an export holds at a time (about 1 KB each): its memory, whatever the bundle's size.
EXPORT_BATCH = 500
# Bundles written before free text was erasable (no salted values, no anchors) still read.
FORMATS = ("seedbed-audit-bundle/1", FORMAT)


@dataclass(frozen=True)
class BundleEvent:
    position: int
    stream: UUID
    version: int
    topic: str
    state: bytes
    hash: str
    prev_hash: str

    def link(self) -> StoredLink:
        return StoredLink(
            self.stream, self.version, self.topic, self.state, self.hash, self.prev_hash
        )

    def stored(self) -> StoredEvent:
        return StoredEvent(self.stream, self.version, self.topic, self.state)


@dataclass
class Bundle:
    manifest: dict[str, Any]
    events: list[BundleEvent] = field(default_factory=list)

    def streams(self) -> dict[UUID, list[BundleEvent]]:
        grouped: dict[UUID, list[BundleEvent]] = {}
        for event in self.events:
            grouped.setdefault(event.stream, []).append(event)
        for events in grouped.values():
            events.sort(key=lambda e: e.version)
        return grouped

    def verify(self) -> list[ChainReport]:
        """Every stream's chain recomputed from the bundle alone, checked against the manifest."""
        reports = []
        heads = self.manifest.get("streams", {})
        for stream, events in self.streams().items():
            report = verify_links(stream, (e.link() for e in events))
            expected = heads.get(str(stream), {})
            if report.intact and (
                expected.get("head") != report.head or expected.get("events") != report.events
            ):
                report = ChainReport(
                    stream,
                    False,
                    report.events,
                    report.head,
                    None,
                    "the chain head differs from the manifest's",
                )
            reports.append(report)
        missing = set(heads) - {str(s) for s in self.streams()}
        for stream in sorted(missing):
            reports.append(ChainReport(UUID(stream), False, 0, "", 1, "stream missing from bundle"))
        return reports


# ---------------------------------------------------------------------------- export
def _stream_kind(topic: str) -> str:
    return topic.split(":", 1)[1].split(".", 1)[0]


def export_bundle(incubator: Incubator, out: IO[str], project_id: UUID | None = None) -> int:
    """Writes a bundle of one project (with its network's stream) or of everything."""
    count = 0
    for line in bundle_lines(incubator, project_id):
        out.write(line)
        count += 1
    return count - 1


def bundle_lines(incubator: Incubator, project_id: UUID | None) -> Iterator[str]:
    """The bundle line by line, read from the database as it goes: memory stays flat however
    many events there are. The manifest comes first, from the chains' stored heads."""
    engine = engine_of(incubator)
    events_table, _ = event_store_tables()
    store = ChainStore(engine, events_table)
    streams: set[UUID] | None = None
    if project_id is not None:
        if store.first_topic(project_id) is None:
            raise ProjectNotFound(project_id)
        streams = {project_id}
        proposed = project_history(incubator, project_id, to_version=1)
        if proposed and "network_id" in proposed[0].data:  # with its network's stream
            streams.add(UUID(str(proposed[0].data["network_id"])))
    with engine.connect() as connection:
        heads = store.heads(connection, streams)
        topics = store.topics(connection, streams)
        anchors = {str(s): a for s in heads if (a := store.anchor(s)) is not None}
        manifest = {
            "format": FORMAT,
            "exported_at": datetime.now(UTC).isoformat(),
            "scope": f"project {project_id}" if project_id else "all",
            "event_count": sum(version for version, _head, _topic in heads.values()),
            "streams": {
                str(stream): {"head": head, "events": version, "kind": _stream_kind(topic)}
                for stream, (version, head, topic) in sorted(heads.items(), key=lambda i: str(i[0]))
            },
            "schema_versions": {
                topic: int(getattr(resolve_topic(topic), "class_version", 1)) for topic in topics
            },
            "catalogue_version": CATALOGUE_VERSION,
            # Free-text values are salted (store/freetext.py): the chain covers commitments.
            "free_text": "salted-commitments",
            # Chains re-anchored when free text became erasable: the heads before and after.
            "anchors": {
                stream: {"old_head": a.old_head, "new_head": a.new_head, "events": a.events}
                for stream, a in anchors.items()
            },
        }
        yield json.dumps(manifest, sort_keys=True) + "\n"
        for position, link in store.in_order(connection, streams, EXPORT_BATCH):
            yield (
                json.dumps(
                    {
                        "position": position,
                        "stream": str(link.originator_id),
                        "version": link.version,
                        "topic": link.topic,
                        "state": link.state.decode("utf-8"),
                        "hash": link.stored_hash,
                        "prev_hash": link.stored_prev,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


def iter_bundle(incubator: Incubator, project_id: UUID | None) -> Iterator[str]:
    """The bundle as text chunks of about 64 KiB (for a streamed HTTP reply)."""
    chunk: list[str] = []
    size = 0
    for line in bundle_lines(incubator, project_id):
        chunk.append(line)
        size += len(line)
        if size >= 64 * 1024:
            yield "".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield "".join(chunk)


# ---------------------------------------------------------------------------- reading
def read_bundle(lines: Iterable[str]) -> Bundle:
    iterator = iter(lines)
    try:
        manifest = json.loads(next(iterator))
    except (StopIteration, ValueError):
        raise BundleError("the bundle has no manifest line") from None
    if not isinstance(manifest, dict) or manifest.get("format") not in FORMATS:
        raise BundleError(f"not a Seedbed audit bundle ({', '.join(FORMATS)})")
    bundle = Bundle(manifest)
    for number, line in enumerate(iterator, start=2):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            bundle.events.append(
                BundleEvent(
                    position=int(raw["position"]),
                    stream=UUID(raw["stream"]),
                    version=int(raw["version"]),
                    topic=str(raw["topic"]),
                    state=str(raw["state"]).encode("utf-8"),
                    hash=str(raw["hash"]),
                    prev_hash=str(raw["prev_hash"]),
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise BundleError(f"line {number} is not an event: {error}") from None
    bundle.events.sort(key=lambda e: e.position)
    return bundle


def load_bundle(path: Path) -> Bundle:
    with path.open(encoding="utf-8") as lines:
        return read_bundle(lines)


# ---------------------------------------------------------------------------- import and replay
def import_bundle(incubator: Incubator, bundle: Bundle, batch: int = 500) -> int:
    """Appends a verified bundle's events, in order, to an EMPTY event store. The store computes
    the chains anew; they must come out equal to the bundle's."""
    broken = [r for r in bundle.verify() if not r.intact]
    if broken:
        first = broken[0]
        raise BundleError(
            f"stream {first.stream_id} breaks at version {first.broken_at}: {first.reason}"
        )
    if incubator.recorder.max_notification_id():
        raise InvalidInput("database", "import needs an empty event store")
    for start in range(0, len(bundle.events), batch):
        chunk = bundle.events[start : start + batch]
        incubator.recorder.insert_events([e.stored() for e in chunk])
    engine = engine_of(incubator)
    events_table, _ = event_store_tables()
    store = ChainStore(engine, events_table)
    for stream, events in bundle.streams().items():
        report = store.verify(stream)
        if not report.intact or report.head != events[-1].hash:
            raise BundleError(f"stream {stream} did not chain to the same head after import")
    return len(bundle.events)


@dataclass(frozen=True)
class ReplayResult:
    chains: list[ChainReport]
    projects: list[ProjectState]
    portfolio: Any


def replay_offline(
    bundle: Bundle,
    work_dir: Path | None = None,
) -> ReplayResult:
    """Checks every chain and rebuilds the projects and the read models from the bundle alone,
    in a scratch SQLite database (never the live one)."""
    from app.bootstrap import build_container
    from app.settings import Settings
    from migrations import upgrade

    chains = bundle.verify()
    with tempfile.TemporaryDirectory(dir=work_dir) as folder:
        settings = Settings(
            database_url=f"sqlite:///{folder}/replay.sqlite3", embedded_projector=False
        )
        upgrade(settings.database_url)
        container = build_container(settings)
        try:
            if all(c.intact for c in chains):
                import_bundle(container.incubator, bundle)
            container.runner.catch_up()
            projects = [
                container.incubator.get_project(stream)
                for stream, events in bundle.streams().items()
                if _stream_kind(events[0].topic) == "MicroProject"
            ]
            return ReplayResult(chains, projects, container.read_models.portfolio())
        finally:
            container.close()
