"""The write figures: Seedbed's session POSTs beside raw commits, the library's own Application
and a no-op, all driven by wrk (bench/wrk.py) in the same run, on the same database.

Five servers, one uvicorn worker each (httptools, uvloop), each on a database of its own:

- no-op: `POST /noop` of the baseline app, which does nothing: what wrk and the HTTP stack can
  drive. A figure whose measured rate is more than a third of it is flagged (the loader may
  then be what bounds it, not the server).
- raw: `POST /raw` of `bench/baseline_app.py`, one INSERT + COMMIT of a same-sized row.
- the library's core recorder: `bench/peer_app.py` on `eventsourcing.sqlite` or
  `eventsourcing.postgres`, get + change + save of a same-sized event.
- the library on `eventsourcing_sqlalchemy` (what Seedbed's recorder builds on): the same app.
- Seedbed: `seedbed serve`, `POST /projects/{id}/sessions` over 200 projects, each request with
  its own Idempotency-Key (so a receipt is stored with each write), embedded projector on.
- Seedbed as docker-compose deploys it: the same API with `SEEDBED_EMBEDDED_PROJECTOR=false`
  and a `seedbed projector` process beside it, on a database of its own seeded alike (the
  read models are projected on the other core instead of competing for the API's GIL).

Each round runs every server at 32 clients, then at 1 client; figures are medians of rounds.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import httpx
from sqlalchemy.engine import make_url

from bench.common import Figure, spread
from bench.servers import peak_memory_mb, seedbed_projector, seedbed_server, uvicorn_app
from bench.wrk import COUNTER, WrkResult, run_wrk

HEADROOM = 3.0  # the no-op must run at least this many times faster than a measured figure
SPLIT = "seedbed (API + projector process)"
SERVERS = (
    "no-op",
    "raw",
    "library (core recorder)",
    "library (eventsourcing_sqlalchemy)",
    "seedbed",
    SPLIT,
)


@dataclass(frozen=True)
class Target:
    """One server under load: where, which paths, which body, keyed or not."""

    url: str
    paths: list[str]
    body: str | None
    headers: Mapping[str, str]
    keyed: bool


def session_body(coach: UUID) -> str:
    """A session log as a coach sends it, with a per-request counter in its summary."""
    body = {
        "type": "coaching",
        "started_at": "2020-03-02T10:00:00+01:00",
        "duration_minutes": 60,
        "mode": "remote",
        "coach_ids": [str(coach)],
        "participation_level": "engaged",
        "summary": "benchmark session number "
        + COUNTER
        + " with a summary of about the usual length for a coach's note",
    }
    return json.dumps(body)


def peer_env(kind: str, persistence: str, url_or_path: str, row_bytes: int) -> dict[str, str]:
    """The environment of a peer app: the library's persistence module and its database."""
    env = {"BENCH_ROW_BYTES": str(row_bytes), "PEER_STREAMS": "200"}
    if persistence == "sqlalchemy":
        return {
            **env,
            "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
            "SQLALCHEMY_URL": url_or_path,
        }
    if kind == "sqlite":
        return {**env, "PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": url_or_path}
    url = make_url(url_or_path)
    return {
        **env,
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": str(url.database),
        "POSTGRES_HOST": str(url.host or "127.0.0.1"),
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": str(url.username or "postgres"),
        "POSTGRES_PASSWORD": str(url.password or ""),
    }


@dataclass(frozen=True)
class Setup:
    """What `figures_writes` needs from the suite: the databases and Seedbed's data."""

    kind: str
    seedbed_url: str  # Seedbed's migrated database, with 200 projects and a coach
    raw_url: str  # a migrated database for the raw baseline
    core_peer: str  # a database URL (PostgreSQL) or a file path (SQLite) for the core peer
    sqlalchemy_peer: str  # a SQLAlchemy URL for the eventsourcing_sqlalchemy peer
    projects: list[UUID]
    coach: UUID
    token: str
    row_bytes: int
    split_url: str  # seeded like seedbed_url, for the API + projector process
    split_projects: list[UUID]
    split_token: str
    split_coach: UUID


