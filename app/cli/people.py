"""`seedbed people erase`: a person's erasure from the command line, with the redaction of
every free-text value that names them (`--redact-matches`) in the same run."""

from __future__ import annotations

import argparse
import sys
from uuid import UUID

from app.cli.base import Commands, opened
from app.settings import Settings

# What the events of a redaction made here record as their actor (the API records the token).
ACTOR = "cli:people-erase"


def _erase(args: argparse.Namespace, settings: Settings) -> int:
    from app.privacy import erase_person

    person_id = UUID(args.person_id)
    with opened(settings) as container:
        incubator = container.incubator
        matches = erase_person(incubator, person_id, args.reason)
        container.settle_erasure()
        print(f"person {person_id} erased", file=sys.stderr)
        for match in matches:
            if args.redact_matches:
                incubator.redact(
                    match.project_id,
                    version=match.version,
                    field=match.field,
                    reason=args.reason,
                    actor=ACTOR,
                )
            done = "redacted" if args.redact_matches else "names them"
            print(f"{match.project_id}\t{match.version}\t{match.field}\t{done}")
        if args.redact_matches and matches:
            # The read models re-derive the projects without the text; then the old copies go.
            container.runner.catch_up()
            container.settle_redaction(container.runner.head())
    noun = "value" if len(matches) == 1 else "values"
    if matches and not args.redact_matches:
        print(
            f"{len(matches)} free-text {noun} name the person: review them and redact each "
            "(POST /projects/{id}/redactions), or run again with --redact-matches",
            file=sys.stderr,
        )
    elif matches:
        print(f"{len(matches)} free-text {noun} redacted", file=sys.stderr)
    return 0


def register(commands: Commands) -> None:
    people = commands.add_parser("people", help="personal data: erase a person")
    actions = people.add_subparsers(dest="people_command", required=True, metavar="ACTION")
    erase = actions.add_parser(
        "erase",
        help="erase a person's name and contact; list (or redact) free text that names them",
    )
    erase.add_argument("person_id", help="the person's id")
    erase.add_argument("--reason", required=True, help="why (recorded with the erasure)")
    erase.add_argument(
        "--redact-matches",
        action="store_true",
        help="also redact every free-text value containing the name or contact",
    )
    erase.set_defaults(handler=_erase)
