"""Caps on what a request may bring (ASGI middleware): its headers, checked before anything
else runs (431), and its body, enforced while it streams in (413).

uvicorn's httptools stack has no header limit of its own; its h11 stack has one, which
`seedbed serve` sets from the same setting (app/cli/serving.py). Either way the server has
read the headers before the app can refuse them: a front proxy's limit is what bounds memory.
"""

from __future__ import annotations

import contextlib

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import HTTP_PROBLEMS, send_problem


class _TooLarge(Exception):
    pass


# Per header on the wire: ": " and CRLF beside the name and the value.
HEADER_OVERHEAD = 4


class HeaderSizeLimit:
    """Refuses a request whose headers total more than `max_bytes` with a 431 problem."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            size = sum(
                len(name) + len(value) + HEADER_OVERHEAD for name, value in scope.get("headers", [])
            )
            if size > self.max_bytes:
                detail = f"the request headers are larger than {self.max_bytes} bytes"
                await send_problem(send, HTTP_PROBLEMS[431], detail)
                return
        await self.app(scope, receive, send)


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_large = int(value) > self.max_bytes
                except ValueError:
                    too_large = False
                if too_large:
                    await self._refuse(send)
                    return
        received = 0
        exceeded = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # whatever the app makes of the interrupted body, the answer is 413
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with contextlib.suppress(_TooLarge):
            await self.app(scope, limited_receive, guarded_send)
        if exceeded and not started:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        detail = f"the request body is larger than {self.max_bytes} bytes"
        await send_problem(send, HTTP_PROBLEMS[413], detail)