def _started(setup: Setup, work: Path, stack: ExitStack) -> dict[str, Target]:
    size = str(setup.row_bytes)
    raw_env = {"SEEDBED_DATABASE_URL": setup.raw_url, "BENCH_ROW_BYTES": size}
    base = stack.enter_context(
        uvicorn_app("bench.baseline_app:create_app", raw_env, work / "baseline.log")
    )
    targets = {
        "no-op": Target(base, ["/noop"], None, {}, False),
        "raw": Target(base, ["/raw"], session_body(setup.coach), {}, False),
    }
    for name, persistence, where in (
        ("library (core recorder)", "core", setup.core_peer),
        ("library (eventsourcing_sqlalchemy)", "sqlalchemy", setup.sqlalchemy_peer),
    ):
        env = peer_env(setup.kind, persistence, where, setup.row_bytes)
        url = stack.enter_context(
            uvicorn_app("bench.peer_app:create_app", env, work / f"peer-{persistence}.log")
        )
        streams = httpx.get(f"{url}/streams", timeout=30).json()
        targets[name] = Target(
            url, [f"/peer/{s}" for s in streams], session_body(setup.coach), {}, False
        )
    env = {
        "SEEDBED_DATABASE_URL": setup.seedbed_url,
        "SEEDBED_WRITE_RATE_PER_MINUTE": "0",  # one admin token carries all the load
    }
    url = stack.enter_context(seedbed_server(env, work / "writes.log"))
    targets["seedbed"] = Target(
        url,
        [f"/projects/{p}/sessions" for p in setup.projects],
        session_body(setup.coach),
        {"Authorization": f"Bearer {setup.token}"},
        True,
    )
    split = {**env, "SEEDBED_DATABASE_URL": setup.split_url, "SEEDBED_EMBEDDED_PROJECTOR": "false"}
    stack.enter_context(seedbed_projector(split, work / "projector.log"))
    url = stack.enter_context(seedbed_server(split, work / "writes-split.log"))
    targets[SPLIT] = Target(
        url,
        [f"/projects/{p}/sessions" for p in setup.split_projects],
        session_body(setup.split_coach),
        {"Authorization": f"Bearer {setup.split_token}"},
        True,
    )
    return targets


def _load(target: Target, clients: int, seconds: float, work: Path) -> WrkResult:
    return run_wrk(
        target.url, target.paths, target.body, clients, seconds, work, target.headers, target.keyed
    )


def measure(
    setup: Setup, seconds: float, rounds: int, work: Path, log: Callable[[str], None]
) -> tuple[dict[tuple[str, int], list[WrkResult]], float | None]:
    """Every server at 32 and at 1 client, `rounds` times; and Seedbed's peak memory (MiB)."""
    found: dict[tuple[str, int], list[WrkResult]] = {(s, c): [] for s in SERVERS for c in (32, 1)}
    with ExitStack() as stack:
        targets = _started(setup, work, stack)
        for target in targets.values():  # warm up: caches, connections, the pools
            _load(target, 4, 1, work)
        for round_no in range(rounds):
            log(f"writes: round {round_no + 1} of {rounds} (wrk, {len(SERVERS)} servers)")
            for clients in (32, 1):
                for name in SERVERS:
                    found[(name, clients)].append(_load(targets[name], clients, seconds, work))
                    if name.startswith("seedbed"):
                        time.sleep(1.0)  # let its projector catch up, off the clock
        memory = peak_memory_mb(targets["seedbed"].url)
    return found, memory


def _median(results: list[WrkResult], of: Callable[[WrkResult], float]) -> float:
    return statistics.median(of(r) for r in results)


