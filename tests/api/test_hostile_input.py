"""Hostile input: oversized and deeply nested JSON, invalid UTF-8, huge numbers, header abuse,
path traversal in ids, and tokens that are expired, revoked or for another coach's project.
Every case gets a 4xx problem and changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from store.tokens import Role
from tests.api.client import SESSION, Api

Case = tuple[str, dict[str, Any]]


def _deep(levels: int) -> bytes:
    return b'{"type":"coaching","summary":' + b"[" * levels + b"]" * levels + b"}"


BODY_CASES: list[tuple[str, bytes]] = [
    ("nested 50,000 deep", _deep(50_000)),
    ("nested 5,000 deep", _deep(5_000)),
    ("invalid UTF-8", b'{"type":"coaching","summary":"\xff\xfe\xfd"}'),
    ("lone surrogate escape", b'{"type":"coaching","summary":"\\ud800"}'),
    (
        "lone surrogate in a valid session",
        json.dumps({**SESSION, "summary": "x"}).replace('"x"', '"\\ud800"', 1).encode(),
    ),
    ("huge integer", b'{"type":"coaching","duration_minutes":' + b"9" * 5000 + b"}"),
    ("float for an integer", b'{"type":"coaching","duration_minutes":1e308}'),
    ("NaN", b'{"type":"coaching","duration_minutes":NaN}'),
    ("not an object", b'"coaching"'),
    ("empty", b""),
    ("null byte in a key", b'{"type\\u0000":"coaching"}'),
]


@pytest.mark.parametrize(("case", "body"), BODY_CASES, ids=[c[0] for c in BODY_CASES])
def test_hostile_bodies_get_a_4xx_problem_and_change_nothing(
    api: Api, event_count: Callable[[], int], case: str, body: bytes
) -> None:
    project = api.project()
    before = event_count()
    response = api.client.post(
        f"/projects/{project}/sessions",
        content=body,
        headers=api.headers("coach", **{"Content-Type": "application/json"}),
    )
    assert 400 <= response.status_code < 500, (case, response.status_code, response.text[:200])
    assert response.headers["content-type"] == "application/problem+json"
    assert event_count() == before


PATHS = [
    "/projects/..%2F..%2Fetc%2Fpasswd",
    "/projects/../../etc/passwd",
    "/projects/%00",
    "/projects/" + "a" * 5000,
    "/projects/00000000-0000-0000-0000-000000000000%2Fsessions",
    "/projects/%E2%80%AE1234",
]


@pytest.mark.parametrize("path", PATHS)
def test_path_abuse_gets_a_4xx(api: Api, path: str) -> None:
    response = api.client.get(path, headers=api.headers("auditor"))
    assert 400 <= response.status_code < 500, (path, response.status_code)


HEADER_CASES: list[tuple[str, dict[str, str]]] = [
    ("huge If-Match", {"If-Match": '"' + "9" * 5000 + '"'}),
    ("negative If-Match", {"If-Match": '"-1"'}),
    ("huge Idempotency-Key", {"Idempotency-Key": "k" * 5000}),
    ("two schemes", {"Authorization": "Bearer a Bearer b"}),
    ("basic auth", {"Authorization": "Basic dXNlcjpwYXNz"}),
    ("huge token", {"Authorization": "Bearer " + "x" * 10_000}),
]


@pytest.mark.parametrize(("case", "headers"), HEADER_CASES, ids=[c[0] for c in HEADER_CASES])
def test_header_abuse_gets_a_4xx_and_changes_nothing(
    api: Api, event_count: Callable[[], int], case: str, headers: dict[str, str]
) -> None:
    project = api.project()
    before = event_count()
    merged = {**api.headers("coach"), **headers}
    response = api.client.post(f"/projects/{project}/sessions", json=SESSION, headers=merged)
    assert 400 <= response.status_code < 500, (case, response.status_code, response.text[:200])
    assert event_count() == before


@pytest.mark.parametrize("value", ["9" * 50, "-5", "1e3", "0x10", ""])
def test_read_with_an_abusive_x_min_position_gets_a_4xx(api: Api, value: str) -> None:
    response = api.client.get(
        "/dashboard/portfolio", headers=api.headers("dashboard", **{"X-Min-Position": value})
    )
    assert response.status_code == 422


def test_expired_revoked_wrong_role_and_other_coach_tokens_change_nothing(
    api: Api, event_count: Callable[[], int]
) -> None:
    project = api.project()
    expired = api.token_for(Role.COACH, api.people["coach"], expires_in=timedelta(0))
    revoked_token = api.token_for(Role.COACH, api.people["coach"])
    api.container.tokens.revoke(revoked_token.split("_", 2)[1], api.container.clock())
    before = event_count()
    for token, status in (
        (expired, 401),
        (revoked_token, 401),
        (api.tokens["dashboard"], 403),
        (api.tokens["auditor"], 403),
        (api.tokens["other_coach"], 403),
    ):
        response = api.client.post(
            f"/projects/{project}/sessions",
            json=SESSION,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == status
    assert event_count() == before
