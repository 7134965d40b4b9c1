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

FORMAT = "seedbed-audit-bundle/1"


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
    engine = engine_of(incubator)
    events_table, _ = event_store_tables()
    streams: set[UUID] | None = None
    if project_id is not None:
        streams = {project_id}
        store = ChainStore(engine, events_table)
        if store.first_topic(project_id) is None:
            raise ProjectNotFound(project_id)
        try:  # the network's stream too, read from the project's first event only
            proposed = project_history(incubator, project_id, to_version=1)[0]
            streams.add(UUID(str(proposed.data["network_id"])))
        except Exception:
            pass
    store = ChainStore(engine, events_table)
    lines: list[tuple[int, StoredLink]] = []
    with engine.connect() as connection:
        for stream in sorted(streams) if streams is not None else [None]:
            lines.extend(store.links(connection, stream))
    lines.sort(key=lambda item: item[0])
    heads: dict[str, dict[str, Any]] = {}
    schema_versions: dict[str, int] = {}
    for _position, link in lines:
        heads[str(link.originator_id)] = {
            "head": link.stored_hash,
            "events": link.version,
            "kind": _stream_kind(link.topic),
        }
        if link.topic not in schema_versions:
            schema_versions[link.topic] = int(
                getattr(resolve_topic(link.topic), "class_version", 1)
            )
    manifest = {
        "format": FORMAT,
        "exported_at": datetime.now(UTC).isoformat(),
        "scope": f"project {project_id}" if project_id else "all",
        "event_count": len(lines),
        "streams": heads,
        "schema_versions": schema_versions,
        "catalogue_version": CATALOGUE_VERSION,
    }
    out.write(json.dumps(manifest, sort_keys=True) + "\n")
    for position, link in lines:
        out.write(
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
    return len(lines)


def iter_bundle(incubator: Incubator, project_id: UUID | None) -> Iterator[str]:
    """The bundle as text chunks (for a streamed HTTP reply)."""
    import io

    buffer = io.StringIO()
    export_bundle(incubator, buffer, project_id)
    buffer.seek(0)
    while chunk := buffer.read(64 * 1024):
        yield chunk


# ---------------------------------------------------------------------------- reading
def read_bundle(lines: Iterable[str]) -> Bundle:
    iterator = iter(lines)
    try:
        manifest = json.loads(next(iterator))
    except (StopIteration, ValueError):
        raise BundleError("the bundle has no manifest line") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(f"not a {FORMAT} bundle")
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
