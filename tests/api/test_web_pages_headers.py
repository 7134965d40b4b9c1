"""The headers and markup every page carries (its own CSP, no caching, nothing inline), the API
policy JSON keeps, the static assets, and the error pages: unknown projects, hostile titles.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

import pytest

from tests.api.client import Api
from tests.api.web_pages import Browser, PageScene, check_page_headers, propose, settle

PAGE_PATHS = {
    "portfolio": "/",
    "projects": "/ui/projects",
    "project": "/ui/projects/{project}",
    "audit": "/ui/projects/{project}/audit",
    "coach": "/ui/coaches/{coach}",
    "not found": "/ui/projects/00000000-0000-4000-8000-000000000000",
}


@pytest.mark.parametrize("path", PAGE_PATHS.values(), ids=PAGE_PATHS.keys())
def test_pages_carry_their_own_policy_and_are_never_cached(
    browser: Callable[..., Browser], page_scene: PageScene, path: str
) -> None:
    page = (
        browser()
        .as_role("auditor")
        .get(path.format(project=page_scene.project, coach=page_scene.coach))
    )
    assert page.status_code in (200, 404)
    check_page_headers(page)


def test_the_sign_in_page_carries_the_page_policy(browser: Callable[..., Browser]) -> None:
    check_page_headers(browser().form())


def test_json_replies_keep_the_api_policy(api: Api, browser: Callable[..., Browser]) -> None:
    bearer = api.get("/dashboard/portfolio", "dashboard")
    assert bearer.headers.get_list("content-security-policy") == [
        "default-src 'none'; frame-ancestors 'none'"
    ]
    assert bearer.headers["referrer-policy"] == "no-referrer"
    cookie = browser().as_role("dashboard").get("/dashboard/portfolio")
    assert cookie.headers.get_list("content-security-policy") == [
        "default-src 'none'; frame-ancestors 'none'"
    ]


def test_the_static_assets_are_served(browser: Callable[..., Browser]) -> None:
    reader = browser()
    script = reader.get("/static/seedbed.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert reader.get("/static/seedbed.css").status_code == 200


@pytest.mark.usefixtures("page_scene")
def test_an_unknown_project_is_a_404_page(browser: Callable[..., Browser]) -> None:
    reader = browser().as_role("auditor")
    for path in (f"/ui/projects/{uuid4()}", f"/ui/projects/{uuid4()}/audit"):
        missing = reader.get(path)
        assert missing.status_code == 404
        assert missing.headers["content-type"].startswith("text/html")
        assert "There is no such page or project." in missing.text
    malformed = reader.get("/ui/projects/not-a-uuid")
    assert malformed.status_code == 422
    assert malformed.headers["content-type"].startswith("text/html")


def test_a_hostile_project_title_is_shown_as_text(
    api: Api, browser: Callable[..., Browser]
) -> None:
    title = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    project = propose(api, api.network(), title)
    settle(api)
    reader = browser().as_role("auditor")
    for path in (f"/ui/projects/{project}", "/ui/projects", f"/ui/projects/{project}/audit"):
        page = reader.get(path)
        assert page.status_code == 200
        assert "<script>alert" not in page.text
        assert "<img src=x" not in page.text
        assert "&lt;script&gt;" in page.text
