"""The typed client against a real `seedbed serve`: its methods write and read, problem replies
arrive as typed errors, a reply lost after the commit is retried with the same key and records
once (in the client and through the outbox), and `seedbed-coach` queues without a server and
sends later."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from seedbed_client import Outbox, SeedbedClient, errors
from seedbed_client._generated import SessionCreate
from seedbed_client.client import ROUTES
from tests.serving import cli_token, migrated_with_admin, running_server

COACH_CLI = str(Path(sys.executable).parent / "seedbed-coach")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    home = tmp_path_factory.mktemp("client")
    env = {"SEEDBED_DATABASE_URL": f"sqlite:///{home / 'client.sqlite3'}"}
    admin = migrated_with_admin(env)
    with running_server(env, home / "server.log") as url:
        yield url, {**env, "ADMIN_TOKEN": admin["Authorization"].split()[1]}


@pytest.fixture
def scene(served: tuple[str, dict[str, str]]) -> dict[str, str]:
    """A network, a coach and a project they coach, made through the client's own methods."""
    url, env = served
    with SeedbedClient(url, env["ADMIN_TOKEN"]) as admin:
        coach = admin.register_person({"display_name": "Kaja", "role": "coach"})["id"]
        network = admin.register_network(
            {"name": "LEN", "country": "EE", "region": "Valga", "target_group": "youth"}
        )["id"]
        project = admin.propose_project(
            {
                "title": "Noorte köök",
                "network_id": network,
                "target_group": "youth",
                "summary": "A youth kitchen.",
            }
        )["id"]
        admin.assign_coach(project, {"coach_id": coach})
    return {"project": project, "coach": coach, "token": cli_token(env, "coach", coach)}


def session(minutes: int) -> SessionCreate:
    started = (datetime.now(UTC) - timedelta(hours=1)).isoformat(timespec="seconds")
    return {
        "type": "coaching",
        "started_at": started,
        "duration_minutes": minutes,
        "mode": "on_site",
        "participation_level": "engaged",
    }


def minutes_logged(url: str, token: str, project: str) -> list[int]:
    with SeedbedClient(url, token) as client:
        events = client.list_events(project)["items"]
    return [
        e["data"]["details"]["duration_minutes"]
        for e in events
        if e["type"].endswith("SessionLogged")
    ]


class DropFirstReply(httpx.HTTPTransport):
    """Sends each request; the first POST's reply is lost after the server committed it."""

    def __init__(self) -> None:
        super().__init__()
        self.dropped = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.method == "POST" and self.dropped == 0:
            response.read()
            self.dropped += 1
            raise httpx.ReadError("connection dropped before the reply", request=request)
        return response


def test_the_client_writes_and_reads_with_typed_replies(
    served: tuple[str, dict[str, str]], scene: dict[str, str]
) -> None:
    url = served[0]
    with SeedbedClient(url, scene["token"]) as coach:
        logged = coach.log_session(scene["project"], session(90))
        assert logged["version"] >= 2
        assert coach.me()["person_id"] == scene["coach"]
        history = coach.coaching_history(scene["project"], min_position=logged["position"])
        assert [s["details"]["duration_minutes"] for s in history["sessions"]] == [90]


def test_problem_replies_are_raised_as_typed_errors(
    served: tuple[str, dict[str, str]], scene: dict[str, str]
) -> None:
    url, env = served
    project = scene["project"]
    with SeedbedClient(url, scene["token"], retries=0) as coach:
        with pytest.raises(errors.NotFound):
            coach.get_project("00000000-0000-4000-8000-000000000000")
        with pytest.raises(errors.InvalidInput) as invalid:
            coach.log_session(project, {**session(90), "duration_minutes": 0})
        assert invalid.value.errors[0]["field"].endswith("duration_minutes")
        with pytest.raises(errors.VersionConflict) as stale:
            coach.log_session(project, session(30), if_match=1)
        assert stale.value.current_version is not None
    stranger = SeedbedClient(url, "sbt_0000000000000000_nope", retries=0)
    with stranger, pytest.raises(errors.Unauthenticated):
        stranger.me()
    dashboard = SeedbedClient(url, cli_token(env, "dashboard"), retries=0)
    with dashboard, pytest.raises(errors.Forbidden):
        dashboard.log_session(project, session(30))
    with SeedbedClient(url, env["ADMIN_TOKEN"]) as admin:
        admin.close(project, {"outcome": "discontinued", "rationale": "No kitchen found."})
    closed = SeedbedClient(url, scene["token"], retries=0)
    with closed, pytest.raises(errors.ProjectClosed):
        closed.log_session(project, session(30))


