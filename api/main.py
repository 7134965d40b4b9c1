"""The FastAPI factory: `create_app(settings)` builds the app; the lifespan builds the container."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from api.docs import document_shell_refusals
from api.hosts import RelativeRedirects, TrustedHosts
from api.limits import BodySizeLimit, HeaderSizeLimit
from api.observability import EVENTS_APPENDED, ObservabilityMiddleware, configure_logging
from api.pages import auth as page_auth
from api.pages import biography as page_biography
from api.pages import devices as page_devices
from api.pages import offline as page_offline
from api.pages import programme as page_programme
from api.pages import reports as page_reports
from api.pages import routes as page_routes
from api.pages import work as page_work
from api.pages.errors import page_problem
from api.pages.render import STATIC_DIR
from api.problems import install_problem_handlers
from api.routers import (
    attention,
    audit,
    biography,
    dashboard,
    devices,
    health,
    indicators,
    ladder,
    me,
    milestones,
    networks,
    participation,
    people,
    privacy,
    programmes,
    projects,
    reviews,
    sessions,
)
from api.security import RateLimiter, SecurityHeaders
from api.waiting import PositionWaiters
from app.bootstrap import build_container
from app.incubator import Clock, utc_now
from app.settings import Settings
from migrations import schema_problem

DESCRIPTION = """
Seedbed tracks rural social-service micro projects as event streams.

**Auth**: `Authorization: Bearer <token>` (tokens come from `seedbed token create`). Missing or
unknown token → 401; a known token with the wrong role or project → 403. Roles: coach (assigned
projects), coordinator (their network), dashboard (read, no personal data), auditor (read
everything including history), admin (everything).

**Writes** return `version` and `position` (also as `ETag` and `X-Event-Position`), accept
`If-Match: "<version>"` (stale → 409 with `current_version`) and `Idempotency-Key` (a retry returns
the first reply; the same key with another body → 422).

**Errors** are `application/problem+json` (RFC 9457); 422 lists each bad field in `errors`.
"""


def create_app(settings: Settings, clock: Clock = utc_now) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level)
        container = build_container(settings, clock=clock)
        try:
            problem = schema_problem(container.engine)  # a database not migrated stops it here
            if problem is not None:
                raise RuntimeError(problem)
            container.receipts.key()  # a damaged or unwritable key file stops the service here
        except Exception:
            container.close()
            raise
        container.incubator.add_listener(EVENTS_APPENDED.inc)
        app.state.container = container
        runner = container.read_models.runner
        app.state.waiters = PositionWaiters(runner.min_position, runner.hurry, settings.max_waiters)
        if settings.embedded_projector:
            container.start_projector()
        try:
            yield
        finally:
            container.close()

    app = FastAPI(
        docs_url=None,  # served below from the app's own copy of Swagger UI (no CDN)
        redoc_url=None,
        title="Seedbed",
        version="0.6.0",
        summary="Event-sourced incubation tracker for rural social-service micro projects.",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    install_problem_handlers(app, pages=page_problem)
    # Middleware, innermost first (each add wraps the ones before it).
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RelativeRedirects)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "If-Match",
                "Idempotency-Key",
                "X-Min-Position",
                "X-Request-ID",
            ],
            expose_headers=["ETag", "X-Event-Position", "X-Request-ID", "Retry-After"],
        )
    app.add_middleware(TrustedHosts, allowed_hosts=settings.trusted_hosts())
    app.add_middleware(HeaderSizeLimit, max_bytes=settings.max_header_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ObservabilityMiddleware)
    app.state.write_limiter = RateLimiter(settings.write_rate_per_minute, settings.write_rate_burst)
    app.state.read_limiter = RateLimiter(
        settings.read_rate_per_minute, settings.read_rate_burst, "reads"
    )
    routers = (
        health,
        me,
        networks,
        people,
        projects,
        reviews,
        sessions,
        milestones,
        dashboard,
        audit,
        privacy,
        programmes,
        indicators,
        devices,
        attention,
        participation,
        ladder,
        biography,
    )
    for module in routers:
        app.include_router(module.router)
    app.include_router(audit.export_router)
    app.include_router(page_auth.router)
    app.include_router(page_devices.router)
    app.include_router(page_offline.router)
    app.include_router(page_work.router)  # before the pages' /ui/projects/{project_id}
    app.include_router(page_programme.router)  # /ui/projects/new, too
    app.include_router(page_reports.router)
    app.include_router(page_biography.router)
    app.include_router(page_routes.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/docs-assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """The interactive API page, from the swagger-ui-bundle package: works offline."""
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="Seedbed API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    document_shell_refusals(app)
    return app


def create_app_from_environment() -> FastAPI:
    """The factory uvicorn calls (`seedbed serve`): settings from SEEDBED_* variables."""
    return create_app(Settings())
