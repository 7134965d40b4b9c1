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


# ---------------------------------------------------------------------------- pages
AXE_SOURCE: str | None = None
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it stands."""
    global AXE_SOURCE
    if AXE_SOURCE is None:
        import axe_playwright_python

        AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)  # DevTools evaluation: not subject to the page's CSP
    results = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'], "
        "runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
        "'best-practice']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def sign_in(page: Any, demo: Demo, role: str) -> None:
    page.goto(f"{demo.url}/")
    assert "/sign-in" in page.url
    page.fill("#token", demo.tokens[role])
    page.click("form[action='/sign-in'] button[type=submit]")
    page.wait_for_url(f"{demo.url}/")


def check_page(page: Any, screenshot: Any, name: str) -> None:
    screenshot(page, name)
    assert axe_violations(page) == [], f"accessibility violations on {name}"
