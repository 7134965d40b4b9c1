"""The one place that turns errors into RFC 9457 problem responses.

`PROBLEMS` maps each domain error class to a status, a type slug and a title; the most specific
class in an error's MRO wins. HTTP-level refusals (auth, size, malformed JSON) use `ApiProblem`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Send

from domain import errors as e
from store.database import STORAGE_UNAVAILABLE

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("seedbed.errors")


@dataclass(frozen=True)
class ProblemType:
    status: int
    slug: str
    title: str


PROBLEMS: dict[type[e.DomainError], ProblemType] = {
    e.NotFound: ProblemType(404, "not-found", "Not found"),
    e.ProjectClosed: ProblemType(409, "project-closed", "The project is closed"),
    e.VersionConflict: ProblemType(409, "version-conflict", "Version conflict"),
    e.GateNotMet: ProblemType(409, "gate-not-met", "Stage gate not met"),
    e.InvalidTransition: ProblemType(409, "invalid-transition", "Transition not allowed"),
    e.SessionAlreadyWithdrawn: ProblemType(409, "session-withdrawn", "Session was withdrawn"),
    e.AlreadyRecorded: ProblemType(409, "already-recorded", "Already recorded"),
    e.Conflict: ProblemType(409, "conflict", "Conflict with the current state"),
    e.InvalidInput: ProblemType(422, "invalid-input", "Invalid input"),
    e.DomainError: ProblemType(400, "bad-request", "Bad request"),
}

HTTP_PROBLEMS: dict[int, ProblemType] = {
    400: ProblemType(400, "malformed-request", "Malformed request"),
    401: ProblemType(401, "unauthenticated", "Missing or unknown token"),
    403: ProblemType(403, "forbidden", "Not allowed for this token"),
    404: ProblemType(404, "not-found", "Not found"),
    405: ProblemType(405, "method-not-allowed", "Method not allowed"),
    413: ProblemType(413, "payload-too-large", "Request body too large"),
    415: ProblemType(415, "unsupported-media-type", "Unsupported media type"),
    422: ProblemType(422, "invalid-input", "Invalid input"),
    428: ProblemType(428, "precondition-required", "Precondition required"),
    429: ProblemType(429, "too-many-requests", "Too many requests"),
    431: ProblemType(431, "headers-too-large", "Request headers too large"),
    503: ProblemType(503, "unavailable", "Service unavailable"),
}
# A 400 of its own: the request named a host this service does not answer for.
UNTRUSTED_HOST = ProblemType(400, "untrusted-host", "Host not allowed")


class ApiProblem(Exception):
    """An HTTP-level refusal raised by dependencies and helpers."""

    def __init__(
        self,
        status: int,
        detail: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def problem_type_of(error: e.DomainError) -> ProblemType:
    for cls in type(error).__mro__:
        if cls in PROBLEMS:
            return PROBLEMS[cls]
    return PROBLEMS[e.DomainError]


def problem_response(
    kind: ProblemType,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body = {
        "type": f"/problems/{kind.slug}",
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
        **extra,
    }
    return JSONResponse(body, status_code=kind.status, headers=headers, media_type=PROBLEM_JSON)


async def send_problem(send: Send, kind: ProblemType, detail: str) -> None:
    """The same problem body as `problem_response`, sent by an ASGI middleware that refuses a
    request before any route (or FastAPI's error handlers) sees it."""
    body = json.dumps(
        {
            "type": f"/problems/{kind.slug}",
            "title": kind.title,
            "status": kind.status,
            "detail": detail,
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": kind.status,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _domain_extra(error: e.DomainError) -> dict[str, Any]:
    if isinstance(error, e.GateNotMet):
        return {
            "gate": error.gate,
            "missing_milestones": sorted({m for group in error.missing for m in group}),
            "missing_requirements": [" or ".join(group) for group in error.missing],
        }
    if isinstance(error, e.VersionConflict):
        return {"current_version": error.current}
    if isinstance(error, e.InvalidInput):
        return {"errors": [{"field": error.field, "message": error.reason}]}
    if isinstance(error, e.NotFound):
        return {"resource": error.kind, "id": error.identifier}
    return {}


def domain_error_response(error: e.DomainError) -> JSONResponse:
    kind = problem_type_of(error)
    headers = {"ETag": f'"{error.current}"'} if isinstance(error, e.VersionConflict) else None
    return problem_response(kind, error.message, headers, **_domain_extra(error))


def _field_name(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location)


def validation_response(error: RequestValidationError) -> JSONResponse:
    problems = list(error.errors())
    if any(p.get("type") == "json_invalid" for p in problems):
        return problem_response(HTTP_PROBLEMS[400], "the request body is not valid JSON")
    listed = [
        {"field": _field_name(tuple(p.get("loc", ()))), "message": str(p.get("msg", ""))}
        for p in problems
    ]
    detail = "; ".join(f"{item['field']}: {item['message']}" for item in listed[:5])
    return problem_response(HTTP_PROBLEMS[422], detail, errors=listed)


# A hook for the web pages: given (request, status, title, detail), a page to answer with, or
# None when the request is not for a page (then the problem is JSON).
PageProblem = Callable[[Request, int, str, str], Response | None]


def install_problem_handlers(app: FastAPI, pages: PageProblem | None = None) -> None:
    def answer(request: Request, problem: JSONResponse) -> Response:
        if pages is not None:
            body = json.loads(bytes(problem.body))
            shown = pages(request, problem.status_code, body["title"], body["detail"])
            if shown is not None:
                return shown
        return problem

    async def on_domain_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, e.DomainError)
        return answer(request, domain_error_response(error))

    async def on_api_problem(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiProblem)
        kind = HTTP_PROBLEMS[error.status]
        return answer(request, problem_response(kind, error.detail, error.headers, **error.extra))

    async def on_validation(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return answer(request, validation_response(error))

    async def on_http(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        kind = HTTP_PROBLEMS.get(
            error.status_code, ProblemType(error.status_code, "http-error", "HTTP error")
        )
        return answer(request, problem_response(kind, str(error.detail), dict(error.headers or {})))

    async def on_storage_unavailable(request: Request, error: Exception) -> Response:
        # The driver's own message ("database is locked"), never SQLAlchemy's with parameters.
        reason = _driver_message(error)
        log.warning("database unavailable: %s %s", error.__class__.__name__, reason)
        return answer(
            request,
            problem_response(
                HTTP_PROBLEMS[503],
                "the database is busy or unreachable; retry shortly",
                {"Retry-After": "2"},
            ),
        )

    async def on_unexpected(request: Request, error: Exception) -> Response:
        log.error("unexpected error", exc_info=error)
        kind = ProblemType(500, "internal-error", "Internal error")
        return answer(
            request, problem_response(kind, "an unexpected error occurred; it has been logged")
        )

    for storage_error in STORAGE_UNAVAILABLE:
        app.add_exception_handler(storage_error, on_storage_unavailable)
    app.add_exception_handler(Exception, on_unexpected)
    app.add_exception_handler(e.DomainError, on_domain_error)
    app.add_exception_handler(ApiProblem, on_api_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)


def _driver_message(error: BaseException) -> str:
    """The innermost cause's message ("database is locked"): never SQLAlchemy's rendering,
    which carries the statement's parameters (free text, names)."""
    while error.__cause__ is not None or getattr(error, "orig", None) is not None:
        error = getattr(error, "orig", None) or error.__cause__  # type: ignore[assignment]
    return str(error).split("\n", 1)[0][:200]
