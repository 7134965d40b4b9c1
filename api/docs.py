"""OpenAPI descriptions of the error replies, so that clients see every problem a route returns."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from api.problems import PROBLEM_JSON
from api.schemas.common import ProblemPublic

_WHY = {
    400: "The body is not valid JSON; or (`/problems/untrusted-host`, any route) the Host "
    "header names a host outside SEEDBED_ALLOWED_HOSTS.",
    401: "No token, or an unknown, revoked or expired one.",
    403: "The token's role, or its tie to the project or network, does not allow this.",
    404: "The project, network, person or session does not exist.",
    409: "The state forbids it: a stale If-Match version, a gate not met, a skipped stage, "
    "a closed project, something recorded twice.",
    413: "The body is larger than the limit.",
    431: "The request's headers are larger than SEEDBED_MAX_HEADER_BYTES (any route).",
    429: "More writes or reads than this token's rate limit allows (see Retry-After).",
    503: "The read models did not reach X-Min-Position in time, or SEEDBED_MAX_WAITERS reads "
    "wait already (see Retry-After); or the database is unreachable.",
    422: "A field is missing, mistyped, out of range or unknown (each one is listed in `errors`); "
    "or an Idempotency-Key was reused with another body.",
}

_SCHEMA = ProblemPublic.model_json_schema(ref_template="#/components/schemas/{model}")


def problems(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {
        code: {"description": _WHY[code], "content": {PROBLEM_JSON: {"schema": _SCHEMA}}}
        for code in codes
    }


READ = problems(401, 403, 404, 422, 429)
PROJECTED = problems(401, 403, 404, 422, 429, 503)
WRITE = problems(400, 401, 403, 404, 409, 413, 422, 429)

WRITE_RESPONSE_HEADERS = {
    "ETag": {"description": 'The stream\'s new version, e.g. "8".', "schema": {"type": "string"}},
    "X-Event-Position": {
        "description": "Global position of the write's last event.",
        "schema": {"type": "string"},
    },
}
CREATED = {**WRITE, 201: {"headers": WRITE_RESPONSE_HEADERS}}
UPDATED = {**WRITE, 200: {"headers": WRITE_RESPONSE_HEADERS}}

# Refusals of the HTTP shell (api/hosts.py, api/limits.py), before any route runs: every route
# can answer them.
SHELL = (400, 431)


def document_shell_refusals(app: FastAPI) -> None:
    """Adds the shell's refusals to every operation of the app's OpenAPI document."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for operations in schema["paths"].values():
            for operation in operations.values():
                for code, reply in problems(*SHELL).items():
                    operation["responses"].setdefault(str(code), reply)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
