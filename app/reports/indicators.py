"""The indicator report of a programme for a window, as the record stood at `as_known_at`.

Every project enrolled in the programme (the programmes read model names the candidates) is
read from its own stream, keeping the events recorded up to `as_known_at`, and folded into
facts (`domain/project_facts.py`); the networks of those projects likewise. The figures are
then pure functions of those facts (`domain/indicators.py`), so a report asked again with the
same `as_known_at` is the same report, and a later correction shows as a difference.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select, tuple_

from app.incubator import Incubator
from domain.errors import ImplausibleValue, ProgrammeNotFound
from domain.indicator_definitions import DEFINITIONS, INDICATOR_SET_VERSION
from domain.indicators import COMPUTE, Figure, Window
from domain.programme import Programme, ReportingPeriod
from domain.project_facts import EventRef, NetworkFacts, ProjectFacts, fold, fold_network
from store.chain import hashes_table
from store.recorder import SeedbedRecorder


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    title: str
    unit: str
    value: float
    cumulative: float
    previous: float | None
    definition: str
    definition_version: int
    projects: tuple[UUID, ...]
    breakdown: dict[str, dict[str, float]]


@dataclass(frozen=True)
class IndicatorReport:
    programme_id: UUID
    programme: str
    funder: str
    period: str | None
    start: date
    end: date
    previous_period: ReportingPeriod | None
    as_known_at: datetime
    indicator_set_version: int
    indicators: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class KnownRecord:
    """What was recorded by `as_known_at`: the programme, its projects' and networks' facts."""

    programme: Programme
    projects: tuple[ProjectFacts, ...]
    networks: dict[UUID, NetworkFacts]
    as_known_at: datetime


def known_at(value: datetime | None) -> datetime:
    """`as_known_at` in UTC (now when not given); refuses a time without an offset."""
    if value is None:
        return datetime.now(UTC)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ImplausibleValue("as_known_at", "needs a time zone offset, e.g. +00:00")
    return value.astimezone(UTC)


def _stream(incubator: Incubator, stream_id: UUID, at: datetime) -> list[tuple[Any, int | None]]:
    recorder = incubator.recorder
    if isinstance(recorder, SeedbedRecorder):
        stored = recorder.select_stream(stream_id)
        pairs: Iterable[tuple[Any, int | None]] = (
            (incubator.mapper.to_domain_event(n), n.id) for n in stored
        )
    else:
        pairs = ((e, None) for e in incubator.events.get(stream_id))
    return [(e, p) for e, p in pairs if e.timestamp <= at]


class _FactsCache:
    """Each project's facts folded from its whole stream, by (project, newest version): a report
    or a ladder reads every enrolled project, and most of them have not changed since the last
    one. An entry answers for an instant at or after the newest event's time; a stream with a
    newer version (any process's write, a redaction's event) is folded again. Per Incubator
    (per database), at most `size` entries."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self.entries: dict[tuple[UUID, int], tuple[ProjectFacts | None, datetime]] = {}
        self.lock = threading.Lock()

    def get(self, key: tuple[UUID, int], at: datetime) -> tuple[bool, ProjectFacts | None]:
        with self.lock:
            found = self.entries.get(key)
        if found is None or found[1] > at:
            return False, None
        return True, found[0]

    def put(self, key: tuple[UUID, int], facts: ProjectFacts | None, newest: datetime) -> None:
        with self.lock:
            if len(self.entries) >= self.size:
                self.entries.clear()
            self.entries[key] = (facts, newest)


