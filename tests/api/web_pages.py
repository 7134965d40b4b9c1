"""Helpers for the web dashboard's tests over HTTP (tests/api/test_web_pages_*.py).

Every page test drives the real app on a fresh SQLite file (the `api` fixture) through its own
"browser": a TestClient with its own cookie jar that does not follow redirects, so each 303 and
each Set-Cookie is checked where it happens. tests/api/conftest.py serves `browser` (opens
`Browser`s) and `page_scene` (`build_page_scene`).

Here: reading HTML (`parse`, `hidden`, `figure`), cookies (`set_cookie`), `Browser`, waiting for the
read models (`settle`), the scene most page tests look at, and the headers every page carries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import Morsel, SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.bootstrap import Container
from store.tokens import Role
from store.web_sessions import SESSION_COOKIE, web_sessions_table
from tests.api.client import SESSION, Api

CSRF_COOKIE = "seedbed_signin"

COACH_NAME = "Quirina Zwetschkenbaum"
TOPIC = "zebrafish-ladder-topic"
SESSION_HOURS = 12  # Settings.web_session_hours' default

# ---------------------------------------------------------------------------- reading HTML
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def find_all(self, tag: str | None = None, **attrs: str | None) -> list[Node]:
        """Elements under (and including) this one with `tag` and these attributes; an attribute
        given as None only needs to be present."""
        return [
            node
            for node in self.walk()
            if (tag is None or node.tag == tag)
            and all(
                name.replace("_", "-") in node.attrs
                and (value is None or node.attrs[name.replace("_", "-")] == value)
                for name, value in attrs.items()
            )
        ]

    def find(self, tag: str | None = None, **attrs: str | None) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'} {attrs}> in the page"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(node)
        if tag not in VOID:
            self._open.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, 0, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def hidden(html: str, name: str, action: str) -> str:
    """The value of the hidden input `name` in the page's form that posts to `action`."""
    form = parse(html).find("form", action=action)
    return form.find("input", type="hidden", name=name).attrs["value"]


def figure(html: str, data_field: str) -> str:
    """The text of the first element (not a chart's rect) showing the figure `data_field`."""
    nodes = [n for n in parse(html).find_all(data_field=data_field) if n.tag != "rect"]
    assert nodes, f"no figure {data_field!r} on the page"
    return nodes[0].text().strip()


def set_cookie(response: httpx.Response, name: str) -> Morsel[str] | None:
    """The Set-Cookie of `name` in a response, parsed; None when it sets no such cookie."""
    for header in response.headers.get_list("set-cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        if name in jar:
            return jar[name]
    return None


def query_of(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query, keep_blank_values=True)


# ---------------------------------------------------------------------------- the browser
class Browser:
    """One browser: its own cookie jar on the app `api` serves; redirects are not followed."""

    def __init__(self, api: Api, language: str, client: TestClient | None = None) -> None:
        self.api = api
        self.client = client or TestClient(api.client.app, follow_redirects=False)
        self.client.headers["Accept-Language"] = language

    def get(self, path: str, **headers: str) -> httpx.Response:
        response: httpx.Response = self.client.get(path, headers=headers)
        return response

    def form(self, next_path: str | None = None) -> httpx.Response:
        params = {} if next_path is None else {"next": next_path}
        response: httpx.Response = self.client.get("/sign-in", params=params)
        assert response.status_code == 200, response.text
        return response

    def sign_in(self, token: str, next_path: str = "/", **headers: str) -> httpx.Response:
        csrf = hidden(self.form().text, "csrf", "/sign-in")
        response: httpx.Response = self.client.post(
            "/sign-in", data={"token": token, "csrf": csrf, "next": next_path}, headers=headers
        )
        return response

    def as_role(self, role: str) -> Browser:
        signed_in = self.sign_in(self.api.tokens[role])
        assert signed_in.status_code == 303, signed_in.text
        return self

    @property
    def session_cookie(self) -> str:
        value: str | None = self.client.cookies.get(SESSION_COOKIE)
        assert value, "not signed in"
        return value

    def sign_out(self, csrf: str, **headers: str) -> httpx.Response:
        response: httpx.Response = self.client.post(
            "/sign-out", data={"csrf": csrf}, headers=headers
        )
        return response


def served(api: Api) -> Container:
    """The container of the app the client runs (its projector keeps the read models)."""
    container: Container = api.client.app.state.container  # type: ignore[attr-defined]
    return container


def settle(api: Api) -> None:
    """Waits until the read models have every event (pages read them without X-Min-Position)."""
    read_models = served(api).read_models
    assert read_models.wait_for(read_models.runner.head(), 10)


def session_rows(api: Api) -> int:
    with api.container.engine.connect() as connection:
        count = connection.execute(select(func.count()).select_from(web_sessions_table))
        return int(count.scalar_one())


def token_id(token: str) -> str:
    return token.split("_", 2)[1]


# ---------------------------------------------------------------------------- the scene
@dataclass(frozen=True)
class PageScene:
    network: str
    project: str  # coached by "coach" and by COACH_NAME, who logged one session on TOPIC
    other: str  # in the same network, no coach
    coach: str  # COACH_NAME's person id (token: api.tokens["quirina"])


def propose(api: Api, network: str, title: str) -> str:
    """A project in `network`, no coach yet."""
    return api.project(
        network, assign_coach=False, title=title, summary="Neighbours help each other."
    )


def log_session(api: Api, project: str, role: str, **changes: Any) -> None:
    response = api.post(f"/projects/{project}/sessions", role, {**SESSION, **changes})
    assert response.status_code == 201, response.text


def build_page_scene(api: Api) -> PageScene:
    network = api.network()
    coach = api.person(role="coach", name=COACH_NAME)
    api.tokens["quirina"] = api.token_for(Role.COACH, coach)
    project = propose(api, network, "Wendelstein Kitchen")
    api.assign_coach(project, api.people["coach"])
    api.assign_coach(project, coach)
    log_session(api, project, "quirina", topics=[TOPIC])
    other = propose(api, network, "Moorhof Repair Cafe")
    settle(api)
    return PageScene(network, project, other, coach)


# ---------------------------------------------------------------------------- the headers
def check_page_headers(page: httpx.Response) -> None:
    assert page.headers["content-type"].startswith("text/html")
    policies = page.headers.get_list("content-security-policy")
    assert len(policies) == 1, policies
    directives = {d.strip().split(" ")[0]: d.strip() for d in policies[0].split(";")}
    assert directives["script-src"] == "script-src 'self'"
    assert directives["default-src"] == "default-src 'none'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in policies[0]
    assert page.headers.get_list("cache-control") == ["no-store"]
    assert page.headers.get_list("referrer-policy") == ["same-origin"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    # Nothing inline the policy would have to allow: scripts come from /static or are data.
    for script in parse(page.text).find_all("script"):
        assert script.attrs.get("src", "").startswith("/static/") or (
            script.attrs.get("type") == "application/json"
        ), script.attrs
    for element in parse(page.text).walk():
        assert not any(name.startswith("on") for name in element.attrs), element.attrs
        assert "style" not in element.attrs, element.attrs
