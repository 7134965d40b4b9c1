"""The peer: the eventsourcing library's own Application over the same HTTP stack as Seedbed.

`POST /peer/{id}` gets an aggregate, changes it (one event of the size Seedbed's session events
have) and saves it: the library used as its documentation shows, with its aggregate cache and
fast-forward on (as Seedbed's own) and a lock per aggregate (as Seedbed's `StreamWriter`), so
that 32 clients do not fail on each other's versions. Its persistence module comes from the
environment the benchmark sets: `PERSISTENCE_MODULE=eventsourcing.sqlite` (+ `SQLITE_DBNAME`),
`eventsourcing.postgres` (+ `POSTGRES_*`) or `eventsourcing_sqlalchemy` (+ `SQLALCHEMY_URL`).
At start it creates `PEER_STREAMS` aggregates of 10 events each; `GET /streams` lists them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import IntegrityError
from fastapi import FastAPI, HTTPException, Request


class Notebook(Aggregate):
    """A stream of notes, each about as large as a logged session."""

    @event("Opened")
    def __init__(self, title: str) -> None:
        self.title = title
        self.notes = 0

    @event("NoteAdded")
    def add_note(self, text: str) -> None:
        self.notes += 1


class Notebooks(Application[UUID]):
    env = {"AGGREGATE_CACHE_MAXSIZE": "1000", "DEEPCOPY_FROM_AGGREGATE_CACHE": "n"}

    def __init__(self) -> None:
        super().__init__()
        self._locks = [threading.Lock() for _ in range(256)]

    def open(self, events: int, text: str) -> UUID:
        notebook = Notebook("peer")
        for _ in range(events - 1):
            notebook.add_note(text)
        self.save(notebook)
        return notebook.id

    def add_note(self, notebook_id: UUID, text: str) -> int:
        with self._locks[hash(notebook_id) % len(self._locks)]:
            notebook: Notebook = self.repository.get(notebook_id)
            notebook.add_note(text)
            self.save(notebook)
            return notebook.version


def create_app() -> FastAPI:
    size = int(os.environ.get("BENCH_ROW_BYTES", "900"))
    streams = int(os.environ.get("PEER_STREAMS", "200"))
    text = "x" * max(size - 200, 1)  # the rest of the stored event is its envelope

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        application = Notebooks()
        app.state.application = application
        app.state.streams = [application.open(10, text) for _ in range(streams)]
        yield
        application.close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/streams")
    def listed(request: Request) -> list[str]:
        return [str(s) for s in request.app.state.streams]

    @app.post("/peer/{notebook_id}", status_code=201)
    def add(notebook_id: UUID, request: Request) -> dict[str, int]:
        try:
            version = request.app.state.application.add_note(notebook_id, text)
        except IntegrityError:
            raise HTTPException(409, "version conflict") from None
        return {"version": version}

    return app
