"""The benchmark suite: every figure of the benchmarks issue, each against its raw baseline,
measured in the same run on the same database. `python -m bench --help`."""

from __future__ import annotations

import hashlib
import json
import statistics
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from eventsourcing.application import project_aggregate
from sqlalchemy import (
    Column,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    create_engine,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.engine import make_url

from app import audit
from app.bootstrap import Container, build_container
from app.settings import Settings
from bench import data, writes
from bench.common import Figure, percentile, spread
from bench.servers import seedbed_server
from migrations import upgrade
from projections.rebuild import Rebuilder
from projections.registry import NAMES
from store.chain import ChainStore
from store.recorder import event_store_tables
from store.tokens import Role

EVENTS, _ = event_store_tables()


@dataclass(frozen=True)
class Sizes:
    write_seconds: float
    latency_requests: int
    catch_up_events: int
    big_projects: int
    events_per_project: int
    replay_events: int
    dashboard_requests: int
    rounds: int


SCALES = {
    "full": Sizes(10, 400, 100_000, 10_000, 100, 1_000, 300, 3),
    "small": Sizes(5, 150, 10_000, 1_000, 100, 1_000 // 10, 150, 3),
    "tiny": Sizes(2, 40, 2_000, 50, 40, 100, 40, 2),  # a smoke run of the suite itself
}


class Databases:
    """Fresh databases of one kind: SQLite files in a folder, or PostgreSQL databases."""

    def __init__(self, kind: str, folder: Path, postgres_admin_url: str) -> None:
        self.kind = kind
        self.folder = folder
        self.admin_url = postgres_admin_url
        self.created: list[str] = []

    def new(self, name: str) -> Settings:
        if self.kind == "sqlite":
            url = f"sqlite:///{self.folder / name}.sqlite3"
        else:
            database = f"seedbed_bench_{name}_{uuid.uuid4().hex[:8]}"
            admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{database}"'))
            admin.dispose()
            self.created.append(database)
            url = (
                make_url(self.admin_url)
                .set(database=database)
                .render_as_string(hide_password=False)
            )
        settings = Settings(database_url=url, embedded_projector=False, projection_batch_size=1000)
        upgrade(settings.database_url)
        return settings

    def bare(self, name: str) -> str:
        """A fresh, empty database (no migrations: for the library's own peers): its URL."""
        if self.kind == "sqlite":
            return f"sqlite:///{self.folder / name}.sqlite3"
        database = f"seedbed_bench_{name}_{uuid.uuid4().hex[:8]}"
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        admin.dispose()
        self.created.append(database)
        return make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.created:
            return
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for database in self.created:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def container_for(settings: Settings) -> Iterator[Container]:
    container = build_container(settings, clock=lambda: data.NOW)
    try:
        yield container
    finally:
        container.close()


def _average_state_bytes(container: Container) -> int:
    with container.engine.connect() as connection:
        return int(
            connection.execute(select(func.avg(func.length(EVENTS.c.state)))).scalar() or 600
        )


def raw_insert_rate(container: Container, rows: int, row_bytes: int, batch: int = 500) -> float:
    """Rows/s of batched INSERTs of same-sized rows into a scratch table of the same database."""
    metadata = MetaData()
    raw = Table(
        f"bench_raw_{uuid.uuid4().hex[:6]}",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("topic", Text),
        Column("state", LargeBinary),
    )
    metadata.create_all(container.engine)
    payload = {"topic": "domain.project:MicroProject.SessionLogged", "state": b"x" * row_bytes}
    try:
        started = time.perf_counter()
        for start in range(0, rows, batch):
            with container.engine.begin() as connection:
                connection.execute(insert(raw), [payload] * min(batch, rows - start))
        return rows / (time.perf_counter() - started)
    finally:
        metadata.drop_all(container.engine)


def _reset_projections(container: Container) -> None:
    with container.engine.begin() as connection:
        connection.execute(text("UPDATE projection_positions SET position = 0"))
        for projection in container.runner.projections:
            for table in projection.tables:
                connection.execute(table.delete())


# ---------------------------------------------------------------------------- figures
def figure_catch_up(dbs: Databases, sizes: Sizes, log: Callable[[str], None]) -> Figure:
    settings = dbs.new("catchup")
    with container_for(settings) as c:
        log(f"catch-up: making {sizes.catch_up_events:,} events")
        data.programme(c.incubator, sizes.catch_up_events // 100, 100)
        c.runner.catch_up()
        size = _average_state_bytes(c)
        rates, baselines = [], []
        for _ in range(sizes.rounds):
            _reset_projections(c)
            started = time.perf_counter()
            done = c.runner.catch_up()
            rates.append(done / (time.perf_counter() - started))
            baselines.append(raw_insert_rate(c, done, size))
    rate, baseline = statistics.median(rates), statistics.median(baselines)
    return Figure(
        "projection catch-up (4 read models)",
        rate,
        "events/s",
        baseline,
        rate / baseline,
        "≥ 0.5 of raw batched INSERT rows/s",
        rate / baseline >= 0.5,
        spread(rates),
        f"{done:,} events from position 0; baseline: 500 rows per transaction",
        rates,
    )


def figures_big(
    dbs: Databases, sizes: Sizes, log: Callable[[str], None], work: Path
) -> list[Figure]:
    settings = dbs.new("big")
    figures: list[Figure] = []
    with container_for(settings) as c:
        total = sizes.big_projects * sizes.events_per_project
        log(f"big programme: making {sizes.big_projects:,} projects, {total:,} events")
        started = time.perf_counter()
        projects = data.programme(c.incubator, sizes.big_projects, sizes.events_per_project)
        log(f"  made in {time.perf_counter() - started:.0f} s; projecting")
        c.runner.catch_up()
        head = c.runner.head()
        size = _average_state_bytes(c)
        # full rebuild of every read model
        rebuilder = Rebuilder(c.engine, c.incubator.recorder, c.incubator.mapper, batch_size=1000)
        started = time.perf_counter()
        rebuilder.rebuild_many(NAMES)  # (one pass over the events for all of them)
        seconds = time.perf_counter() - started
        rate = head * len(NAMES) / seconds
        baseline = raw_insert_rate(c, min(head, 200_000), size)
        figures.append(
            Figure(
                "full rebuild (every read model)",
                head / seconds,
                "events/s",
                baseline,
                head / seconds / baseline,
                "reported (events/s and minutes)",
                None,
                "",
                f"{head:,} events, {len(NAMES)} read models, {seconds / 60:.1f} min in all "
                f"({rate:,.0f} event-applications/s)",
            )
        )
        # audit verification
        store = ChainStore(c.engine, EVENTS)
        started = time.perf_counter()
        reports = list(store.verify_all())
        verify_seconds = time.perf_counter() - started
        assert all(r.intact for r in reports)
        started = time.perf_counter()
        with c.engine.connect() as connection:
            for row in connection.execution_options(stream_results=True, yield_per=2000).execute(
                select(
                    EVENTS.c.originator_id,
                    EVENTS.c.originator_version,
                    EVENTS.c.topic,
                    EVENTS.c.state,
                )
            ):
                hashlib.sha256(bytes(row.state)).hexdigest()
        raw_seconds = time.perf_counter() - started
        figures.append(
            Figure(
                "audit verification (verify --all)",
                head / verify_seconds,
                "events/s",
                head / raw_seconds,
                raw_seconds / verify_seconds,
                "≥ 0.5 of raw SELECT + sha256",
                raw_seconds / verify_seconds >= 0.5,
                "",
                f"{head:,} events in {len(reports):,} streams",
            )
        )
        figures.append(_export_memory(c, head, projects[0]))
        # dashboard reads over HTTP
        _info, token = c.tokens.create(Role.ADMIN, None, data.NOW)
        sample = projects[len(projects) // 2]
        if c.engine.dialect.name == "postgresql":
            # The planner's statistics, as autovacuum gives a database that has been running:
            # read right after a bulk load, PostgreSQL may plan the project's sessions as a
            # scan of every row (coaching-history's p50 went from 5 to 34 ms between two runs).
            with c.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as raw:
                raw.exec_driver_sql("ANALYZE")
    figures.extend(_dashboard_reads(settings, token, sample, sizes, work))
    return figures


def _export_peak(container: Container, project_id: Any) -> tuple[int, int]:
    """Peak Python memory while streaming a bundle (as /audit/export sends it), and its bytes."""
    tracemalloc.start()
    sent = 0
    try:
        for line in audit.iter_bundle(container.incubator, project_id):
            sent += len(line)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, sent


def _export_memory(container: Container, head: int, one_project: Any) -> Figure:
    """The whole store's export against one project's. The events stream through; the
    manifest keeps one head per stream, so the peak grows with streams, not with events."""
    small_peak, small_bytes = _export_peak(container, one_project)
    peak, sent = _export_peak(container, None)
    return Figure(
        "audit export memory (every event vs one project)",
        peak / 2**20,
        "MiB peak",
        small_peak / 2**20,
        peak / small_peak,
        "reported: flat in events (what grows is the manifest's head per stream)",
        None,
        "",
        f"{head:,} events, {sent / 2**20:,.1f} MiB streamed; one project's bundle "
        f"{small_bytes:,} bytes; compare the small and full runs' peaks",
    )


def _dashboard_reads(
    settings: Settings, token: str, project: uuid.UUID, sizes: Sizes, work: Path
) -> list[Figure]:
    env = {
        "SEEDBED_DATABASE_URL": settings.database_url,
        "SEEDBED_EMBEDDED_PROJECTOR": "false",
        # Latency is measured here, not the per-token read limit (3,000 a minute by default),
        # which the sequential reads of a small run outpace.
        "SEEDBED_READ_RATE_PER_MINUTE": "0",
    }
    figures = []
    with (
        seedbed_server(env, work / "dashboard.log") as base_url,
        httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}) as http,
    ):
        for label, path in (
            ("/dashboard/portfolio", "/dashboard/portfolio"),
            ("/projects?stage=", "/projects?stage=co_creation"),
            ("/projects/{id}/coaching-history", f"/projects/{project}/coaching-history"),
        ):
            for _ in range(5):
                http.get(path)  # warm up
            latencies = []
            for _ in range(sizes.dashboard_requests):
                started = time.perf_counter()
                response = http.get(path)
                latencies.append(time.perf_counter() - started)
                assert response.status_code == 200, response.text
            p99 = percentile(latencies, 0.99) * 1000
            figures.append(
                Figure(
                    f"dashboard read p99 {label}",
                    p99,
                    "ms",
                    None,
                    None,
                    "p99 ≤ 20 ms",
                    p99 <= 20,
                    f"p50 {percentile(latencies, 0.5) * 1000:.2f} ms",
                    f"{sizes.dashboard_requests} sequential requests over HTTP",
                )
            )
    return figures


def figure_replay(dbs: Databases, sizes: Sizes, log: Callable[[str], None]) -> list[Figure]:
    settings = dbs.new("replay")
    with container_for(settings) as c:
        network = data.network(c.incubator)
        project = data.project(c.incubator, network, sizes.replay_events)
        log(f"replay: a project of {c.incubator.get_project(project).version} events")
        c.incubator.repository.cache = None  # measure loading, not the cache

        def raw() -> None:
            with c.engine.connect() as connection:
                for row in connection.execute(
                    select(EVENTS.c.state)
                    .where(EVENTS.c.originator_id == project)
                    .order_by(EVENTS.c.originator_version)
                ):
                    json.loads(bytes(row.state))

        def without_snapshots() -> None:
            project_aggregate(None, c.incubator.events.get(project))

        def with_snapshots() -> None:
            c.incubator.repository.get(project)

        middle = c.incubator.get_project(project).version // 2

        def at_middle() -> None:
            audit.project_at_version(c.incubator, project, middle)

        def measure(action: Callable[[], None]) -> tuple[float, list[float]]:
            for _ in range(3):
                action()
            values = []
            for _ in range(15):
                started = time.perf_counter()
                action()
                values.append((time.perf_counter() - started) * 1000)
            return statistics.median(values), values

        baseline, _ = measure(raw)
        figures = []
        for label, action, limit in (
            ("replay without snapshots", without_snapshots, 5.0),
            ("replay with snapshots", with_snapshots, 1.0),
            ("state?version= (middle version)", at_middle, None),
        ):
            value, values = measure(action)
            ratio = value / baseline
            figures.append(
                Figure(
                    label,
                    value,
                    "ms",
                    baseline,
                    ratio,
                    "reported" if limit is None else f"≤ {limit:g}x raw SELECT + JSON decode",
                    None if limit is None else ratio <= limit,
                    spread(values),
                    f"a {sizes.replay_events}-event project",
                )
            )
        return figures


def figures_writes(
    dbs: Databases, sizes: Sizes, log: Callable[[str], None], work: Path
) -> list[Figure]:
    seeded = []
    for name in ("writes", "writes_split"):
        settings = dbs.new(name)
        with container_for(settings) as c:
            network = data.network(c.incubator)
            coach = c.incubator.register_person(display_name="Bench coach", role=data_role()).id
            projects = [data.project(c.incubator, network, 10, coach) for _ in range(200)]
            _info, token = c.tokens.create(Role.ADMIN, None, data.NOW)
            size = _average_state_bytes(c)
        seeded.append((settings.database_url, projects, token, coach))
    (url, projects, token, coach), (split_url, split_projects, split_token, split_coach) = seeded
    core_peer = dbs.bare("peer_core")
    setup = writes.Setup(
        kind=dbs.kind,
        seedbed_url=url,
        raw_url=dbs.new("raw").database_url,
        core_peer=core_peer.removeprefix("sqlite:///"),
        sqlalchemy_peer=dbs.bare("peer_sqlalchemy"),
        projects=projects,
        coach=coach,
        token=token,
        row_bytes=size,
        split_url=split_url,
        split_projects=split_projects,
        split_token=split_token,
        split_coach=split_coach,
    )
    found, memory = writes.measure(setup, sizes.write_seconds, sizes.rounds, work, log)
    for line in writes.summary(found):
        log(f"  {line}")
    return writes.figures(found, memory)


def data_role() -> Any:
    from domain.values import PersonRole

    return PersonRole.COACH


def run_suite(
    kind: str, scale: str, postgres_admin_url: str, log: Callable[[str], None]
) -> list[Figure]:
    sizes = SCALES[scale]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        dbs = Databases(kind, work, postgres_admin_url)
        try:
            figures = figures_writes(dbs, sizes, log, work)
            figures.append(figure_catch_up(dbs, sizes, log))
            figures.extend(figures_big(dbs, sizes, log, work))
            figures.extend(figure_replay(dbs, sizes, log))
            return figures
        finally:
            dbs.drop_all()
