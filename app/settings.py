"""Settings: every knob from a `SEEDBED_*` environment variable, with a documented default."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from store.database import DEFAULT_DATABASE_URL, sqlite_path
from store.secret_key import load_or_create

# Bind addresses that mean "every interface": never a Host header to trust.
WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::", "[::]"})


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
    group_commit_max: int = Field(
        default=128,
        ge=0,
        description="Most appends one transaction commits together (group commit, one writer "
        "thread per process); 0 commits each request's append alone.",
    )
    max_body_bytes: int = Field(
        default=256 * 1024, ge=1024, description="Largest request body accepted (else 413)."
    )
    max_header_bytes: int = Field(
        default=32 * 1024,
        ge=1024,
        le=1024 * 1024,
        description="Largest total of request headers accepted (else 431).",
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
    max_waiters: int = Field(
        default=100,
        ge=1,
        le=100_000,
        description="Reads waiting with X-Min-Position at once per process (they hold no "
        "thread); one more is refused at once with 503 and Retry-After.",
    )
    no_contact_days: int = Field(
        default=42,
        ge=1,
        le=3660,
        description="A project with no session for this many days is on the attention list.",
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
    read_rate_per_minute: int = Field(
        default=3000,
        ge=0,
        description="API reads (GET) per minute per token and process before 429 (0: no limit).",
    )
    read_rate_burst: int = Field(default=300, ge=1, description="Reads allowed in a burst.")
    cors_origins: str = Field(
        default="",
        description="Comma-separated browser origins allowed to call the API (default: none).",
    )
    allowed_hosts: str = Field(
        default="127.0.0.1,localhost,testserver",
        description="Comma-separated host names the service answers for (the Host header, "
        "port ignored; `*.example.org` for subdomains, `*` for any); others get 400. The "
        "loopback names and the bind address SEEDBED_HOST (unless a wildcard) are always "
        "added. `testserver` is the name of Starlette's test client.",
    )
    web_session_hours: float = Field(
        default=12,
        gt=0,
        le=24 * 30,
        description="How long a dashboard sign-in lasts (the token's own expiry and revocation "
        "end it sooner).",
    )
    device_token_days: int = Field(
        default=30,
        ge=1,
        le=365,
        description="How long a device credential issued at sign-in (for the offline app's "
        "outbox) lasts; its owner or an admin may revoke it sooner.",
    )
    sqlite_busy_timeout_ms: int = Field(
        default=5_000, ge=0, description="How long a SQLite writer waits for a lock."
    )
    secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="The server secret (at least 32 characters) keying the fingerprints kept in "
        "the database; never stored there, never logged. Empty: read or create "
        "SEEDBED_SECRET_FILE. Every process of one deployment needs the same secret.",
    )
    secret_file: Path = Field(
        default=Path("var/secret.key"),
        description="Where the server secret is kept when SEEDBED_SECRET_KEY is empty: created "
        "(mode 0600, atomically, so that workers starting together agree) when missing.",
    )
    metrics_token: SecretStr = Field(
        default=SecretStr(""),
        description="A bearer token (at least 32 characters) that opens GET /metrics and "
        "nothing else, for Prometheus; admin API tokens open it too. Empty: admin tokens only.",
    )
    receipt_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="Days an idempotency receipt is kept; a retry with the same key after "
        "that is a new request.",
    )

    @field_validator("secret_key", "metrics_token")
    @classmethod
    def _long_enough(cls, value: SecretStr, info: ValidationInfo) -> SecretStr:
        if value.get_secret_value() and len(value.get_secret_value()) < 32:
            name = f"SEEDBED_{(info.field_name or '').upper()}"
            raise ValueError(f"{name} needs at least 32 characters (or none)")
        return value

    def trusted_hosts(self) -> list[str]:
        """SEEDBED_ALLOWED_HOSTS, plus loopback (health checks, local tools) and the bind
        address when it names one host."""
        hosts = [h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip()]
        hosts += ["127.0.0.1", "localhost"]
        if self.host not in WILDCARD_ADDRESSES:
            hosts.append(self.host.lower())
        return list(dict.fromkeys(hosts))

    def secret(self) -> bytes:
        """The server secret: SEEDBED_SECRET_KEY, else the key file (created when missing)."""
        given = self.secret_key.get_secret_value()
        if given:
            return given.encode()
        return load_or_create(self.secret_file)

    def sqlite_path(self) -> Path | None:
        """The database file when the URL names a SQLite file, else None."""
        return sqlite_path(self.database_url)
