"""Successful replies are checked against the route's reply type from the OpenAPI document: a
server of another version (or a proxy answering in its place) that drops a field or changes a
type raises UnexpectedReply, naming the field; fields the schema does not name pass (a newer
server may add some); `validate=False` takes the reply as it comes. The transport is httpx's
MockTransport: the server here is the boundary the client does not own. (test_real_server.py
calls every route of a real server, each reply checked.)"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from seedbed_client import SeedbedClient, errors

SESSION: dict[str, Any] = {
    "type": "coaching",
    "started_at": "2018-04-12T17:00:00+02:00",
    "duration_minutes": 90,
    "mode": "on_site",
    "participation_level": "engaged",
}
LOGGED = {"id": "p-1", "version": 4, "position": 17, "session_id": "s-1"}


def client_answering(reply: Any, status: int = 201, **options: Any) -> SeedbedClient:
    transport = httpx.MockTransport(lambda _request: httpx.Response(status, json=reply))
    return SeedbedClient("http://seedbed.test", "sbt_x", transport=transport, **options)


def test_a_reply_matching_its_schema_is_returned_as_it_came() -> None:
    with client_answering({**LOGGED, "added_by_a_newer_server": True}) as client:
        reply = client.log_session("p-1", SESSION)  # type: ignore[arg-type]
    assert reply == {**LOGGED, "added_by_a_newer_server": True}


@pytest.mark.parametrize(
    ("reply", "named"),
    [
        ({k: v for k, v in LOGGED.items() if k != "version"}, "version: Field required"),
        ({**LOGGED, "version": "4"}, "version: Input should be a valid integer"),
        ({**LOGGED, "position": 1.5}, "position"),
        (["not", "an", "object"], "(the reply)"),
    ],
)
def test_a_reply_its_schema_does_not_describe_raises_naming_the_field(
    reply: Any, named: str
) -> None:
    with (
        client_answering(reply) as client,
        pytest.raises(errors.UnexpectedReply) as raised,
    ):
        client.log_session("p-1", SESSION)  # type: ignore[arg-type]
    assert any(problem.startswith(named) for problem in raised.value.problems), raised.value
    assert "POST /projects/p-1/sessions" in str(raised.value)


def test_checking_can_be_switched_off() -> None:
    with client_answering({"id": "p-1"}, validate=False) as client:
        assert client.log_session("p-1", SESSION) == {"id": "p-1"}  # type: ignore[arg-type]


def test_problems_are_still_typed_errors_not_schema_mismatches() -> None:
    problem = {"type": "/problems/project-closed", "title": "closed", "detail": "closed"}
    with client_answering(problem, status=409) as client, pytest.raises(errors.ProblemError):
        client.log_session("p-1", SESSION)  # type: ignore[arg-type]
