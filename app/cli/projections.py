"""`seedbed projections rebuild|verify|status`: the read models."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from app.bootstrap import Container
from app.cli.base import Commands, opened
from app.cli.progress import ProgressBar
from app.settings import Settings
from projections.rebuild import Rebuilder
from projections.registry import NAMES


def _projections_status(_args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings) as container:
        lag = container.read_models.lag()
    print(f"head position: {lag.head}")
    for name, position in lag.positions.items():
        print(f"{name:<28} {position:>10}  behind by {lag.head - position}")
    print(f"lag: {lag.events} events, {lag.seconds} s")
    return 0


def _rebuilder(container: Container) -> Rebuilder:
    return Rebuilder(container.engine, container.incubator.recorder, container.incubator.mapper)


def _each_read_model(
    args: argparse.Namespace,
    settings: Settings,
    verb: str,
    run: Callable[[Rebuilder, str, ProgressBar], int],
) -> int:
    """Runs `run` for the named read model (or every one) with a progress bar each; returns
    how many of them `run` reported as differing."""
    failed = 0
    with opened(settings) as container:
        rebuilder = _rebuilder(container)
        for name in [args.name] if args.name else list(NAMES):
            bar = ProgressBar(f"{verb} {name}")
            try:
                failed += run(rebuilder, name, bar)
            finally:
                bar.close()
    return failed


def _rebuild_one(rebuilder: Rebuilder, name: str, bar: ProgressBar) -> int:
    position = rebuilder.rebuild(name, bar)
    bar.close()
    print(f"{name}: rebuilt to position {position} and swapped in", file=sys.stderr)
    return 0


def _verify_one(rebuilder: Rebuilder, name: str, bar: ProgressBar) -> int:
    report = rebuilder.verify(name, bar)
    bar.close()
    if report.identical:
        print(f"{name}: identical to a fresh rebuild at position {report.position}")
        return 0
    print(f"{name}: DIFFERS from a fresh rebuild at position {report.position}")
    for difference in report.differences:
        print(
            f"  {difference.table}: {difference.missing_in_live} rows missing, "
            f"{difference.extra_in_live} rows extra"
        )
        for example in difference.examples:
            print(f"    {example}")
    return 1


def _projections_rebuild(args: argparse.Namespace, settings: Settings) -> int:
    if args.name:
        _each_read_model(args, settings, "rebuild", _rebuild_one)
        return 0
    # Every read model in one pass over the events (each read and decoded once for all).
    with opened(settings) as container:
        bar = ProgressBar("rebuild every read model")
        try:
            positions = _rebuilder(container).rebuild_many(NAMES, bar)
        finally:
            bar.close()
    for name, position in positions.items():
        print(f"{name}: rebuilt to position {position} and swapped in", file=sys.stderr)
    return 0


def _projections_verify(args: argparse.Namespace, settings: Settings) -> int:
    return 1 if _each_read_model(args, settings, "verify", _verify_one) else 0


def register(commands: Commands) -> None:
    projections = commands.add_parser("projections", help="rebuild, verify or inspect read models")
    actions = projections.add_subparsers(
        dest="projections_command", required=True, metavar="ACTION"
    )
    rebuild = actions.add_parser(
        "rebuild", help="rebuild from position 0 into fresh tables and swap them in"
    )
    rebuild.add_argument("name", nargs="?", choices=NAMES, help="one read model (default: all)")
    rebuild.set_defaults(handler=_projections_rebuild)
    verify = actions.add_parser(
        "verify", help="rebuild into scratch tables and report any difference (exit 1 if any)"
    )
    verify.add_argument("name", nargs="?", choices=NAMES, help="one read model (default: all)")
    verify.set_defaults(handler=_projections_verify)
    status = actions.add_parser("status", help="positions and lag of each read model")
    status.set_defaults(handler=_projections_status)
