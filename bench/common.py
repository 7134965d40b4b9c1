"""What every figure shares: timing, percentiles, the results file and the table."""

from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None
    ratio: float | None
    target: str
    met: bool | None
    spread: str = ""
    notes: str = ""
    rounds: list[float] = field(default_factory=list)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def median_of(rounds: Callable[[], float], count: int) -> tuple[float, list[float]]:
    values = [rounds() for _ in range(count)]
    return statistics.median(values), values


def spread(values: Sequence[float]) -> str:
    return f"{min(values):,.3g} to {max(values):,.3g}" if values else ""


def timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def versions() -> dict[str, str]:
    names = [
        "eventsourcing",
        "eventsourcing-sqlalchemy",
        "sqlalchemy",
        "fastapi",
        "uvicorn",
        "psycopg",
        "pydantic",
        "httptools",
        "uvloop",
    ]
    found = {"python": platform.python_version()}
    for name in names:
        try:
            found[name] = version(name)
        except Exception:  # not installed: not reported
            continue
    return found


def write_results(
    database: str, scale: str, figures: list[Figure], out: Path | None = None
) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = out or RESULTS / "latest.json"
    payload = {
        "database": database,
        "scale": scale,
        "machine": {"cpus": __import__("os").cpu_count(), "platform": platform.platform()},
        "versions": versions(),
        "figures": [asdict(f) for f in figures],
    }
    text = json.dumps(payload, indent=2) + "\n"
    rendered = table(database, scale, figures) + "\n"
    for target in (path, RESULTS / f"{database}-{scale}.json"):
        target.write_text(text)
        target.with_suffix(".md").write_text(rendered)
    return path


def table(database: str, scale: str, figures: list[Figure]) -> str:
    lines = [
        f"Seedbed benchmarks: database {database}, scale {scale}",
        "",
        "| figure | value | baseline | ratio | target | met | spread of rounds |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        baseline = "—" if f.baseline is None else f"{f.baseline:,.4g} {f.unit}"
        ratio = "—" if f.ratio is None else f"{f.ratio:.3f}"
        met = "—" if f.met is None else ("yes" if f.met else "**no**")
        lines.append(
            f"| {f.name} | {f.value:,.4g} {f.unit} | {baseline} | {ratio} | {f.target} | {met} "
            f"| {f.spread} |"
        )
    return "\n".join(lines)
