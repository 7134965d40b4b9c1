"""Settings: every knob from a `SEEDBED_*` environment variable, with a documented default."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from store.database import DEFAULT_DATABASE_URL, sqlite_path


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SEEDBED_", env_file=None, extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="One SQLAlchemy URL for the event store, personal data and read models: "
        "sqlite:///path/file.sqlite3 (default) or postgresql+psycopg://user@host/db.",
    )
    host: str = Field(default="127.0.0.1", description="Address the HTTP service binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port of the HTTP service.")
    snapshot_interval: int = Field(
        default=50, ge=2, description="Take a snapshot of a project every N events."
    )
    aggregate_cache_size: int = Field(
        default=1000,
        ge=0,
        description="Projects and networks kept loaded in memory per process (0: none).",
    )
    write_retries: int = Field(
        default=20,
        ge=1,
        description="How often a command is retried against fresh state after losing a "
        "version race to a concurrent writer, before it is reported as a conflict.",
    )
    max_body_bytes: int = Field(
        default=256 * 1024, ge=1024, description="Largest request body accepted (else 413)."
    )
    embedded_projector: bool = Field(
        default=True,
        description="Run the projection runner inside the API process. Turn off when a "
        "separate `seedbed projector` process projects (several API workers, one projector).",
    )
    projection_batch_size: int = Field(
        default=500, ge=1, le=100_000, description="Events per projection transaction."
    )
    projection_poll_interval: float = Field(
        default=0.25, gt=0, le=60, description="Seconds between polls for new events."
    )
    projection_batch_window: float = Field(
        default=0.05,
        ge=0,
        le=5,
        description="After a write wakes the embedded projector, how long it waits for more "
        "writes to join the batch (a reader waiting with X-Min-Position cuts it short).",
    )
    read_wait_seconds: float = Field(
        default=5.0,
        ge=0,
        le=60,
        description="How long a read with X-Min-Position waits for the projections (then 503).",
    )
    log_level: str = Field(
        default="INFO",
        pattern="^(DEBUG|INFO|WARNING|ERROR|debug|info|warning|error)$",
        description="Level of the JSON log lines (one per request at INFO).",
    )
    write_rate_per_minute: int = Field(
        default=1200,
        ge=0,
        description="Writes per minute per API token and process before 429 (0: no limit).",
    )
    write_rate_burst: int = Field(default=120, ge=1, description="Writes allowed in a burst.")
    cors_origins: str = Field(
        default="",
        description="Comma-separated browser origins allowed to call the API (default: none).",
    )
    web_session_hours: float = Field(
        default=12,
        gt=0,
        le=24 * 30,
        description="How long a dashboard sign-in lasts (the token's own expiry and revocation "
        "end it sooner).",
    )
    sqlite_busy_timeout_ms: int = Field(
        default=5_000, ge=0, description="How long a SQLite writer waits for a lock."
    )

    def sqlite_path(self) -> Path | None:
        """The database file when the URL names a SQLite file, else None."""
        return sqlite_path(self.database_url)
