"""`seedbed-coach`: log sessions into a local outbox (works without a network), send them later.

    seedbed-coach log PROJECT --type coaching --minutes 90 [--mode on_site] [--level engaged]
                  [--at 2026-12-01T14:00:00+01:00] [--topic T]... [--summary TEXT]
    seedbed-coach sync
    seedbed-coach status

The server, the token and the outbox file come from --server / --token / --outbox or
SEEDBED_URL (default http://127.0.0.1:8000), SEEDBED_TOKEN, SEEDBED_OUTBOX (default
./seedbed-outbox.sqlite3).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime

from seedbed_client.client import SeedbedClient
from seedbed_client.outbox import Outbox


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="seedbed-coach", description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.environ.get("SEEDBED_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=os.environ.get("SEEDBED_TOKEN", ""))
    parser.add_argument(
        "--outbox", default=os.environ.get("SEEDBED_OUTBOX", "seedbed-outbox.sqlite3")
    )
    commands = parser.add_subparsers(dest="command", required=True)
    log = commands.add_parser("log", help="queue a support session (no network needed)")
    log.add_argument("project")
    log.add_argument("--type", default="coaching")
    log.add_argument("--minutes", type=int, required=True)
    log.add_argument("--mode", default="on_site")
    log.add_argument("--level", default="engaged", help="participation level")
    log.add_argument("--at", help="when it started (ISO 8601 with offset); default: now")
    log.add_argument("--topic", action="append", default=[])
    log.add_argument("--summary", default="")
    commands.add_parser("sync", help="send what waits, in order, each once")
    commands.add_parser("status", help="list the outbox")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    outbox = Outbox(args.outbox)
    if args.command == "log":
        body = {
            "type": args.type,
            "started_at": args.at or datetime.now(UTC).isoformat(timespec="seconds"),
            "duration_minutes": args.minutes,
            "mode": args.mode,
            "participation_level": args.level,
            "topics": args.topic,
            "summary": args.summary,
        }
        item = outbox.queue(f"/projects/{args.project}/sessions", body)
        waiting = sum(1 for i in outbox.items() if i.state == "waiting")
        print(f"queued #{item.seq}: a session on {args.project} ({waiting} waiting)")
        return 0
    if args.command == "status":
        for item in outbox.items():
            print(f"#{item.seq}  {item.state:8}  {item.saved_at}  POST {item.path}")
        return 0
    if not args.token:
        print("error: no token (--token or SEEDBED_TOKEN)", file=sys.stderr)
        return 2
    with SeedbedClient(args.server, args.token, retries=2) as client:
        report = outbox.sync(client)
    for item in report.sent:
        answer = item_answer(outbox, item.seq)
        print(
            f"sent #{item.seq}: version {answer.get('version')}, position {answer.get('position')}"
        )
    for item, problem in report.refused:
        print(f"refused #{item.seq}: {problem.type}: {problem.detail}")
    if report.stopped == "unreachable":
        print(f"stopped: the server cannot be reached; {report.waiting} waiting", file=sys.stderr)
        return 1
    if report.stopped == "sign_in":
        print(
            f"stopped: the token is revoked or expired; {report.waiting} waiting", file=sys.stderr
        )
        return 1
    print(f"{report.waiting} waiting")
    return 0


def item_answer(outbox: Outbox, seq: int) -> dict[str, object]:
    found = next(i for i in outbox.items() if i.seq == seq)
    return found.answer or {}


if __name__ == "__main__":
    raise SystemExit(main())