_CACHES: weakref.WeakKeyDictionary[Incubator, _FactsCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def _project_facts(
    incubator: Incubator, candidates: Sequence[UUID], at: datetime
) -> list[ProjectFacts | None]:
    recorder = incubator.recorder
    if not isinstance(recorder, SeedbedRecorder):
        return [fold(_stream(incubator, p, at)) for p in candidates]
    with _CACHES_LOCK:
        cache = _CACHES.setdefault(incubator, _FactsCache())
    versions = recorder.stream_versions(candidates)
    out: list[ProjectFacts | None] = []
    for project in candidates:
        key = (project, versions.get(project, 0))
        hit, facts = cache.get(key, at)
        if not hit:
            events = _stream(incubator, project, at)
            facts = fold(events)
            if events and events[-1][0].originator_version == key[1]:  # the whole stream
                cache.put(key, facts, events[-1][0].timestamp)
        out.append(facts)
    return out


def gather(
    incubator: Incubator, programme_id: UUID, candidates: Sequence[UUID], at: datetime
) -> KnownRecord:
    programme_events = _stream(incubator, programme_id, at)
    if not programme_events or not isinstance(programme_events[0][0], Programme.Created):
        raise ProgrammeNotFound(programme_id)
    programme: Programme | None = None
    for event, _position in programme_events:
        programme = event.mutate(programme)
    assert isinstance(programme, Programme)
    projects = _project_facts(incubator, candidates, at)
    known = tuple(f for f in projects if f is not None and programme_id in f.enrolments)
    networks: dict[UUID, NetworkFacts] = {}
    for network_id in sorted({f.network_id for f in known}, key=str):
        facts = fold_network(_stream(incubator, network_id, at))
        if facts is not None:
            networks[network_id] = facts
    return KnownRecord(programme, known, networks, at)


def window_of(
    programme: Programme, period: str | None, start: date | None, end: date | None
) -> tuple[str | None, date, date]:
    """The report's window: a named period, or `from` to `to` (the programme's dates by
    default)."""
    if period is not None:
        chosen = programme.period(period)
        return chosen.label, chosen.starts_on, chosen.ends_on
    first, last = start or programme.starts_on, end or programme.ends_on
    if last < first:
        raise ImplausibleValue("to", "is before from")
    label = next(
        (p.label for p in programme.periods if (p.starts_on, p.ends_on) == (first, last)), None
    )
    return label, first, last


def previous_period(programme: Programme, start: date) -> ReportingPeriod | None:
    earlier = [p for p in programme.periods if p.ends_on < start]
    return earlier[-1] if earlier else None


def figures(record: KnownRecord, start: date, end: date) -> dict[str, Figure]:
    window = Window(record.programme.id, start, end)
    facts, networks = record.projects, record.networks
    return {code: compute(facts, networks, window) for code, compute in COMPUTE.items()}


def report(record: KnownRecord, period: str | None, start: date, end: date) -> IndicatorReport:
    programme = record.programme
    current = figures(record, start, end)
    cumulative = figures(record, programme.starts_on, end)
    before = previous_period(programme, start)
    previous = figures(record, before.starts_on, before.ends_on) if before else None
    rows = tuple(
        IndicatorRow(
            code=code,
            title=DEFINITIONS[code].title,
            unit=DEFINITIONS[code].unit,
            value=figure.value,
            cumulative=cumulative[code].value,
            previous=None if previous is None else previous[code].value,
            definition=DEFINITIONS[code].definition,
            definition_version=DEFINITIONS[code].version,
            projects=figure.projects,
            breakdown={k: dict(v) for k, v in figure.breakdown.items()},
        )
        for code, figure in current.items()
    )
    return IndicatorReport(
        programme_id=programme.id,
        programme=programme.name,
        funder=programme.funder,
        period=period,
        start=start,
        end=end,
        previous_period=before,
        as_known_at=record.as_known_at,
        indicator_set_version=INDICATOR_SET_VERSION,
        indicators=rows,
    )


def as_json(report: IndicatorReport) -> dict[str, Any]:
    """The report as JSON values, keys in a fixed order (the same report, the same bytes)."""
    before = report.previous_period
    return {
        "programme_id": str(report.programme_id),
        "programme": report.programme,
        "funder": report.funder,
        "period": report.period,
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "previous_period": None
        if before is None
        else {
            "label": before.label,
            "from": before.starts_on.isoformat(),
            "to": before.ends_on.isoformat(),
        },
        "as_known_at": report.as_known_at.isoformat(),
        "indicator_set_version": report.indicator_set_version,
        "indicators": [
            {
                "code": row.code,
                "title": row.title,
                "unit": row.unit,
                "value": row.value,
                "cumulative": row.cumulative,
                "previous": row.previous,
                "definition": row.definition,
                "definition_version": row.definition_version,
                "projects": [str(p) for p in row.projects],
                "breakdown": row.breakdown,
            }
            for row in report.indicators
        ],
    }


# ---------------------------------------------------------------------------- drill-down
def chain_heads(
    incubator: Incubator, refs: Sequence[tuple[UUID, int]]
) -> dict[tuple[UUID, int], str]:
    """The stored hash (chain link) of each (stream, version); none on the in-memory store."""
    engine = incubator.engine
    if engine is None or not refs:
        return {}
    c = hashes_table.c
    query = select(c.originator_id, c.originator_version, c.hash).where(
        tuple_(c.originator_id, c.originator_version).in_(list(refs))
    )
    with engine.connect() as connection:
        return {(r[0], r[1]): r[2] for r in connection.execute(query)}


def _event_json(ref: EventRef) -> dict[str, Any]:
    return {
        "stream_id": str(ref.stream_id),
        "version": ref.version,
        "position": ref.position,
        "type": ref.type,
        "occurred_on": None if ref.occurred_on is None else ref.occurred_on.isoformat(),
    }


def drill_down(
    incubator: Incubator, record: KnownRecord, code: str, start: date, end: date
) -> dict[str, Any]:
    """What one figure counts: per project its title, the events counted and the project's
    chain head as known at `as_known_at` (the hash that commits to everything before it)."""
    if code not in COMPUTE:
        raise ImplausibleValue("code", f"{code!r} is not an indicator ({', '.join(COMPUTE)})")
    figure = figures(record, start, end)[code]
    by_id = {f.project_id: f for f in record.projects}
    heads = chain_heads(incubator, [(p, by_id[p].head.version) for p in figure.projects])
    return {
        "programme_id": str(record.programme.id),
        "code": code,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "as_known_at": record.as_known_at.isoformat(),
        "value": figure.value,
        "definition": DEFINITIONS[code].definition,
        "definition_version": DEFINITIONS[code].version,
        "projects": [
            {
                "project_id": str(p),
                "title": by_id[p].title,
                "head": {
                    "version": by_id[p].head.version,
                    "hash": heads.get((p, by_id[p].head.version)),
                },
                "events": [_event_json(e) for e in figure.events_of(p)],
            }
            for p in figure.projects
        ],
    }
