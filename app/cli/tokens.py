"""`seedbed token create|list|revoke`: API tokens."""

from __future__ import annotations

import argparse
import sys

from app.cli.base import Commands, opened, programme_named
from app.settings import Settings
from store.tokens import Role


def _token_create(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import timedelta
    from uuid import UUID

    from store.tokens import Role

    with opened(settings) as container:
        person_id = UUID(args.person) if args.person else None
        if person_id is not None:
            container.incubator.get_person(person_id)
        programme = programme_named(container, args.programme) if args.programme else None
        expires = timedelta(days=args.expires_in_days) if args.expires_in_days else None
        info, token = container.tokens.create(
            Role(args.role), person_id, container.clock(), args.label, expires, programme
        )
    print(token)
    scoped = f", scoped to programme {programme}" if programme else ""
    print(
        f"token {info.id} ({info.role.value}{scoped}) created; it is shown only once",
        file=sys.stderr,
    )
    return 0


def _token_list(_args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings) as container:
        tokens = container.tokens.list()
    print(
        f"{'id':<16}  {'role':<11}  {'person':<36}  {'programme':<36}  {'state':<8}  "
        "created     label"
    )
    for t in tokens:
        expired = t.expires_at is not None and t.expires_at <= container.clock()
        state = "revoked" if t.revoked_at else "expired" if expired else "active"
        person = str(t.person_id) if t.person_id else "-"
        programme = str(t.programme_id) if t.programme_id else "-"
        created = t.created_at.date().isoformat()
        print(
            f"{t.id:<16}  {t.role.value:<11}  {person:<36}  {programme:<36}  {state:<8}  "
            f"{created}  {t.label}"
        )
    return 0


def _token_revoke(args: argparse.Namespace, settings: Settings) -> int:
    with opened(settings) as container:
        container.tokens.revoke(args.token_id, container.clock())
    print(f"token {args.token_id} revoked", file=sys.stderr)
    return 0


def register(commands: Commands) -> None:
    token = commands.add_parser("token", help="issue, list and revoke API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    create = token_commands.add_parser(
        "create", help="issue a token; prints the token alone on standard output"
    )
    create.add_argument("--role", required=True, choices=[role.value for role in Role])
    create.add_argument("--person", help="the person id (required for coach and coordinator)")
    create.add_argument(
        "--programme",
        help="a programme's id or name: a dashboard or coordinator token then sees only the "
        "projects enrolled in it",
    )
    create.add_argument("--label", default="", help="a note on what the token is for")
    create.add_argument("--expires-in-days", type=int, help="the token stops working after N days")
    create.set_defaults(handler=_token_create)
    listing = token_commands.add_parser("list", help="every token (never the secret)")
    listing.set_defaults(handler=_token_list)
    revoke = token_commands.add_parser("revoke", help="revoke a token by its id")
    revoke.add_argument("token_id")
    revoke.set_defaults(handler=_token_revoke)
