"""Device credentials: an API token issued when someone signs in on a device, for its outbox.

A device token is a real API token (`api_tokens`) of the signer's role and person, with an
expiry, labelled with the device; `device_tokens` marks it as one and names the device. The
browser keeps it only in an HttpOnly, SameSite=Strict cookie scoped to the JSON API's project
paths (see api/pages/auth.py and the README's threat model). Revoking it (by its owner or an
admin) ends the device's outbox at its next sync and the pages signed in with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import Column, DateTime, Engine, ForeignKey, String, Table, Text, select

from domain.errors import TokenNotFound
from store.database import metadata
from store.tokens import Principal, TokenInfo, TokenStore, tokens_table

DEVICE_COOKIE = "seedbed_device"
DEVICE_NAME_LENGTH = 80

device_tokens_table = Table(
    "device_tokens",
    metadata,
    Column(
        "token_id",
        String(32),
        ForeignKey("api_tokens.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("device", Text(), nullable=False),
    Column("issued_with", String(32), nullable=False),  # the token that signed in
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Device:
    """A device's credential as listed: never its secret."""

    token: TokenInfo
    device: str
    issued_with: str

    @property
    def id(self) -> str:
        return self.token.id

    def live(self, now: datetime) -> bool:
        expires = self.token.expires_at
        return self.token.revoked_at is None and (expires is None or expires > now)


def device_name(raw: str) -> str:
    """A label a person typed (or a browser's description), printable and short."""
    shown = "".join(c if c.isprintable() else " " for c in raw).strip()
    return " ".join(shown.split())[:DEVICE_NAME_LENGTH] or "device"


class DeviceTokens:
    def __init__(self, engine: Engine, tokens: TokenStore, lifetime: timedelta) -> None:
        self._engine = engine
        self._tokens = tokens
        self.lifetime = lifetime

    def issue(self, signer: Principal, device: str, now: datetime) -> tuple[Device, str]:
        """A token of the signer's role and person for `device`: (its listing, its text)."""
        name = device_name(device)
        info, text = self._tokens.create(
            signer.role,
            signer.person_id,
            now,
            f"device: {name}",
            self.lifetime,
            signer.programme_id,  # a device of a programme-scoped token keeps the scope
        )
        with self._engine.begin() as connection:
            connection.execute(
                device_tokens_table.insert().values(
                    token_id=info.id, device=name, issued_with=signer.token_id, created_at=now
                )
            )
        return Device(info, name, signer.token_id), text

    def list(self, person_id: UUID | None = None) -> list[Device]:
        """Every device credential, newest first; only one person's when `person_id` is given."""
        query = select(device_tokens_table).order_by(device_tokens_table.c.created_at.desc())
        with self._engine.connect() as connection:
            rows = {r.token_id: r for r in connection.execute(query)}
        tokens = {t.id: t for t in self._tokens.list() if t.id in rows}
        found = [
            Device(tokens[token_id], row.device, row.issued_with)
            for token_id, row in rows.items()
            if token_id in tokens
        ]
        if person_id is not None:
            found = [d for d in found if d.token.person_id == person_id]
        return found

    def get(self, token_id: str) -> Device:
        for device in self.list():
            if device.id == token_id:
                return device
        raise TokenNotFound(token_id)

    def is_device(self, token_id: str) -> bool:
        query = select(device_tokens_table.c.token_id).where(
            device_tokens_table.c.token_id == token_id
        )
        with self._engine.connect() as connection:
            return connection.execute(query).first() is not None

    def revoke(self, token_id: str, now: datetime) -> Device:
        """Revokes a device's token (TokenNotFound when it is no device or already revoked)."""
        device = self.get(token_id)
        self._tokens.revoke(device.id, now)
        return self.get(token_id)


__all__ = ["DEVICE_COOKIE", "Device", "DeviceTokens", "device_name", "tokens_table"]