def test_a_reply_lost_after_the_commit_is_retried_with_the_same_key_and_records_once(
    served: tuple[str, dict[str, str]], scene: dict[str, str]
) -> None:
    url, env = served
    transport = DropFirstReply()
    with SeedbedClient(url, scene["token"], transport=transport, backoff=0) as coach:
        logged = coach.log_session(scene["project"], session(45))
    assert transport.dropped == 1
    assert logged["version"] >= 2
    assert minutes_logged(url, env["ADMIN_TOKEN"], scene["project"]) == [45]


def test_the_outbox_survives_a_dropped_reply_and_sends_each_item_once_in_order(
    served: tuple[str, dict[str, str]], scene: dict[str, str], tmp_path: Path
) -> None:
    url, env = served
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    for minutes in (20, 30, 40):
        outbox.queue(f"/projects/{scene['project']}/sessions", dict(session(minutes)))
    with SeedbedClient(url, scene["token"], transport=DropFirstReply(), retries=0) as coach:
        first = outbox.sync(coach)
        assert first.stopped == "unreachable"
        assert [i.state for i in Outbox(tmp_path / "outbox.sqlite3").items()] == ["waiting"] * 3
        second = outbox.sync(coach)
    assert second.stopped is None
    assert [i.state for i in outbox.items()] == ["sent"] * 3
    assert minutes_logged(url, env["ADMIN_TOKEN"], scene["project"]) == [20, 30, 40]


