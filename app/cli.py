"""The `seedbed` command line: one entry point, a subcommand per job, `--help` on each."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.settings import Settings


def _migrate(_args: argparse.Namespace, settings: Settings) -> int:
    from app.migrate import upgrade

    upgrade(settings)
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
        code: int = args.handler(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        print(f"seedbed {args.command}: error: {_one_line(error)}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
