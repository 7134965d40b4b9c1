"""Only the configured hosts are served, and no redirect names a host at all.

Starlette builds absolute URLs from the request's Host header: FastAPI's trailing-slash
redirect answered `Host: evil.example` with `Location: http://evil.example/...`. Requests for
a host outside SEEDBED_ALLOWED_HOSTS are refused by Starlette's TrustedHostMiddleware (its
matching: exact names, `*.domain` wildcards, ports ignored), with our problem body instead of
its plain text; and every redirect to this service's own host is made relative.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import UNTRUSTED_HOST, send_problem

_PASSED = "seedbed.trusted_host"


class TrustedHosts:
    """TrustedHostMiddleware, answering its refusals as RFC 9457 problems (400)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.checker = TrustedHostMiddleware(
            self._passed, allowed_hosts=list(allowed_hosts), www_redirect=False
        )

    async def _passed(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[_PASSED] = True
        await self.app(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.checker(scope, receive, send)
            return

        async def refuse_as_problem(message: Message) -> None:
            if scope.get(_PASSED):
                await send(message)
            elif message["type"] == "http.response.start":
                # The checker's own refusal: ours instead (the host is not echoed back).
                detail = "this service does not answer for the host the request names"
                await send_problem(send, UNTRUSTED_HOST, detail)

        await self.checker(scope, receive, refuse_as_problem)


class RelativeRedirects:
    """A `Location` pointing at the request's own host becomes a path: the reply then does
    not depend on the Host header at all (and never on a `//` path that a browser would read
    as another host)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((v for k, v in scope.get("headers", []) if k == b"host"), b"")

        async def relative(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (k, _relative(v, host) if k.lower() == b"location" else v)
                    for k, v in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, relative)


def _relative(location: bytes, host: bytes) -> bytes:
    parts = urlsplit(location.decode("latin-1"))
    if parts.scheme not in ("http", "https") or parts.netloc.encode("latin-1") != host:
        return location
    path = "/" + parts.path.lstrip("/")
    return urlunsplit(("", "", path, parts.query, parts.fragment)).encode("latin-1")
