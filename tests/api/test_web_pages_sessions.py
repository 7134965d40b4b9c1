"""The web session: its cookie reads JSON but never writes, signing out or revoking the token
ends it, and it expires after `web_session_hours` or with its token, whichever comes first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.main import create_app
from app.settings import Settings
from store.tokens import Role
from store.web_sessions import SESSION_COOKIE, web_sessions_table
from tests.api.client import SESSION, Api
from tests.api.web_pages import (
    SESSION_HOURS,
    Browser,
    PageScene,
    hidden,
    query_of,
    session_rows,
    set_cookie,
    token_id,
)
from tests.clock import FIXED_NOW, MovableClock

EventCount = Callable[[], int]
ENDED_MESSAGE = "Your session has ended. Please sign in again."
SIGNED_OUT_MESSAGE = "You are signed out."


def test_the_session_cookie_reads_json_but_never_writes(
    browser: Callable[..., Browser], page_scene: PageScene, event_count: EventCount
) -> None:
    coordinator = browser().as_role("coordinator")
    portfolio = coordinator.get("/dashboard/portfolio")
    assert portfolio.status_code == 200
    assert portfolio.headers["content-type"] == "application/json"
    assert portfolio.json()["projects"] == 2
    before = event_count()
    network = coordinator.client.post(
        "/networks",
        json={
            "name": "Forged",
            "country": "DE",
            "region": "Nowhere",
            "target_group": "youth",
            "institutions": [],
        },
    )
    assert network.status_code == 401
    assert network.headers["content-type"] == "application/problem+json"
    paused = coordinator.client.post(
        f"/projects/{page_scene.project}/pause", json={"reason": "forged"}
    )
    assert paused.status_code == 401
    assert event_count() == before


def test_json_read_with_the_session_cookie_is_not_cacheable(
    browser: Callable[..., Browser], page_scene: PageScene
) -> None:
    """A cookie-authenticated read returns the same personal data as a bearer one (coach ids,
    session summaries), so it must be `no-store` like every bearer-authenticated reply."""
    coach = browser().as_role("coach")
    history = coach.get(f"/projects/{page_scene.project}/coaching-history")
    assert history.status_code == 200
    assert history.json()["sessions"][0]["details"]["summary"] == SESSION["summary"]
    assert history.headers.get("cache-control") == "no-store"


def test_signing_out_ends_the_session_so_a_copied_cookie_is_worthless(
    api: Api, browser: Callable[..., Browser]
) -> None:
    reader = browser().as_role("auditor")
    old = reader.session_cookie
    page = reader.get("/ui/projects")
    csrf = hidden(page.text, "csrf", "/sign-out")
    with api.container.engine.connect() as connection:
        assert connection.execute(select(web_sessions_table.c.csrf)).scalar_one() == csrf
    signed_out = reader.sign_out(csrf)
    assert signed_out.status_code == 303
    assert signed_out.headers["location"] == "/sign-in?signed_out=true"
    cleared = set_cookie(signed_out, SESSION_COOKIE)
    assert cleared is not None
    assert cleared["max-age"] == "0"
    assert session_rows(api) == 0
    assert reader.get("/").headers["location"] == "/sign-in?next=%2F"
    notice = reader.get(signed_out.headers["location"])
    assert SIGNED_OUT_MESSAGE in notice.text
    # Someone who copied the cookie before sign-out replays it.
    thief = browser()
    cookie = {"Cookie": f"{SESSION_COOKIE}={old}"}
    replayed = thief.get("/", **cookie)
    assert replayed.status_code == 303
    assert query_of(replayed.headers["location"]) == {"next": ["/"], "ended": ["true"]}
    assert thief.get("/dashboard/portfolio", **cookie).status_code == 401


def test_revoking_the_token_ends_its_sessions(api: Api, browser: Callable[..., Browser]) -> None:
    reader = browser().as_role("coordinator")
    assert reader.get("/").status_code == 200
    api.container.tokens.revoke(token_id(api.tokens["coordinator"]), FIXED_NOW)
    ended = reader.get("/ui/projects")
    assert ended.status_code == 303
    assert query_of(ended.headers["location"]) == {"next": ["/ui/projects"], "ended": ["true"]}
    notice = reader.get(ended.headers["location"])
    assert notice.status_code == 200
    assert ENDED_MESSAGE in notice.text
    assert reader.get("/dashboard/portfolio").status_code == 401


def test_a_session_resolves_until_its_expiry_and_not_after(api: Api) -> None:
    sessions = api.container.web_sessions
    opened = sessions.open(api.tokens["dashboard"], FIXED_NOW)
    assert opened is not None
    cookie, session = opened
    assert session.expires_at == FIXED_NOW + timedelta(hours=SESSION_HOURS)
    live = sessions.resolve(cookie, session.expires_at - timedelta(seconds=1))
    assert live is not None
    assert live.principal.role is Role.DASHBOARD
    assert live.csrf == session.csrf
    assert sessions.resolve(cookie, session.expires_at) is None
    assert sessions.resolve(cookie + "x", FIXED_NOW) is None
    assert sessions.resolve("", FIXED_NOW) is None
    assert sessions.resolve("x" * 129, FIXED_NOW) is None
    assert sessions.open("sbt_0123456789abcdef_nope", FIXED_NOW) is None


@pytest.fixture
def clocked(api: Api) -> Iterator[tuple[Browser, MovableClock]]:
    """A second app on the same database whose clock the test moves, with 2-hour sessions."""
    clock = MovableClock()
    settings = Settings(
        database_url=api.settings.database_url,
        embedded_projector=False,
        write_rate_per_minute=0,
        web_session_hours=2,
    )
    with TestClient(create_app(settings, clock=clock), follow_redirects=False) as client:
        yield Browser(api, "en-GB", client), clock


def test_a_session_ends_after_web_session_hours(
    api: Api, clocked: tuple[Browser, MovableClock]
) -> None:
    reader, clock = clocked
    signed_in = reader.sign_in(api.tokens["dashboard"])
    cookie = set_cookie(signed_in, SESSION_COOKIE)
    assert cookie is not None
    assert cookie["max-age"] == "7200"
    clock.now = FIXED_NOW + timedelta(hours=2) - timedelta(seconds=1)
    assert reader.get("/").status_code == 200
    clock.now = FIXED_NOW + timedelta(hours=2)
    ended = reader.get("/")
    assert ended.status_code == 303
    assert query_of(ended.headers["location"]) == {"next": ["/"], "ended": ["true"]}
    assert reader.get("/dashboard/portfolio").status_code == 401


def test_a_token_expiring_first_ends_the_session_sooner(
    api: Api, clocked: tuple[Browser, MovableClock]
) -> None:
    reader, clock = clocked
    token = api.token_for(Role.DASHBOARD, expires_in=timedelta(hours=1))
    assert reader.sign_in(token).status_code == 303
    clock.now = FIXED_NOW + timedelta(minutes=59)
    assert reader.get("/").status_code == 200
    clock.now = FIXED_NOW + timedelta(hours=1)
    assert reader.get("/").status_code == 303


def test_signing_in_clears_away_expired_sessions(
    api: Api, clocked: tuple[Browser, MovableClock]
) -> None:
    reader, clock = clocked
    assert reader.sign_in(api.tokens["dashboard"]).status_code == 303
    assert session_rows(api) == 1
    clock.now = FIXED_NOW + timedelta(hours=3)
    assert reader.sign_in(api.tokens["auditor"]).status_code == 303
    assert session_rows(api) == 1
