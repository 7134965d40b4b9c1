"""API tokens in the database: only hashes stored, constant-time checks, revoke and expiry."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from sqlalchemy import event, select

from app.bootstrap import Container, build_container
from app.settings import Settings
from domain.errors import InvalidInput, TokenNotFound
from store.tokens import Role, tokens_table
from tests.clock import FIXED_NOW
from tests.databases import migrated_container
from tests.serving import seedbed


@pytest.fixture
def container(sqlite_url: str) -> Iterator[Container]:
    built = migrated_container(Settings(database_url=sqlite_url))
    yield built
    built.close()


def test_many_created_tokens_all_verify_to_their_role(container: Container) -> None:
    for _ in range(200):
        info, token = container.tokens.create(Role.AUDITOR, None, FIXED_NOW)
        principal = container.tokens.verify(token, FIXED_NOW)
        assert principal is not None
        assert principal.token_id == info.id
        assert principal.role is Role.AUDITOR


def test_token_secret_is_never_stored(container: Container) -> None:
    _info, token = container.tokens.create(Role.ADMIN, None, FIXED_NOW)
    secret = token.split("_", 2)[2]
    with container.engine.connect() as connection:
        rows = [tuple(map(str, row)) for row in connection.execute(select(tokens_table))]
    assert all(secret not in value for row in rows for value in row)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        str.upper,
        lambda t: t + "x",
        lambda _t: "sbt_" + "0" * 16 + "_abc",
        lambda _t: "",
    ],
)
def test_tampered_or_unknown_token_does_not_verify(container: Container, mangle: object) -> None:
    _info, token = container.tokens.create(Role.ADMIN, None, FIXED_NOW)
    assert callable(mangle)
    assert container.tokens.verify(mangle(token), FIXED_NOW) is None


def test_revoked_token_does_not_verify(container: Container) -> None:
    info, token = container.tokens.create(Role.DASHBOARD, None, FIXED_NOW)
    container.tokens.revoke(info.id, FIXED_NOW)
    assert container.tokens.verify(token, FIXED_NOW) is None
    with pytest.raises(TokenNotFound):
        container.tokens.revoke(info.id, FIXED_NOW)


def test_token_stops_working_when_it_expires(container: Container) -> None:
    _info, token = container.tokens.create(
        Role.DASHBOARD, None, FIXED_NOW, expires_in=timedelta(hours=1)
    )
    assert container.tokens.verify(token, FIXED_NOW + timedelta(minutes=59)) is not None
    assert container.tokens.verify(token, FIXED_NOW + timedelta(hours=1)) is None


def test_coach_token_needs_a_person(container: Container) -> None:
    with pytest.raises(InvalidInput):
        container.tokens.create(Role.COACH, None, FIXED_NOW)


def test_cli_token_create_list_revoke(tmp_path: Path) -> None:
    env = {"SEEDBED_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    assert seedbed("migrate", env=env).returncode == 0
    created = seedbed("token", "create", "--role", "admin", "--label", "ops", env=env)
    assert created.returncode == 0
    token = created.stdout.strip()
    assert token.startswith("sbt_")
    assert created.stdout == token + "\n"
    listed = seedbed("token", "list", env=env)
    token_id = token.split("_", 2)[1]
    assert token_id in listed.stdout
    assert token.split("_", 2)[2] not in listed.stdout
    assert seedbed("token", "revoke", token_id, env=env).returncode == 0
    assert "revoked" in seedbed("token", "list", env=env).stdout
    unknown_person = seedbed(
        "token", "create", "--role", "coach", "--person", str(uuid4()), env=env
    )
    assert unknown_person.returncode == 1
    assert unknown_person.stderr.startswith("seedbed token create: error: person")
    no_person = seedbed("token", "create", "--role", "coach", env=env)
    assert no_person.returncode == 1


def a_programme(container: Container, name: str) -> UUID:
    """A programme of 2019-2021 without periods, made with the application's own command."""
    from app.programmes import create_programme

    return create_programme(
        container.incubator,
        name=name,
        funder="Interreg Baltic Sea Region",
        starts_on=date(2019, 1, 1),
        ends_on=date(2021, 6, 30),
        periods=(),
        actor="admin",
    ).id


