"""Problem replies (RFC 9457) as typed errors, by their `type`.

SeedbedError
├── Unreachable                   no reply: connection refused or dropped, timed out
├── UnexpectedReply               a 2xx reply the route's schema does not describe (.problems)
└── ProblemError                  the server answered a problem (status, type, detail...)
    ├── BadRequest                malformed-request, bad-request, untrusted-host, http-error
    ├── Unauthenticated           401: no token, or an unknown, revoked or expired one
    ├── Forbidden                 403: the token's role or its tie to the project
    ├── NotFound                  404
    ├── MethodNotAllowed          405
    ├── Conflict                  409: the state forbids it
    │   ├── ProjectClosed
    │   ├── VersionConflict       .current_version
    │   ├── GateNotMet
    │   ├── InvalidTransition
    │   ├── SessionWithdrawn
    │   └── AlreadyRecorded
    ├── PayloadTooLarge           413, and HeadersTooLarge 431
    ├── UnsupportedMediaType      415
    ├── InvalidInput              422: .errors lists each bad field
    ├── PreconditionRequired      428
    ├── TooManyRequests           429 (.retry_after)
    ├── Unavailable               503 (.retry_after)
    └── InternalError             500
"""

from __future__ import annotations

from typing import Any


class SeedbedError(Exception):
    """Anything the client raises."""


class Unreachable(SeedbedError):
    """No reply: the server could not be reached, or the connection dropped before a reply."""


class UnexpectedReply(SeedbedError):
    """A successful reply that does not match the route's schema in the OpenAPI document the
    client was generated from: a server of another version, or a proxy answering in its place.
    Fields the schema does not name are allowed (a newer server may add some)."""

    def __init__(self, what: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{what}: the reply does not match its schema: " + "; ".join(problems))


class ProblemError(SeedbedError):
    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
        self.status = status
        self.body = body
        self.type = str(body.get("type", ""))
        self.title = str(body.get("title", ""))
        self.detail = str(body.get("detail", ""))
        self.errors: list[dict[str, Any]] = list(body.get("errors") or [])
        self.retry_after = headers.get("retry-after")
        super().__init__(f"{status} {self.type}: {self.detail}")


class BadRequest(ProblemError): ...


class Unauthenticated(ProblemError): ...


class Forbidden(ProblemError): ...


class NotFound(ProblemError): ...


class MethodNotAllowed(ProblemError): ...


class Conflict(ProblemError): ...


class ProjectClosed(Conflict): ...


class VersionConflict(Conflict):
    @property
    def current_version(self) -> int | None:
        found = self.body.get("current_version")
        return found if isinstance(found, int) else None


class GateNotMet(Conflict): ...


class InvalidTransition(Conflict): ...


class SessionWithdrawn(Conflict): ...


class AlreadyRecorded(Conflict): ...


class PayloadTooLarge(ProblemError): ...


class HeadersTooLarge(PayloadTooLarge): ...


class UnsupportedMediaType(ProblemError): ...


class InvalidInput(ProblemError): ...


class PreconditionRequired(ProblemError): ...


class TooManyRequests(ProblemError): ...


class Unavailable(ProblemError): ...


class InternalError(ProblemError): ...


# The server's problem types (`/problems/<slug>`), each to its error.
BY_TYPE: dict[str, type[ProblemError]] = {
    "malformed-request": BadRequest,
    "bad-request": BadRequest,
    "untrusted-host": BadRequest,
    "http-error": BadRequest,
    "unauthenticated": Unauthenticated,
    "forbidden": Forbidden,
    "not-found": NotFound,
    "method-not-allowed": MethodNotAllowed,
    "conflict": Conflict,
    "project-closed": ProjectClosed,
    "version-conflict": VersionConflict,
    "gate-not-met": GateNotMet,
    "invalid-transition": InvalidTransition,
    "session-withdrawn": SessionWithdrawn,
    "already-recorded": AlreadyRecorded,
    "payload-too-large": PayloadTooLarge,
    "headers-too-large": HeadersTooLarge,
    "unsupported-media-type": UnsupportedMediaType,
    "invalid-input": InvalidInput,
    "precondition-required": PreconditionRequired,
    "too-many-requests": TooManyRequests,
    "unavailable": Unavailable,
    "internal-error": InternalError,
}
BY_STATUS: dict[int, type[ProblemError]] = {
    400: BadRequest,
    401: Unauthenticated,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    413: PayloadTooLarge,
    415: UnsupportedMediaType,
    422: InvalidInput,
    428: PreconditionRequired,
    429: TooManyRequests,
    431: HeadersTooLarge,
    500: InternalError,
    503: Unavailable,
}


def problem_error(status: int, body: Any, headers: dict[str, str]) -> ProblemError:
    """The typed error of a problem reply (by its type; else by its status)."""
    payload = body if isinstance(body, dict) else {"detail": str(body)}
    slug = str(payload.get("type", "")).rsplit("/", 1)[-1]
    kind = BY_TYPE.get(slug) or BY_STATUS.get(status) or ProblemError
    return kind(status, payload, headers)
