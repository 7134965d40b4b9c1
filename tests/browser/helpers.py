"""What the browser tests share: where Chromium is and how it is started, where screenshots go,
and `Demo`, the served demo programme (tests/browser/conftest.py serves it as `demo`).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ARTIFACTS = Path(os.environ.get("SEEDBED_ARTIFACTS", "test-artifacts")) / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    configured = os.environ.get("SEEDBED_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Demo:
    """The served demo programme: its URL and a token per role (from `seed-demo`)."""

    url: str
    tokens: dict[str, str]

    def api(self, path: str, role: str = "admin", **params: Any) -> Any:
        response = httpx.get(
            f"{self.url}{path}",
            params=params,
            headers={"Authorization": f"Bearer {self.tokens[role]}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return response.json()
