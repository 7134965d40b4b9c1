"""HTTP fixtures: the API on a migrated database (tests/api/client.py), the store's event count,
and for the page tests a browser and the scene they look at (tests/api/web_pages.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.api.client import Api, build_api
from tests.api.web_pages import Browser, PageScene, build_page_scene
from tests.databases import stored_events


@pytest.fixture
def api(sqlite_url: str) -> Iterator[Api]:
    """The API on a SQLite file (the embedded default)."""
    yield from build_api(sqlite_url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def api_any_db(request: pytest.FixtureRequest) -> Iterator[Api]:
    """The API on a SQLite file, then on PostgreSQL."""
    url_fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    yield from build_api(request.getfixturevalue(url_fixture))


@pytest.fixture
def event_count(api: Api) -> Callable[[], int]:
    """How many events the store holds: a write refused must leave it unchanged."""
    return lambda: stored_events(api.container)


@pytest.fixture
def browser(api: Api) -> Iterator[Callable[..., Browser]]:
    """Opens browsers (`browser("de-AT")`: with that Accept-Language) on the app `api` serves."""
    opened: list[Browser] = []

    def open_browser(language: str = "en-GB") -> Browser:
        opened.append(Browser(api, language))
        return opened[-1]

    yield open_browser
    for each in opened:
        each.client.close()


@pytest.fixture
def page_scene(api: Api) -> PageScene:
    """Two projects in one network, one coached by "coach" and COACH_NAME (who logged a session
    on TOPIC), the read models caught up."""
    return build_page_scene(api)
