"""The FastAPI factory: `create_app(settings)` builds the app; the lifespan builds the container."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.routers import health
from app.bootstrap import build_container
from app.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container = build_container(settings)
        app.state.container = container
        try:
            yield
        finally:
            container.close()

    app = FastAPI(
        title="Seedbed",
        version="0.1.0",
        summary="Event-sourced incubation tracker for rural social-service micro projects.",
        lifespan=lifespan,
    )
    app.include_router(health.router)
    return app


def create_app_from_environment() -> FastAPI:
    """The factory uvicorn calls (`seedbed serve`): settings from SEEDBED_* variables."""
    return create_app(Settings())
