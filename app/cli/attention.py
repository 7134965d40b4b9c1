"""`seedbed attention --digest`: what is due, as text for a mail or chat job."""

from __future__ import annotations

import argparse
import json

from app.cli.base import Commands, opened
from app.settings import Settings


def _attention(args: argparse.Namespace, settings: Settings) -> int:
    from uuid import UUID

    from app.attention import attention_for, digest

    with opened(settings) as container:
        container.runner.catch_up()
        person = UUID(args.person) if args.person else None
        items = attention_for(
            container.incubator,
            container.read_models,
            args.role if person else "admin",
            person,
            container.clock().date(),
            settings.no_contact_days,
        )
    if args.digest:
        print(digest(items), end="")
    else:
        for item in items:
            print(
                json.dumps(
                    {
                        "kind": item.kind,
                        "project_id": str(item.project_id),
                        "title": item.title,
                        "since": item.since.isoformat(),
                        "due_on": None if item.due_on is None else item.due_on.isoformat(),
                        "detail": item.detail,
                    },
                    ensure_ascii=False,
                )
            )
    return 0


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "attention", help="what is due: check-ins, follow-ups, no contact, gates, reviews"
    )
    parser.add_argument("--digest", action="store_true", help="plain text grouped by kind")
    parser.add_argument(
        "--role",
        choices=("coach", "coordinator"),
        default="coordinator",
        help="with --person: whose projects (default: every project)",
    )
    parser.add_argument("--person", help="the coach's or coordinator's person id")
    parser.set_defaults(handler=_attention)
