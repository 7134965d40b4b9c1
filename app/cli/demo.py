"""`seedbed seed-demo`: the SEMPRE demo programme."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.base import Commands, opened
from app.settings import Settings


def _seed_demo(args: argparse.Namespace, settings: Settings) -> int:
    from app.cli.progress import ProgressBar
    from app.demo import DemoProgramme
    from app.demo_programmes import ACCELERATORS, programme_id
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
        tokens: dict[str, str] = {}
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
            tokens[role.value] = token
        print("projecting ...", file=sys.stderr)
        container.runner.catch_up()
    print(
        f"demo programme loaded: {summary.networks} networks, {summary.projects} projects, "
        f"{summary.people} people, {summary.events} events",
        file=sys.stderr,
    )
    lines = [f"{role:<12} {token}" for role, token in tokens.items()]
    _private_file(Path(args.tokens_file), "\n".join(lines) + "\n")
    exports = {
        "ADMIN_TOKEN": tokens["admin"],
        "DASHBOARD_TOKEN": tokens["dashboard"],
        "AUDITOR_TOKEN": tokens["auditor"],
        "COORD_TOKEN": tokens.get("coordinator"),
        "COACH_TOKEN": tokens.get("coach"),
        "PROJECT": summary.project_id,
        "COACH": summary.coach_id,
        "COORDINATOR": summary.coordinator_id,
        "NETWORK": summary.network_id,
        "ALLDI": summary.alldi_id,
        "ACCELERATORS": programme_id(ACCELERATORS, args.seed),
    }
    env_file = Path(args.env_file)
    _private_file(
        env_file,
        "# The demo's tokens and the ids the README's examples use: `. var/demo.env`\n"
        + "".join(f"export {k}={v}\n" for k, v in exports.items() if v is not None),
    )
    print(
        f"demo tokens (also in {args.tokens_file}; ids for the README in {env_file}):",
        file=sys.stderr,
    )
    for line in lines:
        print(f"  {line}", file=sys.stderr)
    print(
        f"  walk-through project {summary.project_id}, its coach {summary.coach_id}",
        file=sys.stderr,
    )
    return 0


def _private_file(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o600)


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
    demo.add_argument(
        "--env-file",
        default="var/demo.env",
        help="where to write the tokens and ids as shell exports (for the README's examples)",
    )
    demo.set_defaults(handler=_seed_demo)
