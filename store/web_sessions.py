"""Browser sessions for the web dashboard, signed in with an API token.

The browser holds a random session id in an HttpOnly, SameSite=strict cookie; only its SHA-256
is stored, with the token it was opened with and a CSRF secret for the session's forms. Every
request goes back through the token's row, so revoking or expiring the token ends its sessions;
signing out deletes the row, so a copied cookie is worthless afterwards.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Column, DateTime, Engine, ForeignKey, String, Table, delete, select

from store.database import metadata
from store.tokens import Principal, TokenStore, principal_of_row, tokens_table

SESSION_COOKIE = "seedbed_session"

web_sessions_table = Table(
    "web_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column(
        "token_id",
        String(32),
        ForeignKey("api_tokens.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class WebSession:
    principal: Principal
    csrf: str
    expires_at: datetime


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class WebSessions:
    def __init__(self, engine: Engine, tokens: TokenStore, lifetime: timedelta) -> None:
        self._engine = engine
        self._tokens = tokens
        self.lifetime = lifetime

    def open(self, token: str, now: datetime) -> tuple[str, WebSession] | None:
        """A new session for a valid token: (the cookie value, the session); None otherwise."""
        principal = self._tokens.verify(token, now)
        if principal is None:
            return None
        session_id = secrets.token_urlsafe(32)
        session = WebSession(principal, secrets.token_urlsafe(32), now + self.lifetime)
        with self._engine.begin() as connection:
            connection.execute(
                delete(web_sessions_table).where(web_sessions_table.c.expires_at <= now)
            )
            connection.execute(
                web_sessions_table.insert().values(
                    id_hash=_hash(session_id),
                    token_id=principal.token_id,
                    csrf=session.csrf,
                    created_at=now,
                    expires_at=session.expires_at,
                )
            )
        return session_id, session

    def resolve(self, session_id: str, now: datetime) -> WebSession | None:
        """The live session for a cookie value; None when unknown, expired, or its token is."""
        if not session_id or len(session_id) > 128:
            return None
        query = (
            select(
                tokens_table,
                web_sessions_table.c.csrf.label("session_csrf"),
                web_sessions_table.c.expires_at.label("session_expires_at"),
            )
            .join(tokens_table, tokens_table.c.id == web_sessions_table.c.token_id)
            .where(web_sessions_table.c.id_hash == _hash(session_id))
        )
        with self._engine.connect() as connection:
            row = connection.execute(query).one_or_none()
        if row is None:
            return None
        expires_at = row.session_expires_at
        if expires_at.tzinfo is None:  # SQLite hands back naive UTC
            expires_at = expires_at.replace(tzinfo=now.tzinfo)
        if expires_at <= now:
            return None
        principal = principal_of_row(row, now)
        if principal is None:
            return None
        return WebSession(principal, row.session_csrf, expires_at)

    def close(self, session_id: str) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                delete(web_sessions_table).where(web_sessions_table.c.id_hash == _hash(session_id))
            )
