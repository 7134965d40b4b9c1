"""`seedbed audit export|verify|replay` and `seedbed import`: auditors' tools."""

from __future__ import annotations

import argparse
import sys

from app.cli.base import Commands, opened
from app.settings import Settings


def _audit_export(args: argparse.Namespace, settings: Settings) -> int:
    from uuid import UUID

    from app import audit

    with opened(settings) as container:
        project = UUID(args.project) if args.project else None
        if args.out == "-":
            count = audit.export_bundle(container.incubator, sys.stdout, project)
        else:
            with open(args.out, "w", encoding="utf-8") as out:
                count = audit.export_bundle(container.incubator, out, project)
    print(f"exported {count} events to {args.out}", file=sys.stderr)
    return 0


def _print_chain(report: object) -> None:
    from store.chain import ChainReport

    assert isinstance(report, ChainReport)
    if report.intact:
        print(f"{report.stream_id}  intact  {report.events} events  head {report.head}")
    else:
        print(
            f"{report.stream_id}  BROKEN at version {report.broken_at}: {report.reason} "
            f"({report.events} events verified before it)"
        )


def _audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    from uuid import UUID

    from app import audit
    from app.cli.progress import ProgressBar

    broken = total = 0
    with opened(settings) as container:
        if args.project:
            reports = [audit.verify_project(container.incubator, UUID(args.project))]
        else:
            bar = ProgressBar("verify", unit="streams")
            streams, checked = audit.verify_everything(container.incubator)
            reports = []
            for report in checked:
                reports.append(report)
                bar(len(reports), streams)
            bar.close()
        for report in reports:
            total += 1
            broken += 0 if report.intact else 1
            if not report.intact or args.project or args.verbose:
                _print_chain(report)
            if args.project and (anchor := audit.anchor_of(container.incubator, report.stream_id)):
                print(
                    f"  re-anchored {anchor.reanchored_at:%Y-%m-%d} when free text became "
                    f"erasable: old head {anchor.old_head} ({anchor.events} events)"
                )
    print(f"{total} streams verified, {broken} broken")
    return 1 if broken else 0


def _audit_replay(args: argparse.Namespace, _settings: Settings) -> int:
    from datetime import date
    from pathlib import Path

    from app import audit

    bundle = audit.load_bundle(Path(args.bundle))
    result = audit.replay_offline(bundle)
    broken = [c for c in result.chains if not c.intact]
    for chain in result.chains:
        _print_chain(chain)
    print(
        f"{len(result.chains)} chains checked, {len(broken)} broken "
        f"(bundle of {bundle.manifest['scope']})"
    )
    for project in result.projects:
        line = (
            f"project {project.id} {project.title!r}: stage {project.stage.value}, "
            f"status {project.status.value}, version {project.version}"
        )
        if args.on:
            day = date.fromisoformat(args.on)
            stages = [c.to_stage.value for c in project.stage_history if c.occurred_on <= day]
            line += f"; on {day}: {stages[-1] if stages else 'not yet proposed'}"
        print(line)
    portfolio = result.portfolio
    print(f"read models rebuilt: {portfolio.projects} projects, by stage {portfolio.by_stage}")
    return 1 if broken else 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from app import audit
    from app.cli.progress import ProgressBar

    bundle = audit.load_bundle(Path(args.bundle))
    with opened(settings) as container:
        count = audit.import_bundle(container.incubator, bundle)
        bar = ProgressBar("projecting")
        container.runner.catch_up(bar)
        bar.close()
    print(
        f"imported {count} events; every chain re-verified to the bundle's heads", file=sys.stderr
    )
    return 0


def register(commands: Commands) -> None:
    audit_parser = commands.add_parser("audit", help="verify, export and replay histories")
    actions = audit_parser.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write a bundle: events with their hashes")
    export.add_argument("--project", help="one project (with its network); default: everything")
    export.add_argument("--out", default="-", help="file to write (default: standard output)")
    export.set_defaults(handler=_audit_export)
    verify_chain = actions.add_parser("verify", help="recompute the hash chains")
    scope = verify_chain.add_mutually_exclusive_group()
    scope.add_argument("--project", help="one project's stream")
    scope.add_argument("--all", action="store_true", help="every stream (the default)")
    verify_chain.add_argument("--verbose", action="store_true", help="list intact streams too")
    verify_chain.set_defaults(handler=_audit_verify)
    replay = actions.add_parser(
        "replay", help="check a bundle and rebuild its projects and read models offline"
    )
    replay.add_argument("bundle", help="a file written by `seedbed audit export`")
    replay.add_argument("--on", metavar="DATE", help="also say which stage each project was in")
    replay.set_defaults(handler=_audit_replay)

    importing = commands.add_parser("import", help="load a bundle into an empty database")
    importing.add_argument("bundle", help="a file written by `seedbed audit export`")
    importing.set_defaults(handler=_import)
