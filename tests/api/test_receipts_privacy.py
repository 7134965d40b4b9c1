"""Idempotency receipts that hold no guessable trace of a request (issue 14).

A receipt's fingerprint is an HMAC keyed with a server secret kept outside the database
(SEEDBED_SECRET_KEY, else a key file at SEEDBED_SECRET_FILE), so that whoever holds the
database cannot confirm a guessed name typed into a body, even after the person's erasure.
Receipts are kept SEEDBED_RECEIPT_DAYS days: a retry with the same key after that is a new
request, and old receipts are deleted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select, update

from api.main import create_app
from app.settings import Settings
from migrations import upgrade
from store.database import make_engine
from store.people import people_table
from store.receipts import receipts_table
from store.tokens import Role, TokenStore
from tests.clock import FIXED_NOW

NAME_BODY = {
    "display_name": "Agnieszka Nowak",
    "contact": "+48 600 100 200",
    "role": "service_user",
}


@dataclass
class Clock:
    """A clock the test moves (receipts are stamped and expired by the app's clock)."""

    now: datetime = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Served:
    url: str
    settings: Settings
    clock: Clock
    token: str
    clients: list[TestClient] = field(default_factory=list)

    def client(self, **overrides: Any) -> TestClient:
        """A client on a fresh app (a new process, as far as the app knows)."""
        settings = Settings.model_validate({**self.settings.model_dump(), **overrides})
        client = TestClient(create_app(settings, clock=self.clock))
        client.__enter__()
        self.clients.append(client)
        return client

    def post(
        self, client: TestClient, key: str, body: dict[str, Any] = NAME_BODY
    ) -> tuple[int, dict[str, Any], str | None]:
        response = client.post(
            "/people",
            json=body,
            headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": key},
        )
        return response.status_code, response.json(), response.headers.get("Idempotent-Replayed")

    def receipts(self) -> list[Any]:
        engine = make_engine(self.url)
        try:
            with engine.connect() as connection:
                return list(connection.execute(select(receipts_table)))
        finally:
            engine.dispose()

    def age_receipts(self, by: timedelta) -> None:
        engine = make_engine(self.url)
        try:
            with engine.begin() as connection:
                r = receipts_table.c
                for row in connection.execute(select(r.principal, r.key, r.created_at)):
                    connection.execute(
                        update(receipts_table)
                        .where(r.principal == row.principal, r.key == row.key)
                        .values(created_at=row.created_at - by)
                    )
        finally:
            engine.dispose()

    def people(self) -> int:
        engine = make_engine(self.url)
        try:
            with engine.connect() as connection:
                count = connection.execute(select(func.count()).select_from(people_table))
                return int(count.scalar_one())
        finally:
            engine.dispose()


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[Served]:
    settings = Settings(
        database_url=database_url,
        secret_file=tmp_path / "keys" / "secret.key",
        write_rate_per_minute=0,
    )
    upgrade(settings.database_url)
    engine = make_engine(database_url)
    try:
        _info, token = TokenStore(engine).create(Role.ADMIN, None, FIXED_NOW)
    finally:
        engine.dispose()
    result = Served(database_url, settings, Clock(), token)
    yield result
    for client in result.clients:
        client.__exit__(None, None, None)


def request_message(body: dict[str, Any]) -> bytes:
    """What the fingerprint covers: method, path and the canonical JSON body."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return b"POST /people\n" + canonical


def test_stored_fingerprint_is_not_the_sha256_of_the_body_and_needs_the_key(
    served: Served, tmp_path: Path
) -> None:
    status, _body, _replayed = served.post(served.client(), "anna-1")
    assert status == 201
    (receipt,) = served.receipts()
    message = request_message(NAME_BODY)
    # Anyone with the database could once confirm a guessed name this way: not any more.
    assert receipt.fingerprint != hashlib.sha256(message).hexdigest()
    assert receipt.fingerprint != hashlib.sha256(request_message({})).hexdigest()
    for guess in (b"", b"seedbed", bytes(32)):
        assert receipt.fingerprint != hmac.new(guess, message, hashlib.sha256).hexdigest()
    assert "Agnieszka" not in repr(tuple(receipt))
    # The key lives outside the database, in a file only the service's user may read.
    key_file = tmp_path / "keys" / "secret.key"
    assert key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().strip() not in repr(tuple(receipt))


def test_retry_with_the_same_key_and_body_replays_and_another_body_is_422(served: Served) -> None:
    client = served.client()
    first = served.post(client, "anna-2")
    again = served.post(client, "anna-2")
    assert again[0] == 201
    assert again[1] == first[1]
    assert again[2] == "true"
    other = served.post(client, "anna-2", {**NAME_BODY, "display_name": "Anna Nowak"})
    assert other[0] == 422
    assert served.people() == 1


def test_two_containers_sharing_a_key_file_agree_on_fingerprints(served: Served) -> None:
    """Two processes (here: two apps) on one database and one key file: a retry that lands
    on the other one is replayed, not recorded twice, and not refused as another body."""
    first = served.post(served.client(), "shared-1")
    elsewhere = served.post(served.client(), "shared-1")
    assert elsewhere[0] == 201
    assert elsewhere[1] == first[1]
    assert elsewhere[2] == "true"
    assert served.people() == 1


def test_a_given_secret_key_is_used_instead_of_the_file(served: Served, tmp_path: Path) -> None:
    secret = "k" * 48
    client = served.client(secret_key=secret, secret_file=tmp_path / "unused" / "secret.key")
    assert served.post(client, "given-1")[0] == 201
    assert not (tmp_path / "unused").exists()
    (receipt,) = served.receipts()
    assert receipt.fingerprint not in (
        hashlib.sha256(request_message(NAME_BODY)).hexdigest(),
        hmac.new(secret.encode(), request_message(NAME_BODY), hashlib.sha256).hexdigest(),
    )
    # The same key given to another app agrees; a different one does not know the receipt.
    assert served.post(served.client(secret_key=secret), "given-1")[2] == "true"
    stranger = served.post(served.client(secret_key="x" * 48), "given-1")
    assert stranger[0] == 422
    given = Settings(database_url=served.url, secret_key=secret)
    assert secret not in repr(given)
    assert secret not in str(given.model_dump())


def test_receipt_older_than_the_retention_answers_as_a_new_request(served: Served) -> None:
    client = served.client()
    first = served.post(client, "old-1")
    served.clock.now = FIXED_NOW + timedelta(days=29)
    assert served.post(client, "old-1")[2] == "true"
    served.clock.now = FIXED_NOW + timedelta(days=31)
    later = served.post(client, "old-1")
    assert later[0] == 201
    assert later[2] is None
    assert later[1]["id"] != first[1]["id"]
    assert served.people() == 2
    # The new request's receipt replaces the old one, and is itself replayed.
    assert served.post(client, "old-1")[1] == later[1]
    assert len(served.receipts()) == 1


def test_expired_receipts_are_deleted_by_the_write_path(served: Served) -> None:
    client = served.client()
    for n in range(3):
        assert served.post(client, f"purge-{n}", {**NAME_BODY, "display_name": f"P{n}"})[0] == 201
    served.age_receipts(timedelta(days=31))
    fresh = served.client()  # a new process: its first write purges
    assert served.post(fresh, "purge-new", {**NAME_BODY, "display_name": "New"})[0] == 201
    assert [row.key for row in served.receipts()] == ["purge-new"]


def test_a_shorter_retention_is_a_setting(served: Served) -> None:
    client = served.client(receipt_days=1)
    first = served.post(client, "short-1")
    served.clock.now = FIXED_NOW + timedelta(days=2)
    assert served.post(client, "short-1")[1]["id"] != first[1]["id"]


def test_workers_creating_the_key_file_at_once_agree(tmp_path: Path) -> None:
    """Several workers start together with no key file: exactly one key wins, all read it."""
    path = tmp_path / "var" / "secret.key"
    script = (
        "import hashlib, sys; from pathlib import Path; "
        "from store.secret_key import load_or_create; "
        "print(hashlib.sha256(load_or_create(Path(sys.argv[1]))).hexdigest())"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(path)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )
        for _ in range(8)
    ]
    digests = {worker.communicate(timeout=60)[0].strip() for worker in workers}
    assert all(worker.returncode == 0 for worker in workers)
    assert len(digests) == 1
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["secret.key"]  # no temporary left


@pytest.mark.parametrize("content", ["", "not hex at all\n", "abcd\n"])
def test_a_damaged_key_file_is_refused_not_replaced(tmp_path: Path, content: str) -> None:
    from store.secret_key import load_or_create

    path = tmp_path / "secret.key"
    path.write_text(content)
    path.chmod(0o600)
    with pytest.raises(ValueError, match="secret key"):
        load_or_create(path)
    assert path.read_text() == content


def test_upgrade_blanks_the_unsalted_fingerprints_of_earlier_receipts(
    database_url: str, tmp_path: Path
) -> None:
    """Receipts written before 0.7.0 hold SHA-256 fingerprints: the migration drops them (a
    retry of such a receipt is still replayed, its body unchecked, until it expires)."""
    upgrade(database_url, "0008")
    message = request_message(NAME_BODY)
    engine = make_engine(database_url)
    try:
        _info, token = TokenStore(engine).create(Role.ADMIN, None, FIXED_NOW)
        with engine.begin() as connection:
            connection.execute(
                insert(receipts_table).values(
                    principal=token.split("_", 2)[1],
                    key="legacy-1",
                    fingerprint=hashlib.sha256(message).hexdigest(),
                    status_code=201,
                    body=json.dumps({"id": "5f0c3f8e-0000-4000-8000-000000000001"}),
                    created_at=FIXED_NOW,
                )
            )
        upgrade(database_url)
        with engine.connect() as connection:
            (row,) = connection.execute(select(receipts_table))
    finally:
        engine.dispose()
    assert row.fingerprint == ""
    settings = Settings(
        database_url=database_url,
        secret_file=tmp_path / "secret.key",
    )
    served = Served(database_url, settings, Clock(), token)
    try:
        replayed = served.post(served.client(), "legacy-1")
    finally:
        for client in served.clients:
            client.__exit__(None, None, None)
    assert replayed[2] == "true"
    assert replayed[1] == {"id": "5f0c3f8e-0000-4000-8000-000000000001"}
