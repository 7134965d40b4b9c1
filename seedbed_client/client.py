"""The typed client: every route of the API as a method (generated from its OpenAPI document),
on the request path of base.py (token, idempotency keys kept across retries, typed errors)."""

from __future__ import annotations

from seedbed_client._generated import ROUTES, Routes


class SeedbedClient(Routes):
    """`SeedbedClient("http://127.0.0.1:8000", token)`; e.g. `.log_session(project_id, body)`.

    Use it in a `with` block (or call `disconnect()`); every POST gets an idempotency key of its
    own unless one is given, kept across its retries."""


__all__ = ["ROUTES", "SeedbedClient"]
