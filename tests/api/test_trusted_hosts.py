"""Redirects never follow an untrusted Host header (issue 14).

Starlette builds absolute redirect URLs from the request's Host header (the trailing-slash
redirect, say), so `Host: evil.example` came back as `Location: http://evil.example/...`.
Only the hosts of SEEDBED_ALLOWED_HOSTS are served (others: a 400 problem), and the redirects
that remain are relative.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from app.settings import Settings
from tests.api.client import Api
from tests.clock import fixed_clock

PROBLEM_JSON = "application/problem+json"
EVIL = {"Host": "evil.example"}


def assert_untrusted(response: object) -> None:
    from httpx import Response

    assert isinstance(response, Response)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    problem = response.json()
    assert problem["type"] == "/problems/untrusted-host"
    assert problem["status"] == 400
    assert problem["title"]
    assert "evil.example" not in problem["detail"]  # the refusal does not echo the host
    assert "location" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/projects/"),  # FastAPI's trailing-slash redirect
        ("GET", "/ui/projects"),  # a page's redirect to sign-in
        ("GET", "/ui/language?lang=de&next=/ui/projects"),  # the language switch's redirect
        ("GET", "/health"),
        ("POST", "/people"),
    ],
)
def test_request_with_an_untrusted_host_is_a_400_problem_and_never_a_redirect(
    api: Api, method: str, path: str
) -> None:
    response = api.client.request(
        method, path, headers={**api.headers("admin"), **EVIL}, follow_redirects=False
    )
    assert_untrusted(response)


def test_untrusted_host_changes_nothing(api: Api) -> None:
    before = api.client.get("/projects", headers=api.headers("admin")).json()
    body = {"display_name": "Evil Eve", "role": "service_user"}
    response = api.client.post("/people", json=body, headers={**api.headers("admin"), **EVIL})
    assert_untrusted(response)
    assert api.client.get("/projects", headers=api.headers("admin")).json() == before


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000", "testserver"])
def test_redirects_on_a_trusted_host_are_relative(api: Api, host: str) -> None:
    slash = api.client.get(
        "/projects/", headers={**api.headers("admin"), "Host": host}, follow_redirects=False
    )
    assert slash.status_code == 307
    assert slash.headers["location"] == "/projects"
    page = api.client.get("/ui/projects", headers={"Host": host}, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/sign-in?next=")


@pytest.fixture
def configured(sqlite_url: str) -> Iterator[TestClient]:
    from migrations import upgrade

    settings = Settings(
        database_url=sqlite_url,
        allowed_hosts="seedbed.example.org, *.sempre.example",
        host="0.0.0.0",
    )
    upgrade(settings.database_url)
    with TestClient(create_app(settings, clock=fixed_clock)) as client:
        yield client


@pytest.mark.parametrize(
    "host",
    ["seedbed.example.org", "seedbed.example.org:443", "dash.sempre.example", "127.0.0.1:8000"],
)
def test_configured_hosts_and_loopback_are_served(configured: TestClient, host: str) -> None:
    assert configured.get("/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["testserver", "evil.example", "sempre.example.evil", "0.0.0.0"])
def test_hosts_not_configured_are_refused(configured: TestClient, host: str) -> None:
    response = configured.get("/health", headers={"Host": host})
    assert response.status_code == 400
    assert response.json()["type"] == "/problems/untrusted-host"


@pytest.mark.parametrize(
    ("location", "relative"),
    [
        (b"http://testserver/projects?x=1", b"/projects?x=1"),
        (b"https://testserver/a#b", b"/a#b"),
        (b"http://testserver//evil.example/x", b"/evil.example/x"),  # never scheme-relative
        (b"http://elsewhere.example/x", b"http://elsewhere.example/x"),
        (b"/already/relative", b"/already/relative"),
    ],
)
def test_redirects_to_the_requests_own_host_become_paths(location: bytes, relative: bytes) -> None:
    from api.hosts import _relative

    assert _relative(location, b"testserver") == relative


def test_openapi_names_the_untrusted_host_problem_for_every_route(api: Api) -> None:
    document = api.client.get("/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert "400" in operation["responses"], (method, path)
    assert (
        "untrusted-host" in document["paths"]["/health"]["get"]["responses"]["400"]["description"]
    )
