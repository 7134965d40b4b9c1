"""`python -m bench [--database sqlite|postgresql] [--scale full|small|tiny]`: see README."""

from __future__ import annotations

import argparse
import sys
import time

from bench.check import regressions
from bench.common import table, write_results
from bench.suite import SCALES, run_suite


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Seedbed's benchmark suite"
    )
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--scale", choices=list(SCALES), default="full")
    parser.add_argument(
        "--postgres-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
        help="an admin URL; the suite creates and drops its own databases there",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="CI's regression check: fail when a ratio is beyond bench/check.py's generous "
        "limits; results are not written to bench/results",
    )
    args = parser.parse_args()
    started = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - started:6.0f} s] {message}", file=sys.stderr, flush=True)

    figures = run_suite(args.database, args.scale, args.postgres_url, log)
    print(table(args.database, args.scale, figures))
    if args.check:
        found = regressions(figures)
        for line in found:
            print(f"regression: {line}", file=sys.stderr)
        print("benchmark check: " + ("FAILED" if found else "ok"), file=sys.stderr)
        return 1 if found else 0
    path = write_results(args.database, args.scale, figures)
    print(f"\nwritten: {path} and {path.with_suffix('.md')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
