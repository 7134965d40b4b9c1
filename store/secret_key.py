"""The server's secret key when none is given: a file of 32 random bytes (hex), mode 0600.

The key must not live in the database: it keys the fingerprints stored there (receipts), so
that a copy of the database alone confirms nothing. Several workers may start at once with
no file yet: each writes a candidate to a private temporary file and hard-links it into place,
which succeeds for exactly one of them; every worker then reads the file that won. A file that
exists but does not hold a key is refused, never replaced (replacing it would silently change
every fingerprint).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
import time
from pathlib import Path

log = logging.getLogger("seedbed.secret_key")

KEY_BYTES = 32
_PARTIAL_WAIT_SECONDS = 2.0


def load_or_create(path: Path) -> bytes:
    """The key in `path`, creating the file (and its folder) atomically when it is missing."""
    if not path.exists():
        _create(path)
    return _read(path)


def _create(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    candidate = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(KEY_BYTES) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(candidate, path)  # atomic, and fails if another worker was first
        except FileExistsError:
            pass
        except OSError:
            # A file system without hard links: an exclusive create instead (a reader that
            # comes between its create and its write waits for the write, see _read).
            _create_exclusively(path, candidate.read_text())
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(candidate)


def _create_exclusively(path: Path, content: str) -> None:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def _read(path: Path) -> bytes:
    deadline = time.monotonic() + _PARTIAL_WAIT_SECONDS
    while True:
        text = path.read_text().strip()
        if text or time.monotonic() > deadline:
            break
        time.sleep(0.05)  # an exclusive create whose write has not landed yet
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise ValueError(
            f"the secret key file {path} does not hold a {KEY_BYTES}-byte hex key; "
            "restore it, or set SEEDBED_SECRET_KEY (it is never replaced automatically)"
        )
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        log.warning("the secret key file %s is readable by other users: chmod 600 it", path)
    return key
