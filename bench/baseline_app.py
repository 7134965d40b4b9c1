"""The raw baseline in the same web stack: one INSERT + COMMIT of a same-sized row per request,
and a no-op endpoint that proves the load generator has headroom.

Served by uvicorn (httptools, uvloop) exactly like Seedbed; a plain `def` route, like Seedbed's.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from sqlalchemy import Column, Integer, LargeBinary, MetaData, Table, Text, insert

from app.settings import Settings
from store.database import make_engine

metadata = MetaData()
rows = Table(
    "bench_baseline_rows",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("topic", Text, nullable=False),
    Column("state", LargeBinary, nullable=False),
)


def create_app() -> FastAPI:
    settings = Settings()
    size = int(os.environ.get("BENCH_ROW_BYTES", "900"))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_ms)
        metadata.create_all(engine)
        app.state.engine = engine
        yield
        engine.dispose()

    app = FastAPI(lifespan=lifespan)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/noop")
    async def noop() -> dict[str, int]:
        """Nothing at all, on the loop: what the load generator and the HTTP stack can drive
        (the benchmark flags any figure within a third of it)."""
        return {"id": 0}

    @app.post("/raw", status_code=201)
    def raw(request: Request) -> dict[str, int]:
        with request.app.state.engine.begin() as connection:
            result = connection.execute(
                insert(rows).values(
                    topic="domain.project:MicroProject.SessionLogged", state=b"x" * size
                )
            )
        return {"id": int(result.inserted_primary_key[0])}

    return app
