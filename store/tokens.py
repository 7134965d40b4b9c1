"""API tokens: issued and revoked from the command line, stored as hashes, checked in constant time.

A token reads `sbt_<id>_<secret>`. Only the id and a SHA-256 hash of (id, secret) are stored; the
secret has 256 bits of entropy, so a fast hash suffices (nothing to brute-force). Verification
looks the id up and compares hashes with `hmac.compare_digest`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any
from uuid import UUID

from sqlalchemy import Column, DateTime, Engine, Row, String, Table, Text, Uuid, select, update

from domain.errors import InvalidInput, TokenNotFound
from store.database import metadata
from store.token_cache import TokenCache, revocations_for

PREFIX = "sbt"


class Role(Enum):
    COACH = "coach"
    COORDINATOR = "coordinator"
    DASHBOARD = "dashboard"
    AUDITOR = "auditor"
    ADMIN = "admin"


ROLES_WITH_A_PERSON = frozenset({Role.COACH, Role.COORDINATOR})
ROLES_WITH_A_PROGRAMME = frozenset({Role.DASHBOARD, Role.COORDINATOR})
ROLES_SEEING_PERSONAL_DATA = frozenset({Role.COACH, Role.COORDINATOR, Role.AUDITOR, Role.ADMIN})

tokens_table = Table(
    "api_tokens",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("role", String(16), nullable=False),
    Column("person_id", Uuid(), nullable=True),
    Column("secret_hash", String(64), nullable=False),
    Column("label", Text(), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    # A dashboard or coordinator token may be scoped to one programme (migration 0013).
    Column("programme_id", Uuid(), nullable=True),
)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's id, its role and, for coaches and coordinators, the person;
    `programme_id` when the token sees only the projects enrolled in that programme."""

    token_id: str
    role: Role
    person_id: UUID | None
    # Whose idempotency receipts a write looks in: the token's own, unless set (a person's
    # devices share theirs, so that a retry after signing in again still finds its receipt).
    scope: str = ""
    programme_id: UUID | None = None

    @property
    def receipts_scope(self) -> str:
        return self.scope or self.token_id

    @property
    def actor(self) -> str:
        """What events record as their actor: the person id, else the token."""
        return str(self.person_id) if self.person_id else f"token:{self.token_id}"

    @property
    def sees_personal_data(self) -> bool:
        return self.role in ROLES_SEEING_PERSONAL_DATA


@dataclass(frozen=True)
class TokenInfo:
    id: str
    role: Role
    person_id: UUID | None
    label: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    programme_id: UUID | None = None


def _hash(token_id: str, secret: str) -> str:
    return hashlib.sha256(f"{token_id}:{secret}".encode()).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def principal_of_row(row: Row[Any], now: datetime) -> Principal | None:
    """The principal of an `api_tokens` row whose secret was checked; None when revoked or
    expired (web sessions reach a token through this too, so revoking it ends them)."""
    if row.revoked_at is not None:
        return None
    expires_at = _aware(row.expires_at)
    if expires_at is not None and expires_at <= now:
        return None
    return Principal(row.id, Role(row.role), row.person_id, programme_id=row.programme_id)


class TokenStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # Verified principals in memory until any revocation (store/token_cache.py).
        self._cache = TokenCache(revocations_for(engine))

    def close(self) -> None:
        self._cache.close()

    def create(
        self,
        role: Role,
        person_id: UUID | None,
        now: datetime,
        label: str = "",
        expires_in: timedelta | None = None,
        programme_id: UUID | None = None,
    ) -> tuple[TokenInfo, str]:
        """A new token: its stored description and the token text (shown once, never stored).
        `programme_id` scopes a dashboard or coordinator token to that programme's projects
        (the caller checks that the programme exists)."""
        if role in ROLES_WITH_A_PERSON and person_id is None:
            raise InvalidInput("person", f"a {role.value} token belongs to a person (--person)")
        if programme_id is not None and role not in ROLES_WITH_A_PROGRAMME:
            raise InvalidInput(
                "programme", "only dashboard and coordinator tokens are scoped to a programme"
            )
        token_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        info = TokenInfo(
            token_id,
            role,
            person_id,
            label,
            now,
            None if expires_in is None else now + expires_in,
            None,
            programme_id,
        )
        row = {
            "id": token_id,
            "role": role.value,
            "person_id": person_id,
            "secret_hash": _hash(token_id, secret),
            "label": label,
            "created_at": now,
            "expires_at": info.expires_at,
        }
        if programme_id is not None:  # (so that an unscoped token is the v1 row, column for column)
            row["programme_id"] = programme_id
        with self._engine.begin() as connection:
            connection.execute(tokens_table.insert().values(row))
        return info, f"{PREFIX}_{token_id}_{secret}"

    def verify(self, token: str, now: datetime) -> Principal | None:
        """The principal of a valid token; None when unknown, malformed, revoked or expired."""
        parts = token.split("_", 2)
        if len(parts) != 3 or parts[0] != PREFIX or len(parts[1]) != 16:
            return None
        token_id, secret = parts[1], parts[2]
        key, generation = TokenCache.key(token), self._cache.generation()
        known = self._cache.get(key, generation)
        if known is not None:
            principal, expires_at = known
            return None if expires_at is not None and expires_at <= now else principal
        with self._engine.connect() as connection:
            row = connection.execute(
                select(tokens_table).where(tokens_table.c.id == token_id)
            ).one_or_none()
        if row is None:
            return None
        if not hmac.compare_digest(row.secret_hash, _hash(token_id, secret)):
            return None
        found = principal_of_row(row, now)
        if found is not None:
            self._cache.put(key, generation, found, _aware(row.expires_at))
        return found

    def list(self) -> list[TokenInfo]:
        with self._engine.connect() as connection:
            rows = connection.execute(select(tokens_table).order_by(tokens_table.c.created_at))
            return [
                TokenInfo(
                    r.id,
                    Role(r.role),
                    r.person_id,
                    r.label,
                    _aware(r.created_at) or r.created_at,
                    _aware(r.expires_at),
                    _aware(r.revoked_at),
                    r.programme_id,
                )
                for r in rows
            ]

    def revoke(self, token_id: str, now: datetime) -> None:
        """Takes effect at the next request in every process (store/token_cache.py)."""
        with self._engine.begin() as connection:
            result = connection.execute(
                update(tokens_table)
                .where(tokens_table.c.id == token_id, tokens_table.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            if result.rowcount:
                self._cache.revocations.announce(connection)
        if result.rowcount == 0:
            raise TokenNotFound(token_id)
        self._cache.revocations.announced()
