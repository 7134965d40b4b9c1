"""A real browser against a real server: Debian's Chromium driven by Playwright.

The server is `seedbed serve` (uvicorn) on a SQLite file loaded with the demo programme. The
browser is the system's Chromium (`make browser` installs Debian's package; Playwright's own
browser download is not used). Without Chromium these tests skip with the reason, except when
SEEDBED_REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import ARTIFACTS, CHROMIUM_FLAGS, Demo, chromium_path
from tests.serving import running_server, seed_demo, seedbed


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        message = "no Chromium found (run `make browser`, or set SEEDBED_CHROMIUM)"
        if os.environ.get("SEEDBED_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    request.getfixturevalue("chromium")  # skip before loading the demo when there is no browser
    home = tmp_path_factory.mktemp("browser")
    env = {"SEEDBED_DATABASE_URL": f"sqlite:///{home / 'demo.sqlite3'}"}
    migrated = seedbed("migrate", env=env)
    assert migrated.returncode == 0, migrated.stderr
    seeded = seed_demo(home, env)
    assert seeded.returncode == 0, seeded.stderr
    tokens = dict(
        line.split() for line in (home / "tokens.txt").read_text().splitlines() if line.strip()
    )
    with running_server(env, home / "server.log") as url:
        yield Demo(url, tokens)


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Any:
    """Saves a full-page screenshot as a test artifact: test-artifacts/screenshots/<test>-<name>."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    opened.on(
        "console",
        lambda message: (
            errors.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    opened.errors = errors
    yield opened
    context.close()
    assert errors == [], errors
