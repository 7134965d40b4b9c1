"""How every write answers: status, version and position (body and headers), If-Match, and
Idempotency-Key replays from the receipt stored in the write's own transaction.

Routes take `WriteDep` (one keyed or unkeyed write) or `ChangeDep` (a command on an existing
project or network: the guard's check, If-Match and the write together).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Header, Request
from fastapi.responses import JSONResponse

from api.deps import ContainerDep, GuardDep, PrincipalDep
from api.problems import ApiProblem
from app.access import Action, may_on_project
from app.bootstrap import Container
from app.commands import Command
from domain.errors import DomainError
from domain.project import MicroProject
from store.receipts import CommandResult, Receipt, receipt_scope
from store.tokens import Principal, Role

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Retrying with the same key and body returns the first reply and records "
        "nothing new; the same key with another body is refused (422).",
    ),
]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=40,
        pattern=r'^(\*|(W/)?"[0-9]{1,12}"|[0-9]{1,12})$',
        description='The version the change is based on, e.g. "7"; a stale one gets 409.',
    ),
]

_ETAG = re.compile(r'^(?:W/)?"(\d{1,12})"$|^(\d{1,12})$')


def expected_version(if_match: str | None) -> int | None:
    if if_match is None or if_match.strip() == "*":
        return None
    matched = _ETAG.match(if_match.strip())
    if matched is None:
        raise ApiProblem(
            422,
            'If-Match must be a version such as "7"',
            errors=[{"field": "header.If-Match", "message": "not a version"}],
        )
    return int(matched.group(1) or matched.group(2))


def result_body(result: CommandResult, **extra: Any) -> dict[str, Any]:
    return {"id": str(result.id), "version": result.version, "position": result.position, **extra}


def _headers(body: dict[str, Any], status: int, location: str | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if status == 201 and location is not None and "id" in body:
        headers["Location"] = location.format(id=body["id"])
    if isinstance(body.get("version"), int) and body["version"] > 0:
        headers["ETag"] = f'"{body["version"]}"'
    if isinstance(body.get("position"), int):
        headers["X-Event-Position"] = str(body["position"])
    return headers


class Write:
    """One keyed or unkeyed write: run the command, answer, or replay the first answer."""

    def __init__(
        self,
        container: Container,
        principal: Principal,
        key: str | None,
        request_fingerprint: str,
    ) -> None:
        self.container = container
        self.principal = principal
        self.key = key
        self.fingerprint = request_fingerprint
        self.location: str | None = None

    def run(
        self,
        command: Callable[[], CommandResult],
        render: Callable[[CommandResult], dict[str, Any]] = result_body,
        status_code: int = 200,
        location: str | None = None,
    ) -> JSONResponse:
        """`location`: the URL template of what a 201 created or appended to, e.g.
        "/projects/{id}" (the reply's id fills it), sent as the Location header."""
        self.location = location
        receipts, now = self.container.receipts, self.container.clock()
        if self.key is not None:
            earlier = receipts.find(self.principal.receipts_scope, self.key, now)
            if earlier is not None:
                return self._replay(earlier)
        draft = None
        if self.key is not None:
            draft = receipts.draft(
                self.principal.receipts_scope, self.key, self.fingerprint, status_code, render, now
            )
        try:
            with receipt_scope(draft):
                result = command()
        except DomainError:
            # A twin request with the same key may have won the race: answer as it did.
            if self.key is not None:
                earlier = receipts.find(self.principal.receipts_scope, self.key, now)
                if earlier is not None:
                    return self._replay(earlier)
            raise
        receipts.purge_if_due(now)
        body = render(result)
        headers = _headers(body, status_code, location)
        return JSONResponse(body, status_code=status_code, headers=headers)

    def _replay(self, receipt: Receipt) -> JSONResponse:
        # A receipt from before 0.7.0 lost its (unkeyed) fingerprint in the upgrade: it is
        # replayed without checking the body, until it expires.
        if receipt.fingerprint and receipt.fingerprint != self.fingerprint:
            raise ApiProblem(
                422,
                "this Idempotency-Key was used with another request; use a new key",
                errors=[{"field": "header.Idempotency-Key", "message": "reused"}],
            )
        headers = {
            **_headers(receipt.body, receipt.status_code, self.location),
            "Idempotent-Replayed": "true",
        }
        return JSONResponse(receipt.body, status_code=receipt.status_code, headers=headers)


async def _canonical_body(request: Request) -> bytes:
    raw = await request.body()
    try:
        return json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        return bytes(raw)


async def current_write(
    request: Request,
    container: ContainerDep,
    principal: PrincipalDep,
    idempotency_key: IdempotencyKey = None,
) -> Write:
    request.app.state.write_limiter.take(principal.token_id)
    body = await _canonical_body(request)
    fingerprint = container.receipts.fingerprint(request.method, request.url.path, body)
    return Write(container, principal, idempotency_key, fingerprint)


WriteDep = Annotated[Write, Depends(current_write)]


class Change:
    """A command on an existing project or network: the guard checks the caller first, then the
    command is made from the body (so a refused caller learns nothing about its input), run
    under If-Match, and answered with the ids it created beside version and position."""

    def __init__(self, guard: GuardDep, write: WriteDep, if_match: IfMatch = None) -> None:
        self.guard = guard
        self.write = write
        self.if_match = if_match

    @property
    def principal(self) -> Principal:
        principal: Principal = self.guard.principal
        return principal

    def project(
        self,
        project_id: UUID,
        action: Action,
        make: Callable[[], Command],
        status_code: int = 201,
    ) -> JSONResponse:
        check = self._project_check(action)
        if check is None:  # a coordinator: the check reads the project's network first
            self.guard.project(project_id, action)
            return self._run(project_id, make(), status_code, "/projects/{id}")
        expected = expected_version(self.if_match)
        actor = self.principal.actor
        made: list[Command] = []

        def making() -> Command:
            made.append(make())  # the receipt, rendered inside the append, needs its ids
            return made[-1]

        def command() -> CommandResult:
            return self.guard.incubator.execute_checked(
                MicroProject, project_id, check, making, actor=actor, expected_version=expected
            )

        return self.write.run(
            command,
            lambda result: result_body(result, **made[-1].created()),
            status_code,
            "/projects/{id}",
        )

    def _project_check(self, action: Action) -> Callable[[MicroProject], None] | None:
        """The guard's `project` as a check of the project the command itself loads (so that
        the check costs no read of its own); None for a coordinator, whose check needs the
        project's network too (then the guard reads first). The role is refused at once."""
        guard = self.guard
        principal = guard.require(action)
        if principal.role is Role.COORDINATOR:
            return None

        def check(project: MicroProject) -> None:
            if not may_on_project(principal, action, project.coaches, None, project.enrolments):
                raise guard.forbidden(action, "this project")

        return check

    def network(
        self, network_id: UUID, action: Action, make: Callable[[], Command]
    ) -> JSONResponse:
        self.guard.network(network_id, action)
        return self._run(network_id, make(), 201, "/networks/{id}")

    def _run(
        self, stream_id: UUID, command: Command, status_code: int, location: str
    ) -> JSONResponse:
        expected = expected_version(self.if_match)
        actor = self.principal.actor
        return self.write.run(
            lambda: self.guard.incubator.execute(
                stream_id, command, actor=actor, expected_version=expected
            ),
            lambda result: result_body(result, **command.created()),
            status_code,
            location,
        )


ChangeDep = Annotated[Change, Depends(Change)]
