"""Security headers on every reply, CORS only for configured origins, and a write rate limit
and a read rate limit per token (answered with 429 and Retry-After).

Each rate limit is a token bucket per API token in each process: with several workers the
effective limit is the per-worker limit times the workers.
"""

from __future__ import annotations

import threading
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import ApiProblem
from store.web_sessions import SESSION_COOKIE

SESSION_COOKIE_BYTES = f"{SESSION_COOKIE}=".encode()

HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
# The API returns JSON only; the interactive docs page loads its script from a CDN.
API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
DOCS_PATHS = ("/docs", "/redoc", "/docs/oauth2-redirect")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_docs = scope.get("path", "") in DOCS_PATHS
        # A bearer token or a dashboard session: either way the reply is someone's, not a cache's.
        authenticated = any(
            name == b"authorization" or (name == b"cookie" and SESSION_COOKIE_BYTES in value)
            for name, value in scope.get("headers", [])
        )

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [h for h in HEADERS if h[0] not in present]  # pages bring their own
                if not is_docs and API_CSP[0] not in present:
                    extra.append(API_CSP)
                if authenticated and b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


class RateLimiter:
    """A token bucket per API token: `per_minute` requests (writes or reads, the `noun`),
    bursts up to `burst`."""

    def __init__(self, per_minute: int, burst: int, noun: str = "writes") -> None:
        self.noun = noun
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, token_id: str) -> None:
        if self.rate <= 0:
            return
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(token_id, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1:
                wait = (1 - tokens) / self.rate
                self._buckets[token_id] = (tokens, now)
                raise ApiProblem(
                    429,
                    f"too many {self.noun} for this token; slow down",
                    {"Retry-After": str(max(1, round(wait + 0.5)))},
                )
            self._buckets[token_id] = (tokens - 1, now)
            if len(self._buckets) > 10_000:  # forget idle tokens
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < 600}
