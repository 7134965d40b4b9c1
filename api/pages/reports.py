"""The programme manager's pages: the programmes, and a programme's indicator report for a
period as known at an instant, with each figure's definition beside it and the downloads
(CSV, XLSX, PDF) of the very same report from the JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from api.pages.labels import N_
from api.pages.session import ViewerDep
from api.pages.shell import render
from app.access import Action
from app.programmes import get_programme
from app.reports.service import indicator_report
from projections import programmes

router = APIRouter(include_in_schema=False)

# The indicators' titles in the interface's words (the definitions stay in the versioned
# wording the report was computed under, as the exports carry it).
TITLES: dict[str, str] = {
    "RCO84": N_("Pilot actions developed jointly and implemented"),
    "RCO87": N_("Organisations cooperating across borders"),
    "RCO116": N_("Jointly developed solutions"),
    "RCR104": N_("Solutions taken up or up-scaled by organisations"),
    "HOURS": N_("Coaching hours"),
    "USERS": N_("Service users involved"),
    "JOBS": N_("First workplaces created"),
    "LADDER": N_("Share of projects at co-producing or above"),
}


@router.get("/ui/programmes", response_class=HTMLResponse)
def programme_list(request: Request, viewer: ViewerDep) -> HTMLResponse:
    principal = viewer.guard.require(Action.READ_PROGRAMME)
    with viewer.container.read_models.engine.connect() as connection:
        rows = programmes.list_programmes(connection, 500, None, principal.programme_id)
    may_report = viewer.guard.principal.role.value != "coach"
    return render(request, viewer, "programmes.html", rows=rows, may_report=may_report)


def _downloads(programme_id: UUID, period: str, as_known_at: str) -> dict[str, str]:
    query = {"period": period, "as_known_at": as_known_at}
    base = f"/programmes/{programme_id}/indicators"
    return {fmt: f"{base}?{urlencode({**query, 'format': fmt})}" for fmt in ("csv", "xlsx", "pdf")}


def _shown(item: dict[str, Any], lang: Any) -> dict[str, Any]:
    digits = 4 if item["code"] == "LADDER" else 2

    def number(value: Any) -> str:
        return str(lang.number(value, digits))

    return {
        **item,
        "label": lang.gettext(TITLES.get(item["code"], item["title"])),
        "shown": {k: number(item[k]) for k in ("value", "previous", "cumulative")},
    }


@router.get("/ui/programmes/{programme_id}", response_class=HTMLResponse)
def programme_report(
    request: Request,
    viewer: ViewerDep,
    programme_id: UUID,
    period: Annotated[str | None, Query(max_length=100)] = None,
    as_known_at: Annotated[datetime | None, Query()] = None,
) -> HTMLResponse:
    viewer.guard.programme(programme_id, Action.READ_INDICATORS)
    container = viewer.container
    programme = get_programme(container.incubator, programme_id)
    labels = [p.label for p in programme.periods]
    chosen = period if period in labels else (labels[-1] if labels else None)
    report = indicator_report(
        container.incubator,
        container.read_models,
        programme_id,
        period=chosen,
        as_known_at=as_known_at if as_known_at and as_known_at.tzinfo else None,
    )
    return render(
        request,
        viewer,
        "programme_report.html",
        programme=programme,
        report=report,
        items=[_shown(item, viewer.language) for item in report["indicators"]],
        chosen=chosen,
        downloads=_downloads(programme_id, chosen or "", report["as_known_at"]) if chosen else {},
    )
