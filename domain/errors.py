"""Domain errors: every broken rule has its own class.

The tree (the API maps each branch to one HTTP status, in one table)::

    DomainError
    ├── NotFound                      something named by id does not exist
    │   ├── ProjectNotFound
    │   ├── NetworkNotFound
    │   ├── PersonNotFound
    │   ├── SessionNotFound
    │   └── TeamMemberNotFound
    ├── Conflict                      the request is well formed but the state forbids it
    │   ├── ProjectClosed             closed projects refuse every further write
    │   ├── VersionConflict           a stale expected version (If-Match), or retries exhausted
    │   ├── GateNotMet                a stage gate's milestones are missing
    │   ├── InvalidTransition         skipping a stage, pausing a paused project, ...
    │   ├── SessionAlreadyWithdrawn
    │   └── AlreadyRecorded           a member, coach, milestone or selection recorded twice
    └── InvalidInput                  a value that can never be right (a field name is attached)
        ├── UnknownMilestone
        └── ImplausibleValue          dates in the future, zero durations, empty texts, ...
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
