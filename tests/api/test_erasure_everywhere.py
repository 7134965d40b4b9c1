"""Erasure and redaction, tried as a data protection officer would: a service user's name typed
into free text by a coach is found by the erasure, redacted, and then searched for in every JSON
route, every page, both export forms, every table of the database, its write-ahead log and the
service's log. It is nowhere; every chain still verifies."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.serving import new_network, running_server, seedbed

NAME = "Ieva Kalniņa"
CONTACT = "ieva.k@example.lv"
NEEDLES = ("ieva", "kalniņa", "kalnina")


def _token(env: dict[str, str], role: str, person: str | None = None) -> str:
    args = ["token", "create", "--role", role] + (["--person", person] if person else [])
    created = seedbed(*args, env=env)
    assert created.returncode == 0, created.stderr
    return created.stdout.strip()


def _client(base_url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def _ok(response: httpx.Response) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def _seen(text: str) -> list[str]:
    folded = text.casefold()
    return [needle for needle in NEEDLES if needle in folded]


def _pages(base_url: str, token: str, paths: list[str]) -> dict[str, str]:
    """The pages as a browser signed in with `token` gets them."""
    with httpx.Client(base_url=base_url, timeout=30) as browser:
        form = browser.get("/sign-in")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf is not None
        signed = browser.post(
            "/sign-in",
            data={"token": token, "csrf": csrf[1], "next": "/"},
            headers={"Origin": base_url},
        )
        assert signed.status_code == 303, signed.text
        return {path: browser.get(path).text for path in paths}


def _database_text(path: Path) -> dict[str, str]:
    """Every text and blob value of every table, decoded as UTF-8 where it can be."""
    found: dict[str, str] = {}
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            values = []
            for row in db.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    values.append(str(value))
            found[table] = "\n".join(values)
    return found


@pytest.mark.timeout(300)
def test_an_erased_name_typed_into_free_text_is_redacted_and_found_nowhere(tmp_path: Path) -> None:
    database = tmp_path / "seedbed.sqlite3"
    env = {
        "SEEDBED_DATABASE_URL": f"sqlite:///{database}",
        "SEEDBED_WRITE_RATE_PER_MINUTE": "0",
        "SEEDBED_SNAPSHOT_INTERVAL": "3",
        "SEEDBED_LOG_LEVEL": "INFO",
    }
    assert seedbed("migrate", env=env).returncode == 0
    admin = _token(env, "admin")
    log = tmp_path / "serve.log"
    with running_server(env, log) as base_url, _client(base_url, admin) as http:
        coach = _ok(http.post("/people", json={"display_name": "Coach", "role": "coach"}))["id"]
        coordinator = _ok(
            http.post("/people", json={"display_name": "Coordinator", "role": "coordinator"})
        )["id"]
        network = new_network(http, "LV", "Kurzeme", "youth")
        _ok(http.post(f"/networks/{network}/coordinator", json={"coordinator_id": coordinator}))
        ieva = _ok(
            http.post(
                "/people",
                json={"display_name": NAME, "contact": CONTACT, "role": "service_user"},
            )
        )["id"]
        project = _ok(
            http.post(
                "/projects",
                json={
                    "title": "Stopover Coffee Shop",
                    "network_id": network,
                    "target_group": "youth",
                    "summary": "Young mothers run a coffee shop at the bus stopover.",
                },
            )
        )["id"]
        _ok(http.post(f"/projects/{project}/coaches", json={"coach_id": coach}))
        _ok(
            http.post(
                f"/projects/{project}/team",
                json={"person_id": ieva, "role": "service_user", "joined_on": "2019-05-02"},
            )
        )
        coach_token = _token(env, "coach", coach)
        coordinator_token = _token(env, "coordinator", coordinator)
        auditor_token = _token(env, "auditor")
        dashboard_token = _token(env, "dashboard")
        with _client(base_url, coach_token) as as_coach:
            logged = _ok(
                as_coach.post(
                    f"/projects/{project}/sessions",
                    json={
                        "type": "coaching",
                        "started_at": "2019-06-03T10:00:00+03:00",
                        "duration_minutes": 60,
                        "mode": "on_site",
                        "participants": {"person_ids": [ieva]},
                        "topics": [f"{NAME}'s shift plan", "menu"],
                        "summary": f"{NAME} (ieva.k@example.lv) will run the Saturday shift.",
                        "follow_ups": [
                            {"what": f"call {NAME} about the rota", "due_on": "2019-06-10"}
                        ],
                        "participation_level": "co_producing",
                    },
                )
            )
            session = logged["session_id"]
            _ok(
                as_coach.post(
                    f"/projects/{project}/needs",
                    json={
                        "description": f"{NAME} needs childcare on Saturdays",
                        "tool": "needs_workshop",
                        "identified_on": "2019-06-03",
                    },
                )
            )
            _ok(
                as_coach.post(
                    f"/projects/{project}/milestones",
                    json={
                        "milestone_id": "NEED-01",
                        "reached_on": "2019-06-03",
                        "evidence": {"note": f"workshop notes by {NAME}"},
                    },
                )
            )
            _ok(
                as_coach.post(
                    f"/projects/{project}/sessions/{session}/corrections",
                    json={"changes": {"duration_minutes": 75}, "reason": f"{NAME} stayed longer"},
                )
            )
        with _client(base_url, coordinator_token) as as_coordinator:
            _ok(
                as_coordinator.post(
                    f"/projects/{project}/pause",
                    json={"reason": f"{NAME} is on maternity leave"},
                )
            )

        erased = _ok(http.post(f"/people/{ieva}/erasure", json={"reason": "asked to be forgotten"}))
        matches = erased["free_text_matches"]
        fields = sorted(m["field"] for m in matches)
        assert fields == sorted(
            [
                "/details/summary",
                "/details/topics/0",
                "/details/follow_ups/0/what",
                "/description",
                "/evidence/note",
                "/reason",
                "/reason",
            ]
        ), matches
        for match in matches:
            _ok(
                http.post(
                    f"/projects/{match['project_id']}/redactions",
                    json={
                        "version": match["version"],
                        "field": match["field"],
                        "reason": "erasure",
                    },
                )
            )

        # ---------------------------------------------------------------- every JSON route
        position = _ok(http.get("/ready"))["head_position"]
        wait = {"X-Min-Position": str(position)}
        replies: dict[str, str] = {}
        for token, label in (
            (admin, "admin"),
            (auditor_token, "auditor"),
            (coordinator_token, "coordinator"),
            (coach_token, "coach"),
            (dashboard_token, "dashboard"),
        ):
            with _client(base_url, token) as reader:
                for path in (
                    f"/projects/{project}",
                    f"/projects/{project}/coaching-history",
                    f"/projects/{project}/milestones",
                    f"/projects/{project}/stage-history",
                    "/projects",
                    f"/coaches/{coach}/sessions",
                    "/dashboard/portfolio",
                    f"/people/{ieva}",
                    f"/projects/{project}/events?limit=500",
                    f"/projects/{project}/state?version={logged['version']}",
                    f"/projects/{project}/diff?from_version=1&to_version={logged['version'] + 8}",
                    f"/projects/{project}/verification",
                    f"/audit/export?project_id={project}",
                ):
                    response = reader.get(path, headers=wait)
                    replies[f"{label} {path}"] = response.text
        assert {k: _seen(v) for k, v in replies.items() if _seen(v)} == {}
        with _client(base_url, auditor_token) as auditor:
            verification = _ok(auditor.get(f"/projects/{project}/verification"))
        assert verification["intact"], verification

        # ---------------------------------------------------------------- every page
        paths = [
            "/",
            "/ui/projects",
            f"/ui/projects/{project}",
            f"/ui/coaches/{coach}",
            f"/ui/projects/{project}/audit",
            f"/ui/projects/{project}/audit?version={logged['version']}",
        ]
        pages = _pages(base_url, admin, paths) | {
            f"coordinator {p}": t for p, t in _pages(base_url, coordinator_token, paths[:4]).items()
        }
        assert {k: _seen(v) for k, v in pages.items() if _seen(v)} == {}

    # ---------------------------------------------------------------- exports, tables, WAL, log
    exported = tmp_path / "bundle.jsonl"
    cli = seedbed("audit", "export", "--out", str(exported), env=env)
    assert cli.returncode == 0, cli.stderr
    assert _seen(exported.read_text(encoding="utf-8")) == []
    assert seedbed("audit", "verify", env=env).returncode == 0
    tables = _database_text(database)
    assert {t: _seen(v) for t, v in tables.items() if _seen(v)} == {}
    wal = database.with_name(database.name + "-wal")
    if wal.exists():
        assert _seen(wal.read_bytes().decode("utf-8", "replace")) == []
    assert _seen(database.read_bytes().decode("utf-8", "replace")) == []
    assert _seen(log.read_text(encoding="utf-8")) == []
