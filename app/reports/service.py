"""Reports as the HTTP layer and the command line ask for them: the candidates from the
programmes read model, the record as known at the instant, the figures."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from app.incubator import Incubator
from app.reports.indicators import (
    as_json,
    drill_down,
    gather,
    known_at,
    report,
    window_of,
)
from projections import programmes
from projections.reader import ReadModels


def _record(
    incubator: Incubator, reads: ReadModels, programme_id: UUID, as_known_at: datetime | None
) -> Any:
    with reads.engine.connect() as connection:
        candidates = [p for p, _day in programmes.enrolled_projects(connection, programme_id)]
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
