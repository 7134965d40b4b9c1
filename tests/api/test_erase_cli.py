"""`seedbed people erase ID --redact-matches`: the erasure and the redaction of every free-text
value naming the person, in one run of the command line, against a real SQLite file: the name
is gone from every table and the write-ahead log, every chain still verifies."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx

from tests.serving import coached_project, migrated_with_admin, running_server, seedbed

NAME = "Ērika Ozoliņa"
OTHER = "Marta Bērziņa"


def _stored_text(database: Path) -> str:
    texts: list[str] = []
    with sqlite3.connect(database) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    texts.append(str(value))
    wal = database.with_name(database.name + "-wal")
    if wal.exists():
        texts.append(wal.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts).casefold()


def test_erase_with_redact_matches_leaves_the_name_nowhere_and_chains_verify(
    tmp_path: Path,
) -> None:
    database = tmp_path / "seedbed.sqlite3"
    env = {"SEEDBED_DATABASE_URL": f"sqlite:///{database}", "SEEDBED_WRITE_RATE_PER_MINUTE": "0"}
    admin = migrated_with_admin(env)
    people: dict[str, str] = {}
    with (
        running_server(env, tmp_path / "api.log") as base_url,
        httpx.Client(base_url=base_url, headers=admin, timeout=30) as http,
    ):
        project, coach, _ = coached_project(
            http, "LV", "Vidzeme", "elderly", "Village lunch club", "Lunch by its guests."
        )
        for name in (NAME, OTHER):
            person = http.post("/people", json={"display_name": name, "role": "service_user"})
            people[name] = person.json()["id"]
            logged = http.post(
                f"/projects/{project}/sessions",
                json={
                    "type": "coaching",
                    "started_at": "2019-03-04T10:00:00+02:00",
                    "duration_minutes": 60,
                    "mode": "on_site",
                    "coach_ids": [coach],
                    "participation_level": "engaged",
                    "summary": f"{name} will cook on Fridays.",
                    "follow_ups": [{"what": f"ask {name} about the menu", "due_on": "2019-03-11"}],
                },
            )
            assert logged.status_code == 201, logged.text
    assert NAME.casefold() in _stored_text(database)
    assert OTHER.casefold() in _stored_text(database)

    # Without --redact-matches: erased, and the values naming her listed for review.
    listed = seedbed("people", "erase", people[OTHER], "--reason", "asked", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "2 free-text values name the person" in listed.stderr
    assert sorted(line.split("\t")[2] for line in listed.stdout.splitlines()) == [
        "/details/follow_ups/0/what",
        "/details/summary",
    ]
    assert OTHER.casefold() in _stored_text(database)  # still typed in those values

    # With it: erased and every value naming her redacted, the old copies dropped.
    erased = seedbed(
        "people", "erase", people[NAME], "--reason", "asked", "--redact-matches", env=env
    )
    assert erased.returncode == 0, erased.stderr
    assert "2 free-text values redacted" in erased.stderr
    stored = _stored_text(database)
    assert NAME.casefold() not in stored
    assert "ozoli" not in stored
    verified = seedbed("audit", "verify", "--all", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