def figures(found: dict[tuple[str, int], list[WrkResult]], memory: float | None) -> list[Figure]:
    def rate(name: str, clients: int) -> float:
        return _median(found[(name, clients)], lambda r: r.rate)

    def rates(name: str, clients: int) -> list[float]:
        return [r.rate for r in found[(name, clients)]]

    def flag(value: float, clients: int) -> str:
        noop = rate("no-op", clients)
        return (
            ""
            if noop >= HEADROOM * value
            else f"FLAGGED: the no-op ran only {noop / value:.1f}x this rate; "
        )

    errors = sum(r.errors for c in (32, 1) for r in found[("seedbed", c)])
    peer_errors = sum(r.errors for s in SERVERS[2:4] for c in (32, 1) for r in found[(s, c)])
    core, sqla = SERVERS[2], SERVERS[3]
    out: list[Figure] = []
    for clients in (32, 1):
        who = f"{clients} client{'s' if clients > 1 else ''}"
        seedbed, raw = rate("seedbed", clients), rate("raw", clients)
        fastest = max(rate(s, clients) for s in SERVERS[1:])
        noop = rate("no-op", clients)
        out.append(
            Figure(
                f"load generator headroom ({clients} clients): no-op / fastest measured",
                noop,
                "requests/s",
                fastest,
                noop / fastest,
                f"≥ {HEADROOM:g}x (else the figures are flagged)",
                noop >= HEADROOM * fastest,
                spread(rates("no-op", clients)),
                "wrk against POST /noop of the baseline app",
                rates("no-op", clients),
            )
        )
        target = 1.0 if clients == 32 else None
        out.append(
            Figure(
                f"session-log throughput ({who}) vs raw",
                seedbed,
                "requests/s",
                raw,
                seedbed / raw,
                "≥ 1.0 of raw INSERT+COMMIT requests/s (group commit)" if target else "reported",
                None if target is None else seedbed / raw >= target,
                spread(rates("seedbed", clients)),
                f"{flag(max(seedbed, raw), clients)}{errors} errors in Seedbed's runs; "
                "200 projects, keyed requests, embedded projector on",
                rates("seedbed", clients),
            )
        )
        for peer, label, goal in (
            (core, "core-recorder", 2.0),
            (sqla, "eventsourcing_sqlalchemy", None),
        ):
            value = rate(peer, clients)
            goal_here = goal if clients == 32 else None
            out.append(
                Figure(
                    f"session-log throughput ({who}) vs the library's {label} app",
                    seedbed,
                    "requests/s",
                    value,
                    seedbed / value,
                    f"≥ {goal_here:g}x the peer" if goal_here else "reported",
                    None if goal_here is None else seedbed / value >= goal_here,
                    "",
                    f"{flag(max(seedbed, value), clients)}the peer: get + change + save of a "
                    f"same-sized event, {peer_errors} errors in the peers' runs",
                )
            )
            out.append(
                Figure(
                    f"peer: the library's {label} app ({who}) vs raw",
                    value,
                    "requests/s",
                    raw,
                    value / raw,
                    "reported",
                    None,
                    spread(rates(peer, clients)),
                    flag(max(value, raw), clients),
                    rates(peer, clients),
                )
            )
        split = rate(SPLIT, clients)
        split_errors = sum(r.errors for r in found[(SPLIT, clients)])
        for baseline, label in (
            (raw, "raw"),
            (rate(core, clients), "the library's core-recorder app"),
        ):
            out.append(
                Figure(
                    f"deployed split: session-log throughput ({who}) vs {label}",
                    split,
                    "requests/s",
                    baseline,
                    split / baseline,
                    "reported",
                    None,
                    spread(rates(SPLIT, clients)) if label == "raw" else "",
                    f"{flag(max(split, baseline), clients)}the API with "
                    f"SEEDBED_EMBEDDED_PROJECTOR=false and `seedbed projector` beside it; "
                    f"{split_errors} errors",
                    rates(SPLIT, clients) if label == "raw" else [],
                )
            )
    p50 = _median(found[("seedbed", 1)], lambda r: r.p50_ms)
    base_p50 = _median(found[("raw", 1)], lambda r: r.p50_ms)
    core_p50 = _median(found[(core, 1)], lambda r: r.p50_ms)
    out.append(
        Figure(
            "command latency p50 (1 client)",
            p50,
            "ms",
            base_p50,
            p50 / base_p50,
            "p50 ≤ 2x raw",
            p50 <= 2 * base_p50,
            f"p99 {_median(found[('seedbed', 1)], lambda r: r.p99_ms):.2f} ms (raw "
            f"{_median(found[('raw', 1)], lambda r: r.p99_ms):.2f} ms)",
            f"the core-recorder peer's p50: {core_p50:.2f} ms ({p50 / core_p50:.2f}x)",
        )
    )
    p99 = _median(found[("seedbed", 32)], lambda r: r.p99_ms)
    base_p99 = _median(found[("raw", 32)], lambda r: r.p99_ms)
    out.append(
        Figure(
            "session-log p99 under load (32 clients)",
            p99,
            "ms",
            base_p99,
            p99 / base_p99,
            "p99 ≤ 3x raw's",
            p99 <= 3 * base_p99,
            "",
        )
    )
    if memory is not None:
        out.append(
            Figure(
                "peak memory of the API process (writes)",
                memory,
                "MiB",
                None,
                None,
                "reported",
                None,
                "",
                "VmHWM of `seedbed serve` after every write round",
            )
        )
    return out


def summary(found: dict[tuple[str, int], list[WrkResult]]) -> Iterator[str]:
    """One line per server and client count (for the log)."""
    for (name, clients), results in found.items():
        yield f"{name:40} c={clients:<3} " + " ".join(f"{r.rate:8.1f}" for r in results)
