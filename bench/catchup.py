"""Projection catch-up speed against raw batched INSERTs into the same database, same run.

    python -m bench.catchup [--events 20000] [--database-url URL]

History is made with the application's own aggregates (saved many events per transaction, so
that making it is quick); then every read model catches up from position 0. The baseline
inserts the same number of rows of the same size as the stored events, 500 per transaction.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from sqlalchemy import (
    Column,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    func,
    insert,
    select,
    text,
)

from app.bootstrap import build_container
from app.migrate import upgrade
from app.persistence import event_store_tables
from app.settings import Settings
from domain.network import LocalNetwork
from domain.project import MicroProject
from domain.sessions import SessionDetails
from domain.values import ParticipationLevel, SessionMode, SessionType, TargetGroup

NOW = datetime(2021, 12, 15, tzinfo=UTC)


def make_history(settings: Settings, events: int) -> None:
    container = build_container(settings, clock=lambda: NOW)
    try:
        inc = container.incubator
        network = LocalNetwork.register(
            id=uuid4(),
            name="LEN",
            country="DE",
            region="Plön",
            target_group=TargetGroup.ELDERLY,
            institutions=[],
            coordinator_id=None,
            actor="bench",
            today=NOW.date(),
        )
        inc.save(network)
        made = 1
        while made < events:
            project = MicroProject.propose(
                id=uuid4(),
                title="P",
                network_id=network.id,
                target_group=TargetGroup.ELDERLY,
                summary="bench",
                actor="bench",
                proposed_on=date(2017, 1, 1),
                today=NOW.date(),
            )
            coach = uuid4()
            project.assign_coach(coach, "bench")
            for i in range(min(98, events - made - 2)):
                details = SessionDetails(
                    SessionType.COACHING,
                    datetime(2018, 1, 1, tzinfo=UTC) + timedelta(days=i),
                    60,
                    SessionMode.REMOTE,
                    (coach,),
                    ParticipationLevel.ENGAGED,
                    "bench session",
                )
                session_id = uuid4()
                project.log_session(session_id, details, "bench", NOW)
                if i % 10 == 5:
                    project.correct_session(session_id, {"duration_minutes": 45}, "r", "b", NOW)
            made += len(project.pending_events)
            inc.save(project)
    finally:
        container.close()


def catch_up_rate(settings: Settings) -> tuple[int, float]:
    container = build_container(settings, clock=lambda: NOW)
    try:
        started = time.perf_counter()
        done = container.runner.catch_up()
        return done, done / (time.perf_counter() - started)
    finally:
        container.close()


def raw_insert_rate(settings: Settings, rows: int) -> float:
    container = build_container(settings)
    events, _ = event_store_tables()
    try:
        with container.engine.connect() as connection:
            size = int(
                connection.execute(select(func.avg(func.length(events.c.state)))).scalar() or 200
            )
        metadata = MetaData()
        raw = Table(
            "bench_raw_rows",
            metadata,
            Column("id", Integer, primary_key=True),
            Column("topic", Text),
            Column("state", LargeBinary),
        )
        metadata.drop_all(container.engine)
        metadata.create_all(container.engine)
        payload = {"topic": "domain.project:MicroProject.SessionLogged", "state": os.urandom(size)}
        started = time.perf_counter()
        for start in range(0, rows, 500):
            with container.engine.begin() as connection:
                connection.execute(insert(raw), [payload] * min(500, rows - start))
        rate = rows / (time.perf_counter() - started)
        metadata.drop_all(container.engine)
        return rate
    finally:
        container.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary folder")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        settings = Settings(database_url=url, projection_batch_size=1000, embedded_projector=False)
        upgrade(settings)
        make_history(settings, args.events)
        rates, baselines = [], []
        for _ in range(args.rounds):
            container = build_container(settings)
            with container.engine.begin() as connection:
                connection.execute(text("UPDATE projection_positions SET position = 0"))
                for projection in container.runner.projections:
                    for table in projection.tables:
                        connection.execute(table.delete())
            container.close()
            done, rate = catch_up_rate(settings)
            rates.append(rate)
            baselines.append(raw_insert_rate(settings, done))
        rate, baseline = statistics.median(rates), statistics.median(baselines)
        print(f"database: {settings.database_url.split(':')[0]}  events: {done}")
        spread = f"{min(rates):,.0f} to {max(rates):,.0f}"
        print(f"catch-up (4 read models): {rate:,.0f} events/s (median of {args.rounds}; {spread})")
        print(f"raw batched INSERT (500/tx): {baseline:,.0f} rows/s")
        print(f"ratio: {rate / baseline:.3f}")


if __name__ == "__main__":
    main()
