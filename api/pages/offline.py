"""The installable coach app: its web app manifest, its service worker (served from the root so
that it may control every page), and the list of pages the worker keeps for working offline.

No build step and no CDN: the worker and the outbox are plain files in static/ (sw.js,
outbox.js). What the worker caches is decided here, per viewer: their home, the project list,
the projects they may log sessions on with those projects' pages of field work (log a session,
milestones with the catalogue, needs, team, stage gate) and their latest sessions (to correct
or withdraw), and the devices page. Each sync asks for this list again
and the worker drops every cached page not on it, so a page that changed or was redacted is
replaced or gone after the device's next sync.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse

from api.pages.render import STATIC_DIR
from api.pages.session import ViewerDep
from app.access import Action
from projections.summaries import SummaryFilter
from store.tokens import ROLES_WITH_A_PERSON

router = APIRouter(include_in_schema=False)

# The worker's own policy: it fetches and imports from this origin only.
WORKER_HEADERS = {
    "Cache-Control": "no-cache",
    "Service-Worker-Allowed": "/",
    "Content-Security-Policy": "default-src 'self'",
}
STATIC_FILES = ("/static/seedbed.css", "/static/seedbed.js", "/static/outbox.js")
# The pages of a project's work whose forms queue offline, and how many of its latest
# sessions are kept with their correct-and-withdraw forms.
WORK_PAGES = ("sessions/new", "milestones", "needs", "team", "stage")
RECENT_SESSIONS = 10


@router.get("/sw.js")
def service_worker() -> FileResponse:
    return FileResponse(STATIC_DIR / "sw.js", media_type="text/javascript", headers=WORKER_HEADERS)


@router.get("/manifest.webmanifest")
def manifest() -> JSONResponse:
    body: dict[str, Any] = {
        "name": "Seedbed",
        "short_name": "Seedbed",
        "description": "Incubation of rural social-service micro projects: the coach's app.",
        "start_url": "/ui/home",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f5f3a",
        "icons": [{"src": "/static/favicon.svg", "sizes": "any", "type": "image/svg+xml"}],
    }
    return JSONResponse(
        body, media_type="application/manifest+json", headers={"Cache-Control": "no-cache"}
    )


@router.get("/ui/offline/pages")
def offline_pages(viewer: ViewerDep) -> JSONResponse:
    """The pages this viewer's device keeps for working offline (and the files they load)."""
    principal = viewer.guard.require(Action.READ_PROJECT)
    reads = viewer.container.read_models
    scope = viewer.guard.scope()
    pages = ["/ui/home", "/ui/projects", "/ui/devices"]
    if scope.projects is not None and principal.role in ROLES_WITH_A_PERSON:
        # coaches and coordinators: the projects they work on
        rows = reads.list_projects(SummaryFilter(), 2_000, None)
        for row in rows:
            if row.project_id not in scope.projects:
                continue
            base = f"/ui/projects/{row.project_id}"
            pages.append(base)
            if row.status != "closed" and viewer.guard.allows_project(
                row.project_id, Action.LOG_SESSION
            ):
                pages += [f"{base}/{form}" for form in WORK_PAGES]
                sessions, _hours = reads.coaching_history(row.project_id)
                recent = [s for s in sessions if not s.withdrawn][-RECENT_SESSIONS:]
                pages += [f"{base}/sessions/{s.session_id}" for s in recent]
    return JSONResponse(
        {"pages": pages, "files": list(STATIC_FILES)}, headers={"Cache-Control": "no-store"}
    )
