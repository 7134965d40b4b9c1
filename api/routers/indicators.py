"""A programme's funder indicators: JSON, or the same report as a file; and the drill-down
from one figure to the projects and events it counts."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import Response
from pydantic import AwareDatetime

from api.deps import ContainerDep, GuardDep
from api.docs import PROJECTED
from api.problems import ApiProblem
from api.schemas.indicators import IndicatorDrillDownPublic, IndicatorReportPublic
from app.access import Action
from app.bootstrap import Container
from app.reports.csv_export import indicators_csv
from app.reports.pdf_export import indicators_pdf
from app.reports.service import indicator_drill_down, indicator_report
from app.reports.xlsx_export import indicators_xlsx

router = APIRouter(prefix="/programmes/{programme_id}/indicators", tags=["programmes"])

Format = Literal["json", "csv", "xlsx", "pdf"]
MEDIA: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
FILES: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "csv": indicators_csv,
    "xlsx": indicators_xlsx,
    "pdf": indicators_pdf,
}
From = Annotated[date | None, Query(alias="from", description="First day (inclusive).")]
To = Annotated[date | None, Query(description="Last day (inclusive).")]
Period = Annotated[
    str | None,
    Query(max_length=100, description="A reporting period's label (instead of from/to)."),
]
KnownAt = Annotated[
    AwareDatetime | None,
    Query(description="Compute from what was recorded up to this instant (default: now)."),
]


def _format(requested: str | None, accept: str | None) -> str:
    if requested is not None:
        return requested
    for name, media in MEDIA.items():
        if accept and media.split(";")[0] in accept and name != "json":
            return name
    return "json"


def json_bytes(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def caught_up(container: Container) -> None:
    """Waits (bounded) until the programmes read model has every enrolment recorded so far."""
    reads = container.read_models
    if not reads.wait_for(reads.runner.head(), container.settings.read_wait_seconds):
        raise ApiProblem(
            503, "the read models are catching up; retry shortly", {"Retry-After": "1"}
        )


@router.get(
    "",
    response_model=IndicatorReportPublic,
    responses={
        **PROJECTED,
        200: {
            "content": {
                MEDIA[name].split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                for name in FILES
            }
        },
    },
    summary="The programme's indicators for a period, cumulative and previous, as known at an "
    "instant (JSON, CSV, XLSX or PDF)",
)
def read_indicators(
    programme_id: UUID,
    guard: GuardDep,
    container: ContainerDep,
    from_: From = None,
    to: To = None,
    period: Period = None,
    as_known_at: KnownAt = None,
    format: Annotated[Format | None, Query(description="json (default), csv, xlsx or pdf")] = None,
    accept: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    guard.programme(programme_id, Action.READ_INDICATORS)
    caught_up(container)
    body = indicator_report(
        guard.incubator,
        container.read_models,
        programme_id,
        period=period,
        start=from_,
        end=to,
        as_known_at=as_known_at,
    )
    chosen = _format(format, accept)
    if chosen in FILES:
        name = f"indicators-{body['from']}-{body['to']}.{chosen}"
        return Response(
            FILES[chosen](body),
            media_type=MEDIA[chosen],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return Response(json_bytes(body), media_type=MEDIA["json"])


@router.get(
    "/{code}",
    response_model=IndicatorDrillDownPublic,
    responses=PROJECTED,
    summary="What one figure counts: the projects, the events (versions, positions) and each "
    "project's chain head as known at the instant",
)
def drill_down(
    programme_id: UUID,
    code: Annotated[str, Path(max_length=20, pattern=r"^[A-Z0-9]{2,20}$")],
    guard: GuardDep,
    container: ContainerDep,
    from_: From = None,
    to: To = None,
    period: Period = None,
    as_known_at: KnownAt = None,
) -> Response:
    guard.programme(programme_id, Action.READ_INDICATORS)
    caught_up(container)
    body = indicator_drill_down(
        guard.incubator,
        container.read_models,
        programme_id,
        code,
        period=period,
        start=from_,
        end=to,
        as_known_at=as_known_at,
    )
    return Response(json_bytes(body), media_type=MEDIA["json"])