def coach_cli(*args: str, token: str, outbox: Path, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SEEDBED_URL": url, "SEEDBED_TOKEN": token, "SEEDBED_OUTBOX": str(outbox)}
    return subprocess.run(
        [COACH_CLI, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_seedbed_coach_queues_without_a_server_and_syncs_later(
    served: tuple[str, dict[str, str]], scene: dict[str, str], tmp_path: Path
) -> None:
    url, env = served
    outbox = tmp_path / "coach.sqlite3"
    nowhere = "http://127.0.0.1:9"  # nothing listens there
    project = scene["project"]
    for minutes in ("90", "15"):
        queued = coach_cli(
            "log",
            project,
            "--type",
            "coaching",
            "--minutes",
            minutes,
            "--summary",
            "Kitchen rota.",
            token=scene["token"],
            outbox=outbox,
            url=nowhere,
        )
        assert queued.returncode == 0, queued.stderr
        assert queued.stdout.startswith("queued #")
    down = coach_cli("sync", token=scene["token"], outbox=outbox, url=nowhere)
    assert down.returncode == 1
    assert "cannot be reached; 2 waiting" in down.stderr
    up = coach_cli("sync", token=scene["token"], outbox=outbox, url=url)
    assert up.returncode == 0, up.stderr
    assert up.stdout.splitlines()[-1] == "0 waiting"
    assert up.stdout.count("sent #") == 2
    again = coach_cli("sync", token=scene["token"], outbox=outbox, url=url)
    assert again.stdout.strip() == "0 waiting"
    assert minutes_logged(url, env["ADMIN_TOKEN"], project) == [90, 15]
    listed = coach_cli("status", token=scene["token"], outbox=outbox, url=url).stdout
    assert listed.count("sent") == 2


def test_every_route_answers_through_its_generated_method(
    served: tuple[str, dict[str, str]], scene: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each of the API's routes, called once through the client (admin, on a project of its
    own), answers without a problem; the calls made are exactly ROUTES."""
    url, env = served
    called: set[str] = set()
    original = SeedbedClient._call

    def recording(self: SeedbedClient, method: str, path: str, *args: Any, **kw: Any) -> Any:
        called.add(f"{method} {path}")
        return original(self, method, path, *args, **kw)

    monkeypatch.setattr(SeedbedClient, "_call", recording)
    project, coach = scene["project"], scene["coach"]
    today = datetime.now(UTC).date().isoformat()
    with SeedbedClient(url, env["ADMIN_TOKEN"]) as admin:
        admin.health()
        admin.ready()
        admin.metrics()
        admin.catalogue()
        network = str(admin.get_project(project)["network_id"])
        coordinator = admin.register_person({"display_name": "Mari", "role": "coordinator"})["id"]
        admin.appoint_coordinator(network, {"coordinator_id": coordinator})
        admin.add_institution(network, {"institution": "Valga vallavalitsus"})
        member = admin.register_person({"display_name": "Ülle", "role": "service_user"})["id"]
        admin.add_team_member(
            project, {"person_id": member, "role": "service_user", "joined_on": today}
        )
        logged = admin.log_session(project, {**session(60), "coach_ids": [coach]})
        sid = str(logged["session_id"])
        admin.correct_session(project, sid, {"changes": {"duration_minutes": 75}, "reason": "typo"})
        admin.withdraw_session(project, sid, {"reason": "logged twice"})
        admin.record_need(
            project,
            {"description": "A cold room.", "tool": "needs_workshop", "identified_on": today},
        )
        admin.reach_milestone(
            project,
            {"milestone_id": "NEED-01", "reached_on": today, "evidence": {"note": "Survey."}},
        )
        admin.revoke_milestone(project, "NEED-01", {"reason": "survey incomplete"})
        review = admin.request_review(project, {"to": "co_creation", "note": "Ready soon."})
        admin.decline_review(project, str(review["review_id"]), {"reason": "not yet"})
        admin.change_stage(
            project,
            {
                "to": "co_creation",
                "rationale": "the group is formed",
                "override": "agreed at the board",
            },
        )
        admin.pause(project, {"reason": "summer"})
        admin.resume(project, {"reason": "autumn"})
        admin.select_for_accelerator(project, {"cohort": "2026", "selected_on": today})
        second = admin.register_person({"display_name": "Tiit", "role": "coach"})["id"]
        admin.assign_coach(project, {"coach_id": second})
        admin.release_coach(project, second, {"reason": "moved away"})
        admin.remove_team_member(project, member, {"reason": "moved away"})
        events = admin.list_events(project)["items"]
        with_topic = next(e for e in events if e["type"].endswith("NeedRecorded"))
        admin.redact(
            project, {"version": with_topic["version"], "field": "/description", "reason": "a name"}
        )
        admin.erase_person(member, {"reason": "asked to be forgotten"})
        admin.stage_on(project, date=today, as_known_at=datetime.now(UTC).isoformat())
        admin.export(project_id=project)
        admin.list_projects()
        admin.get_project(project)
        admin.milestone_board(project)
        admin.coaching_history(project)
        admin.stage_history(project)
        admin.coach_sessions(coach)
        admin.portfolio()
        admin.list_networks()
        admin.get_network(network)
        admin.find_people(q="Mari")
        admin.get_person(coordinator)
        admin.me()
        admin.project_state(project, version=1)
        admin.diff(project, from_version=1, to_version=2)
        admin.verification(project)
        admin.list_reviews(project)
        admin.list_devices()
        other = admin.register_network(
            {"name": "LEN 2", "country": "LV", "region": "Rucava", "target_group": "elderly"}
        )
        garden = admin.propose_project(
            {
                "title": "Dārzs",
                "network_id": other["id"],
                "target_group": "elderly",
                "summary": "A garden.",
            }
        )
        programme = admin.create_programme(
            {
                "name": "Valga pilots",
                "funder": "Interreg",
                "starts_on": "2020-01-01",
                "ends_on": "2030-12-31",
            }
        )
        programme_id = str(programme["id"])
        admin.enrol(project, {"programme_id": programme_id, "enrolled_on": today})
        # The accelerator naming a programme: the selection and the enrolment in one write.
        selection = {"cohort": "2026", "selected_on": today, "programme": programme_id}
        admin.select_for_accelerator(str(garden["id"]), selection)
        admin.list_programmes()
        admin.read_programme(programme_id)
        admin.read_indicators(programme_id, from_="2020-01-01", to=today)
        admin.drill_down(programme_id, "RCO84", from_="2020-01-01", to=today)
        admin.assess(
            project, {"assessed_on": today, "level": "engaged", "user_view": "co_designing"}
        )
        admin.read_participation(project)
        admin.read_ladder(programme_id, by="month")
        admin.read_biography(project)
        admin.project_sessions(project)
        admin.read_attention()
        admin.close(project, {"outcome": "discontinued", "rationale": "done"})
    with SeedbedClient(url, scene["token"]) as own, pytest.raises(errors.NotFound):
        own.revoke_device("0000000000000000")
    assert sorted(called) == ROUTES
