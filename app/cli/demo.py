"""`seedbed seed-demo`: the SEMPRE demo programme."""

from __future__ import annotations

import argparse
import sys

from app.cli.base import Commands, opened
from app.settings import Settings


def _seed_demo(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from app.cli.progress import ProgressBar
    from app.demo import DemoProgramme
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


def register(commands: Commands) -> None:
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