def test_cli_token_create_scoped_to_a_programme_by_id_or_name_and_listed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    env = {"SEEDBED_DATABASE_URL": url}
    assert seedbed("migrate", env=env).returncode == 0
    built = migrated_container(Settings(database_url=url))
    try:
        programme = a_programme(built, "SEMPRE Accelerators")
    finally:
        built.close()
    by_id = seedbed(
        "token", "create", "--role", "dashboard", "--programme", str(programme), env=env
    )
    assert by_id.returncode == 0, by_id.stderr
    assert f"scoped to programme {programme}" in by_id.stderr
    by_name = seedbed(
        "token", "create", "--role", "dashboard", "--programme", "SEMPRE Accelerators", env=env
    )
    assert by_name.returncode == 0, by_name.stderr
    listed = seedbed("token", "list", env=env).stdout.splitlines()
    assert "programme" in listed[0]
    for created in (by_id, by_name):
        token_id = created.stdout.strip().split("_", 2)[1]
        row = next(line for line in listed if line.startswith(token_id))
        assert str(programme) in row.split()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "dashboard", "--programme", str(uuid4())], "programme"),
        (["--role", "dashboard", "--programme", "No Such Programme"], "programme"),
        (["--role", "auditor", "--programme", "{programme}"], "programme: only dashboard"),
    ],
)
def test_cli_token_create_with_a_bad_programme_fails_and_creates_nothing(
    container: Container, sqlite_url: str, args: list[str], message: str
) -> None:
    programme = a_programme(container, "SEMPRE")
    env = {"SEEDBED_DATABASE_URL": sqlite_url}
    given = [a.format(programme=programme) for a in args]
    refused = seedbed("token", "create", *given, env=env)
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"seedbed token create: error: {message}"), refused.stderr
    assert container.tokens.list() == []


def test_token_scoped_to_a_programme_verifies_with_it(container: Container) -> None:
    programme = uuid4()
    _info, token = container.tokens.create(
        Role.COORDINATOR, uuid4(), FIXED_NOW, programme_id=programme
    )
    principal = container.tokens.verify(token, FIXED_NOW)
    assert principal is not None
    assert principal.programme_id == programme
    assert [t.programme_id for t in container.tokens.list()] == [programme]


# ------------------------------------------------------------ the cache (store/token_cache.py)
def _statements(container: Container) -> list[str]:
    seen: list[str] = []
    event.listen(container.engine, "before_cursor_execute", lambda *args: seen.append(str(args[2])))
    return seen


def _refused_within(container: Container, token: str, seconds: float) -> float:
    """How long until `token` stops verifying (PostgreSQL delivers the revocation's NOTIFY
    asynchronously); fails after `seconds`."""
    started = time.monotonic()
    while container.tokens.verify(token, FIXED_NOW) is not None:
        assert time.monotonic() - started < seconds, "the revocation never took effect"
        time.sleep(0.001)
    return time.monotonic() - started


@pytest.fixture
def two_processes(database_url: str) -> Iterator[tuple[Container, Container]]:
    """Two containers on one database, as two API processes (or an API and the CLI) are."""
    first = migrated_container(Settings(database_url=database_url))
    second = build_container(Settings(database_url=database_url))
    yield first, second
    second.close()
    first.close()


def test_a_verified_token_is_checked_again_without_a_statement(container: Container) -> None:
    _info, token = container.tokens.create(Role.COACH, uuid4(), FIXED_NOW)
    statements = _statements(container)
    assert container.tokens.verify(token, FIXED_NOW) is not None
    assert statements, "the first check reads the token's row"
    statements.clear()
    for _ in range(5):
        assert container.tokens.verify(token, FIXED_NOW) is not None
    assert statements == []
    # the cache is keyed by the whole token: its id with another secret reads the row, and fails
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert container.tokens.verify(wrong, FIXED_NOW) is None
    assert statements


def test_a_cached_token_still_expires(container: Container) -> None:
    _info, token = container.tokens.create(
        Role.DASHBOARD, None, FIXED_NOW, expires_in=timedelta(hours=1)
    )
    assert container.tokens.verify(token, FIXED_NOW) is not None  # cached now
    assert container.tokens.verify(token, FIXED_NOW + timedelta(hours=1)) is None


def test_a_revocation_in_another_process_takes_effect_at_the_next_request(
    two_processes: tuple[Container, Container],
) -> None:
    api, other = two_processes
    info, token = api.tokens.create(Role.DASHBOARD, None, FIXED_NOW)
    _kept_info, kept = api.tokens.create(Role.DASHBOARD, None, FIXED_NOW)
    # PostgreSQL: the listener connects on the first check; until then nothing is cached
    deadline = time.monotonic() + 5
    while api.tokens._cache.generation() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert api.tokens.verify(token, FIXED_NOW) is not None
    assert api.tokens.verify(kept, FIXED_NOW) is not None
    other.tokens.revoke(info.id, FIXED_NOW)
    if api.engine.dialect.name == "sqlite":
        assert api.tokens.verify(token, FIXED_NOW) is None  # at once
    else:
        assert _refused_within(api, token, 2.0) < 2.0
    assert api.tokens.verify(kept, FIXED_NOW) is not None  # the others still verify


def test_the_cli_revoking_a_token_stops_a_running_server_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    api = migrated_container(Settings(database_url=url))
    try:
        info, token = api.tokens.create(Role.ADMIN, None, FIXED_NOW)
        assert api.tokens.verify(token, FIXED_NOW) is not None
        assert (
            seedbed("token", "revoke", info.id, env={"SEEDBED_DATABASE_URL": url}).returncode == 0
        )
        assert api.tokens.verify(token, FIXED_NOW) is None
    finally:
        api.close()
