"""The composition root: everything is built here from Settings, nothing at import time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from app.database import make_engine
from app.incubator import Clock, Incubator, utc_now
from app.personal_data import SqlPeopleDirectory
from app.receipts import ReceiptStore
from app.settings import Settings
from app.tokens import TokenStore


@dataclass
class Container:
    settings: Settings
    engine: Engine
    incubator: Incubator
    tokens: TokenStore
    receipts: ReceiptStore
    clock: Clock

    def close(self) -> None:
        self.incubator.close()
        self.engine.dispose()


def build_container(settings: Settings, clock: Clock = utc_now) -> Container:
    engine = make_engine(settings)
    incubator = Incubator(
        engine=engine,
        people=SqlPeopleDirectory(engine),
        clock=clock,
        snapshot_interval=settings.snapshot_interval,
        write_retries=settings.write_retries,
    )
    return Container(
        settings=settings,
        engine=engine,
        incubator=incubator,
        tokens=TokenStore(engine),
        receipts=ReceiptStore(engine),
        clock=clock,
    )
