"""Reports as the HTTP layer and the command line ask for them: the candidates from the
programmes read model, the record as known at the instant, the figures."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from app.incubator import Incubator
from app.reports.indicators import (
    KnownRecord,
    as_json,
    drill_down,
    gather,
    known_at,
    report,
    window_of,
)
from app.reports.ladder import By, LadderSummary, ladder_summary
from projections import programmes
from projections.reader import ReadModels


def _record(
    incubator: Incubator,
    reads: ReadModels,
    programme_id: UUID,
    as_known_at: datetime | None,
    within: frozenset[UUID] | None = None,
) -> KnownRecord:
    """The programme's record as known at the instant; with `within`, only those projects."""
    with reads.engine.connect() as connection:
        candidates = [
            p
            for p, _day in programmes.enrolled_projects(connection, programme_id)
            if within is None or p in within
        ]
    return gather(incubator, programme_id, candidates, known_at(as_known_at))


def indicator_report(
    incubator: Incubator,
    reads: ReadModels,
    programme_id: UUID,
    *,
    period: str | None = None,
    start: date | None = None,
    end: date | None = None,
    as_known_at: datetime | None = None,
) -> dict[str, Any]:
    """The report's JSON (see `as_json`)."""
    record = _record(incubator, reads, programme_id, as_known_at)
    label, first, last = window_of(record.programme, period, start, end)
    return as_json(report(record, label, first, last))


def indicator_drill_down(
    incubator: Incubator,
    reads: ReadModels,
    programme_id: UUID,
    code: str,
    *,
    period: str | None = None,
    start: date | None = None,
    end: date | None = None,
    as_known_at: datetime | None = None,
) -> dict[str, Any]:
    record = _record(incubator, reads, programme_id, as_known_at)
    _label, first, last = window_of(record.programme, period, start, end)
    return drill_down(incubator, record, code, first, last)


def participation_ladder(
    incubator: Incubator,
    reads: ReadModels,
    programme_id: UUID,
    *,
    by: By = "period",
    as_known_at: datetime | None = None,
    within: frozenset[UUID] | None = None,
) -> LadderSummary:
    """The ladder's distribution now and over time (`app/reports/ladder.py`) over the
    programme's projects, or (a coordinator) those of them in `within`."""
    return ladder_summary(_record(incubator, reads, programme_id, as_known_at, within), by)
