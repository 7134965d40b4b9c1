"""migrate, serve and the projector: running the service."""

from __future__ import annotations

import argparse
import sys

from app.cli.base import Commands, safe_url
from app.settings import Settings

REQUEST_LINE_ROOM = 16 * 1024


def _migrate(_args: argparse.Namespace, settings: Settings) -> int:
    from app.cli.progress import ProgressBar
    from migrations import upgrade
    from store.database import make_engine
    from store.reanchor import pending, reanchor

    upgrade(settings.database_url)
    print(f"database at head: {safe_url(settings.database_url)}", file=sys.stderr)
    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_ms)
    try:
        if pending(engine):
            print(
                "free text stored as plain text: rewriting it as erasable values", file=sys.stderr
            )
            bar = ProgressBar("re-anchor", unit="streams")
            report = reanchor(engine, bar)
            bar.close()
            for stream, old, new in report.anchors:
                print(f"{stream}  old head {old}  new head {new}")
            print(
                f"re-anchored {report.streams} streams ({report.events} events, "
                f"{report.values} free-text values); every chain verified before and after; "
                "the old heads are kept in seedbed_chain_anchors"
            )
    finally:
        engine.dispose()
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    _require_migrated(settings)
    host = args.host or settings.host
    port = args.port or settings.port
    uvicorn.run(
        "api.main:create_app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=args.workers,
        http=args.http,
        loop="uvloop",
        log_level=args.log_level,
        access_log=False,
        # httptools has no header limit (the app's HeaderSizeLimit answers 431); h11 bounds the
        # request head itself: the headers' limit, plus room for the request line.
        h11_max_incomplete_event_size=settings.max_header_bytes + REQUEST_LINE_ROOM,
    )
    return 0


def _require_migrated(settings: Settings) -> None:
    """Stops with one line when the database's schema is not this version's (the app's
    lifespan checks it too, for servers started otherwise)."""
    from migrations import schema_problem
    from store.database import make_engine

    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_ms)
    try:
        problem = schema_problem(engine)
    finally:
        engine.dispose()
    if problem is not None:
        raise RuntimeError(problem)


def _projector(_args: argparse.Namespace, settings: Settings) -> int:
    import signal

    from app.bootstrap import build_container

    _require_migrated(settings)
    container = build_container(settings)
    signal.signal(signal.SIGTERM, lambda *_: container.runner.stop(timeout=0))
    print("projector: catching up and following new events (Ctrl-C stops)", file=sys.stderr)
    try:
        container.runner.run_forever()
    finally:
        container.close()
    return 0


def register(commands: Commands) -> None:
    migrate = commands.add_parser(
        "migrate", help="create or upgrade every table (alembic upgrade head)"
    )
    migrate.set_defaults(handler=_migrate)

    serve = commands.add_parser("serve", help="run the HTTP service with uvicorn")
    serve.add_argument("--host", help="bind address (default: SEEDBED_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default: SEEDBED_PORT or 8000)")
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    serve.add_argument("--log-level", default="info", help="uvicorn log level")
    serve.add_argument(
        "--http",
        choices=("httptools", "h11"),
        default="httptools",
        help="uvicorn's HTTP implementation (default httptools; h11 is pure Python)",
    )
    serve.set_defaults(handler=_serve)

    projector = commands.add_parser(
        "projector", help="run the projection runner in this process (one per deployment)"
    )
    projector.set_defaults(handler=_projector)
