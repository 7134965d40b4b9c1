"""The composition root: everything is built here from Settings, nothing at import time.

The layers, each importing only those below it (checked by `make lint`'s import contract)::

    api/           HTTP: the factory (api.main) above the JSON routers (api.routers) and the
       │           HTML pages (api.pages), which share deps, problems, writes, security,
       │           observability and paging, and never import each other
    app/           use cases: the Incubator and its commands, access rules, audit, DTOs;
       │           settings, this composition root, the CLI, the demo
    migrations/    Alembic: creates every table below
       │
    projections/   read models, the runner, rebuild and verify, the reader
       │
    store/         database adapters: engine, recorder, hash chain, transcodings, people,
       │           tokens, receipts, web sessions, backup
    domain/        aggregates and events, value objects, the catalogue, the error tree

Only this module reads Settings for the adapters; they take plain values.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from app.incubator import Clock, Incubator, utc_now
from app.settings import Settings
from projections.reader import ReadModels
from projections.registry import live_projections
from projections.runner import ProjectionRunner
from store.database import make_engine, scrub
from store.devices import DeviceTokens
from store.people import SqlPeopleDirectory, people_table
from store.receipts import ReceiptStore, receipts_table
from store.recorder import SeedbedRecorder
from store.tokens import TokenStore
from store.web_sessions import WebSessions


@dataclass
class Container:
    settings: Settings
    engine: Engine
    incubator: Incubator
    tokens: TokenStore
    receipts: ReceiptStore
    clock: Clock
    runner: ProjectionRunner
    read_models: ReadModels
    web_sessions: WebSessions
    devices: DeviceTokens

    def start_projector(self) -> None:
        """The embedded projector: catches up in a thread, woken by this process's writes."""
        self.incubator.add_listener(self.runner.notify)
        self.runner.start()

    def settle_redaction(self, position: int) -> bool:
        """After a redaction: waits (bounded) until the read models re-derived the project
        without the text, then drops the database's old copies. True when both completed."""
        reached = self.read_models.wait_for(position, self.settings.read_wait_seconds)
        return scrub(self.engine, self.runner.text_tables()) and reached

    def settle_erasure(self) -> bool:
        """After an erasure: drops the database's old copies of the person's row."""
        return scrub(self.engine, [people_table.name, receipts_table.name])

    def close(self) -> None:
        self.runner.stop()
        recorder = self.incubator.recorder
        if isinstance(recorder, SeedbedRecorder):
            recorder.close_group_commit()
        self.incubator.close()
        self.tokens.close()
        self.engine.dispose()


def build_container(settings: Settings, clock: Clock = utc_now) -> Container:
    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_ms)
    incubator = Incubator(
        engine=engine,
        people=SqlPeopleDirectory(engine),
        clock=clock,
        snapshot_interval=settings.snapshot_interval,
        write_retries=settings.write_retries,
        cache_size=settings.aggregate_cache_size,
    )
    recorder = incubator.recorder
    if settings.group_commit_max and isinstance(recorder, SeedbedRecorder):
        recorder.start_group_commit(settings.group_commit_max, _crash_hook())
    runner = ProjectionRunner(
        engine,
        incubator.recorder,
        incubator.mapper,
        live_projections(),
        batch_size=settings.projection_batch_size,
        poll_interval=settings.projection_poll_interval,
        batch_window=settings.projection_batch_window,
    )
    tokens = TokenStore(engine)
    return Container(
        settings=settings,
        engine=engine,
        incubator=incubator,
        tokens=tokens,
        receipts=ReceiptStore(engine, settings.secret, timedelta(days=settings.receipt_days)),
        clock=clock,
        runner=runner,
        read_models=ReadModels(engine, runner, incubator.recorder),
        web_sessions=WebSessions(engine, tokens, timedelta(hours=settings.web_session_hours)),
        devices=DeviceTokens(engine, tokens, timedelta(days=settings.device_token_days)),
    )


def _crash_hook() -> Callable[[int], None] | None:
    """For the crash tests only: SEEDBED_TEST_KILL_AFTER_GROUP_COMMITS=N kills this process with
    SIGKILL right after its Nth group commit, before any of that group's replies is sent."""
    limit = int(os.environ.get("SEEDBED_TEST_KILL_AFTER_GROUP_COMMITS", "0") or 0)
    if limit <= 0:
        return None

    def after_commit(groups: int) -> None:
        if groups >= limit:
            os.kill(os.getpid(), signal.SIGKILL)

    return after_commit
