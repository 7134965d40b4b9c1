"""Domain errors: every broken rule has its own class.

The tree (the API maps each branch to one HTTP status, in one table)::

    DomainError
    ├── NotFound                      something named by id does not exist
    │   ├── ProjectNotFound
    │   ├── NetworkNotFound
    │   ├── PersonNotFound
    │   ├── SessionNotFound
    │   ├── TeamMemberNotFound
    │   ├── GateReviewNotFound
    │   ├── ProgrammeNotFound
    │   ├── TokenNotFound
    │   ├── VersionNotFound           a version beyond the stream's head
    │   └── NotRecordedYet            nothing of the stream was recorded by that instant
    ├── Conflict                      the request is well formed but the state forbids it
    │   ├── ProjectClosed             closed projects refuse every further write
    │   ├── VersionConflict           a stale expected version (If-Match), or retries exhausted
    │   ├── GateNotMet                a stage gate's milestones are missing
    │   ├── InvalidTransition         skipping a stage, pausing a paused project, ...
    │   ├── SessionAlreadyWithdrawn
    │   ├── AlreadyRecorded           a member, coach, milestone or selection recorded twice
    │   └── ChainBroken               a stream's stored hash chain is broken: no more appends
    └── InvalidInput                  a value that can never be right (a field name is attached)
        ├── UnknownMilestone
        ├── ImplausibleValue          dates in the future, zero durations, empty texts, ...
        ├── CoachNotAssigned          a session names a coach who is not on the project
        └── BundleError               an audit bundle Seedbed did not write, or that does not verify
"""

from __future__ import annotations

from collections.abc import Sequence


class DomainError(Exception):
    """Base of every rule violation raised by the domain and the application."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    def __init__(self, kind: str, identifier: object) -> None:
        super().__init__(f"{kind} {identifier} was not found")
        self.kind = kind
        self.identifier = str(identifier)


class ProjectNotFound(NotFound):
    def __init__(self, identifier: object) -> None:
        super().__init__("project", identifier)


class NetworkNotFound(NotFound):
    def __init__(self, identifier: object) -> None:
        super().__init__("network", identifier)


class PersonNotFound(NotFound):
    def __init__(self, identifier: object) -> None:
        super().__init__("person", identifier)


class SessionNotFound(NotFound):
    def __init__(self, identifier: object) -> None:
        super().__init__("support session", identifier)


class TeamMemberNotFound(NotFound):
    def __init__(self, identifier: object) -> None:
        super().__init__("team member", identifier)


class GateReviewNotFound(NotFound):
    def __init__(self, identifier: object) -> None:
        super().__init__("gate review", identifier)


class ProgrammeNotFound(NotFound):
    def __init__(self, identifier: object) -> None:
        super().__init__("programme", identifier)


class TokenNotFound(NotFound):
    def __init__(self, token_id: str) -> None:
        super().__init__("token", token_id)


class VersionNotFound(NotFound):
    def __init__(self, stream_id: object, version: int, head: int) -> None:
        super().__init__("project version", f"{stream_id}@{version}")
        self.message = f"project {stream_id} has no version {version} (its head is {head})"
        self.args = (self.message,)


class NotRecordedYet(NotFound):
    def __init__(self, stream_id: object, as_of: object) -> None:
        super().__init__("project", stream_id)
        moment = as_of.isoformat() if hasattr(as_of, "isoformat") else str(as_of)
        self.message = f"project {stream_id} had no recorded events at {moment}"
        self.args = (self.message,)


class Conflict(DomainError):
    """The request cannot be carried out in the current state."""


class ProjectClosed(Conflict):
    def __init__(self, outcome: str) -> None:
        super().__init__(f"the project is closed (outcome: {outcome}) and accepts no more writes")
        self.outcome = outcome


class VersionConflict(Conflict):
    def __init__(self, expected: int | None, current: int) -> None:
        if expected is None:
            message = f"the project kept changing while the command ran (now at version {current})"
        else:
            message = f"expected version {expected}, but the project is at version {current}"
        super().__init__(message)
        self.expected = expected
        self.current = current


class GateNotMet(Conflict):
    def __init__(self, gate: str, missing: Sequence[Sequence[str]]) -> None:
        alternatives = [" or ".join(group) for group in missing]
        super().__init__(f"gate {gate} needs: {', '.join(alternatives)}")
        self.gate = gate
        self.missing = tuple(tuple(group) for group in missing)


class InvalidTransition(Conflict):
    pass


class SessionAlreadyWithdrawn(Conflict):
    def __init__(self, session_id: object) -> None:
        super().__init__(f"support session {session_id} was withdrawn and cannot change")
        self.session_id = str(session_id)


class AlreadyRecorded(Conflict):
    pass


class ChainBroken(Conflict):
    """The stream's previous hash is missing: a broken chain is never extended (not a race)."""


class InvalidInput(DomainError):
    """A value that is wrong whatever the state; `field` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class UnknownMilestone(InvalidInput):
    def __init__(self, milestone_id: str, field: str = "milestone_id") -> None:
        super().__init__(field, f"{milestone_id!r} is not in the milestone catalogue")
        self.milestone_id = milestone_id


class ImplausibleValue(InvalidInput):
    pass


class CoachNotAssigned(InvalidInput):
    """A session (logged or corrected) names coaches who are not assigned to the project."""

    def __init__(self, coach_ids: Sequence[object]) -> None:
        named = ", ".join(str(c) for c in coach_ids)
        super().__init__("coach_ids", f"not assigned to this project: {named}")
        self.coach_ids = tuple(str(c) for c in coach_ids)


class BundleError(InvalidInput):
    """The bundle is not one Seedbed wrote, or it does not verify."""

    def __init__(self, message: str) -> None:
        super().__init__("bundle", message)
        self.message = message
        self.args = (message,)
