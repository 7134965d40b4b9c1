"""The one request path every generated method takes: the token, an idempotency key minted
for every POST (kept across retries, so a retry never records twice), retries after a dropped
connection or a 502/503/504/429, problem replies raised as typed errors, and successful replies
checked against the route's reply type (pydantic, strict: a missing field or a wrong type
raises UnexpectedReply; fields the schema does not name are let through)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter, ValidationError

from seedbed_client.errors import UnexpectedReply, Unreachable, problem_error

RETRY_STATUSES = frozenset({429, 502, 503, 504})


def new_key() -> str:
    return f"client-{uuid.uuid4()}"


class Caller:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        retries: int = 3,
        backoff: float = 0.2,
        timeout: float = 10,
        transport: httpx.BaseTransport | None = None,
        validate: bool = True,
    ) -> None:
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )
        self.retries = retries
        self.backoff = backoff
        self.validate = validate
        self.last_response: httpx.Response | None = None

    def disconnect(self) -> None:
        """Closes the connections (`close` is the route that closes a project)."""
        self.http.close()

    def __enter__(self) -> Caller:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.disconnect()

    def _call(
        self,
        method: str,
        path: str,
        path_params: Mapping[str, Any],
        *,
        query: Mapping[str, Any],
        body: Any,
        headers: Mapping[str, Any],
        reply: Any = None,
    ) -> Any:
        url = path.format(**{k: quote(str(v), safe="") for k, v in path_params.items()})
        sent = {k: _header(k, v) for k, v in headers.items() if v is not None}
        if method == "POST" and "Idempotency-Key" not in sent:
            sent["Idempotency-Key"] = new_key()
        params = {k: _query(v) for k, v in query.items() if v is not None}
        data = self.request(method, url, body=body, params=params, headers=sent)
        if self.validate and reply is not None and not isinstance(data, bytes):
            try:
                _adapter(reply).validate_python(data, strict=True)
            except ValidationError as error:
                problems = [
                    f"{'.'.join(map(str, e['loc'])) or '(the reply)'}: {e['msg']}"
                    for e in error.errors()[:10]
                ]
                raise UnexpectedReply(f"{method} {url}", problems) from error
        return data

    def request(
        self,
        method: str,
        url: str,
        *,
        body: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """One request with the retries: the same key and body every time."""
        attempt = 0
        while True:
            try:
                response = self.http.request(
                    method, url, json=body, params=params, headers=dict(headers or {})
                )
            except httpx.TransportError as error:
                if attempt >= self.retries:
                    raise Unreachable(f"{method} {url}: {error!r}") from error
            else:
                self.last_response = response
                if response.status_code not in RETRY_STATUSES or attempt >= self.retries:
                    return _answer(response)
            attempt += 1
            time.sleep(self.backoff * 2 ** (attempt - 1))


@cache
def _adapter(reply: Any) -> TypeAdapter[Any]:
    """Used strictly: JSON gives exact types (an int still passes as a float); a TypedDict
    ignores the keys it does not name."""
    return TypeAdapter(reply)


def _header(name: str, value: Any) -> str:
    if name == "If-Match" and isinstance(value, int):
        return f'"{value}"'
    return str(value)


def _query(value: Any) -> Any:
    return [str(v) for v in value] if isinstance(value, list) else str(value)


def _answer(response: httpx.Response) -> Any:
    kind = response.headers.get("content-type", "").split(";")[0].strip()
    is_json = kind == "application/json" or kind.endswith("+json")
    data: Any = response.json() if is_json else response.content  # JSON lines, CSV: bytes
    if response.status_code >= 400:
        raise problem_error(response.status_code, data, dict(response.headers))
    return data
