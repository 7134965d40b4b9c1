"""The `seedbed` command line: one entry point, a subcommand per job, `--help` on each."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from app.settings import Settings

if TYPE_CHECKING:
    from app.bootstrap import Container


@contextmanager
def opened(settings: Settings) -> Iterator[Container]:
    """The composition root for one command: built from settings, closed afterwards."""
    from app.bootstrap import build_container

    container = build_container(settings)
    try:
        yield container
    finally:
        container.close()


def _migrate(_args: argparse.Namespace, settings: Settings) -> int:
    from migrations import upgrade

    upgrade(settings.database_url)
    print(f"database at head: {_safe_url(settings.database_url)}", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    host = args.host or settings.host
    port = args.port or settings.port
    uvicorn.run(
        "api.main:create_app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=args.workers,
        http="httptools",
        loop="uvloop",
        log_level=args.log_level,
        access_log=False,
    )
    return 0


def _token_create(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import timedelta
    from uuid import UUID

    from store.tokens import Role

    with opened(settings) as container:
        person_id = UUID(args.person) if args.person else None
        if person_id is not None:
            container.incubator.get_person(person_id)
        expires = timedelta(days=args.expires_in_days) if args.expires_in_days else None
        info, token = container.tokens.create(
            Role(args.role), person_id, container.clock(), args.label, expires
        )
    print(token)
    print(f"token {info.id} ({info.role.value}) created; it is shown only once", file=sys.stderr)
    return 0


def _token_list(_args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings) as container:
        tokens = container.tokens.list()
    print(f"{'id':<16}  {'role':<11}  {'person':<36}  {'state':<8}  created     label")
    for t in tokens:
        expired = t.expires_at is not None and t.expires_at <= container.clock()
        state = "revoked" if t.revoked_at else "expired" if expired else "active"
        person = str(t.person_id) if t.person_id else "-"
        created = t.created_at.date().isoformat()
        print(f"{t.id:<16}  {t.role.value:<11}  {person:<36}  {state:<8}  {created}  {t.label}")
    return 0


def _token_revoke(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings) as container:
        container.tokens.revoke(args.token_id, container.clock())
    print(f"token {args.token_id} revoked", file=sys.stderr)
    return 0


def _projector(_args: argparse.Namespace, settings: Settings) -> int:
    import signal

    from app.bootstrap import build_container

    container = build_container(settings)
    signal.signal(signal.SIGTERM, lambda *_: container.runner.stop(timeout=0))
    print("projector: catching up and following new events (Ctrl-C stops)", file=sys.stderr)
    try:
        container.runner.run_forever()
    finally:
        container.close()
    return 0


def _projections_status(_args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings) as container:
        lag = container.read_models.lag()
    print(f"head position: {lag.head}")
    for name, position in lag.positions.items():
        print(f"{name:<28} {position:>10}  behind by {lag.head - position}")
    print(f"lag: {lag.events} events, {lag.seconds} s")
    return 0


def _projections_rebuild(args: argparse.Namespace, settings: Settings) -> int:
    from app.progress import ProgressBar
    from projections.rebuild import Rebuilder
    from projections.registry import NAMES

    names = [args.name] if args.name else list(NAMES)
    with opened(settings) as container:
        rebuilder = Rebuilder(
            container.engine, container.incubator.recorder, container.incubator.mapper
        )
        for name in names:
            bar = ProgressBar(f"rebuild {name}")
            position = rebuilder.rebuild(name, bar)
            bar.close()
            print(f"{name}: rebuilt to position {position} and swapped in", file=sys.stderr)
    return 0


def _projections_verify(args: argparse.Namespace, settings: Settings) -> int:
    from app.progress import ProgressBar
    from projections.rebuild import Rebuilder
    from projections.registry import NAMES

    names = [args.name] if args.name else list(NAMES)
    differing = 0
    with opened(settings) as container:
        rebuilder = Rebuilder(
            container.engine, container.incubator.recorder, container.incubator.mapper
        )
        for name in names:
            bar = ProgressBar(f"verify {name}")
            report = rebuilder.verify(name, bar)
            bar.close()
            if report.identical:
                print(f"{name}: identical to a fresh rebuild at position {report.position}")
                continue
            differing += 1
            print(f"{name}: DIFFERS from a fresh rebuild at position {report.position}")
            for difference in report.differences:
                print(
                    f"  {difference.table}: {difference.missing_in_live} rows missing, "
                    f"{difference.extra_in_live} rows extra"
                )
                for example in difference.examples:
                    print(f"    {example}")
    return 1 if differing else 0


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
    from app.progress import ProgressBar

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
    from app.progress import ProgressBar

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


def _seed_demo(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from app.demo import DemoProgramme
    from app.progress import ProgressBar
    from store.tokens import ROLES_WITH_A_PERSON, Role

    with opened(settings) as container:
        if container.incubator.recorder.max_notification_id():
            if args.if_empty:
                print(
                    "seed-demo: the database already holds events; nothing loaded", file=sys.stderr
                )
                return 0
            raise RuntimeError(
                "the database already holds events (use an empty one, or --if-empty)"
            )
        bar = ProgressBar("seed-demo", unit="projects")
        summary = DemoProgramme(container.incubator, seed=args.seed).load(args.projects, bar)
        bar.close()
        lines = []
        for role, person in (
            (Role.ADMIN, None),
            (Role.DASHBOARD, None),
            (Role.AUDITOR, None),
            (Role.COORDINATOR, summary.coordinator_id),
            (Role.COACH, summary.coach_id),
        ):
            if role in ROLES_WITH_A_PERSON and person is None:
                continue
            _info, token = container.tokens.create(role, person, container.clock(), "seed-demo")
            lines.append(f"{role.value:<12} {token}")
        print("projecting ...", file=sys.stderr)
        container.runner.catch_up()
    print(
        f"demo programme loaded: {summary.networks} networks, {summary.projects} projects, "
        f"{summary.people} people, {summary.events} events",
        file=sys.stderr,
    )
    token_file = Path(args.tokens_file)
    token_file.parent.mkdir(parents=True, exist_ok=True)
    token_file.write_text("\n".join(lines) + "\n")
    token_file.chmod(0o600)
    print(f"demo tokens (also in {token_file}):", file=sys.stderr)
    for line in lines:
        print(f"  {line}", file=sys.stderr)
    return 0


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from app.progress import ProgressBar
    from store.backup import backup_sqlite

    bar = ProgressBar("backup", unit="pages")
    pages = backup_sqlite(settings.sqlite_path(), Path(args.target), bar)
    bar.close()
    print(f"backed up {pages} pages to {args.target}", file=sys.stderr)
    return 0


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _one_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines()]
    return " ".join(line for line in lines if line and not line.startswith("(Background on"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="seedbed",
        description="Seedbed: an event-sourced incubation tracker for rural micro projects. "
        "Configuration comes from SEEDBED_* environment variables (see README).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    migrate = commands.add_parser(
        "migrate", help="create or upgrade every table (alembic upgrade head)"
    )
    migrate.set_defaults(handler=_migrate)

    serve = commands.add_parser("serve", help="run the HTTP service with uvicorn")
    serve.add_argument("--host", help="bind address (default: SEEDBED_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: SEEDBED_PORT or 8000)")
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.add_argument("--log-level", default="info", help="uvicorn log level")
    serve.set_defaults(handler=_serve)

    projector = commands.add_parser(
        "projector", help="run the projection runner in this process (one per deployment)"
    )
    projector.set_defaults(handler=_projector)

    projections = commands.add_parser("projections", help="rebuild, verify or inspect read models")
    projection_commands = projections.add_subparsers(
        dest="projections_command", required=True, metavar="ACTION"
    )
    from projections.registry import NAMES

    rebuild = projection_commands.add_parser(
        "rebuild", help="rebuild from position 0 into fresh tables and swap them in"
    )
    rebuild.add_argument("name", nargs="?", choices=NAMES, help="one read model (default: all)")
    rebuild.set_defaults(handler=_projections_rebuild)
    verify = projection_commands.add_parser(
        "verify", help="rebuild into scratch tables and report any difference (exit 1 if any)"
    )
    verify.add_argument("name", nargs="?", choices=NAMES, help="one read model (default: all)")
    verify.set_defaults(handler=_projections_verify)
    status = projection_commands.add_parser("status", help="positions and lag of each read model")
    status.set_defaults(handler=_projections_status)

    audit_parser = commands.add_parser("audit", help="verify, export and replay histories")
    audit_commands = audit_parser.add_subparsers(
        dest="audit_command", required=True, metavar="ACTION"
    )
    export = audit_commands.add_parser("export", help="write a bundle: events with their hashes")
    export.add_argument("--project", help="one project (with its network); default: everything")
    export.add_argument("--out", default="-", help="file to write (default: standard output)")
    export.set_defaults(handler=_audit_export)
    verify_chain = audit_commands.add_parser("verify", help="recompute the hash chains")
    scope = verify_chain.add_mutually_exclusive_group()
    scope.add_argument("--project", help="one project's stream")
    scope.add_argument("--all", action="store_true", help="every stream (the default)")
    verify_chain.add_argument("--verbose", action="store_true", help="list intact streams too")
    verify_chain.set_defaults(handler=_audit_verify)
    replay = audit_commands.add_parser(
        "replay", help="check a bundle and rebuild its projects and read models offline"
    )
    replay.add_argument("bundle", help="a file written by `seedbed audit export`")
    replay.add_argument("--on", metavar="DATE", help="also say which stage each project was in")
    replay.set_defaults(handler=_audit_replay)

    importing = commands.add_parser("import", help="load a bundle into an empty database")
    importing.add_argument("bundle", help="a file written by `seedbed audit export`")
    importing.set_defaults(handler=_import)

    demo = commands.add_parser(
        "seed-demo", help="load the SEMPRE demo programme (2016-2021) into an empty database"
    )
    demo.add_argument(
        "--seed", type=int, default=2016, help="the same seed gives the same programme"
    )
    demo.add_argument("--projects", type=int, default=26, help="how many projects (26: SEMPRE)")
    demo.add_argument("--if-empty", action="store_true", help="do nothing if events exist")
    demo.add_argument(
        "--tokens-file", default="var/demo-tokens.txt", help="where to write the demo tokens"
    )
    demo.set_defaults(handler=_seed_demo)

    backup = commands.add_parser(
        "backup", help="online copy of the SQLite database to a new file (PostgreSQL: pg_dump)"
    )
    backup.add_argument("target", help="the new file to write")
    backup.set_defaults(handler=_backup)

    token = commands.add_parser("token", help="issue, list and revoke API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    create = token_commands.add_parser(
        "create", help="issue a token; prints the token alone on standard output"
    )
    create.add_argument(
        "--role", required=True, choices=["coach", "coordinator", "dashboard", "auditor", "admin"]
    )
    create.add_argument("--person", help="the person id (required for coach and coordinator)")
    create.add_argument("--label", default="", help="a note on what the token is for")
    create.add_argument("--expires-in-days", type=int, help="the token stops working after N days")
    create.set_defaults(handler=_token_create)
    listing = token_commands.add_parser("list", help="every token (never the secret)")
    listing.set_defaults(handler=_token_list)
    revoke = token_commands.add_parser("revoke", help="revoke a token by its id")
    revoke.add_argument("token_id")
    revoke.set_defaults(handler=_token_revoke)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
        code: int = args.handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the CLI's one place that turns any error into one line
        sub = next(
            (
                getattr(args, name)
                for name in ("token_command", "projections_command", "audit_command")
                if getattr(args, name, None)
            ),
            None,
        )
        command = " ".join(a for a in (args.command, sub) if a)
        print(f"seedbed {command}: error: {_one_line(error)}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
