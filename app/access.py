"""Who may do what: the roles of docs/DOMAIN.md as one table, and the project-scoped rules.

- coach: writes to projects they are assigned to (sessions, milestones, needs, team); reads those.
- coordinator: writes within the networks they coordinate (projects, coaches, gates, closure).
- dashboard: reads, never personal data.
- auditor: reads everything including history; writes nothing.
- admin: everything, including erasure.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from uuid import UUID

from store.tokens import Principal, Role


class Action(Enum):
    REGISTER_NETWORK = "register a network"
    MANAGE_NETWORK = "add institutions to a network"
    APPOINT_COORDINATOR = "appoint a network's coordinator"
    REGISTER_PERSON = "register a person"
    READ_PERSON = "read personal data"
    ERASE_PERSON = "erase personal data"
    REDACT = "redact free text"
    PROPOSE_PROJECT = "propose a project"
    READ_PROJECT = "read a project"
    READ_HISTORY = "read a project's history"
    MANAGE_TEAM = "change the team"
    ASSIGN_COACH = "assign a coach"
    RECORD_NEED = "record a need"
    LOG_SESSION = "log or change a support session"
    RECORD_MILESTONE = "record or revoke a milestone"
    DECIDE_STAGE = "decide a stage gate"
    PROPOSE_STAGE = "propose a stage change for review"
    CHANGE_STATUS = "pause, resume or close a project"
    SELECT_ACCELERATOR = "select for the accelerator"


_C, _K, _D, _A = Role.COACH, Role.COORDINATOR, Role.DASHBOARD, Role.AUDITOR

# The roles that may attempt each action (admin may do everything); project-scoped roles are
# further limited to their projects (coach: assigned; coordinator: their network's projects).
ALLOWED: dict[Action, frozenset[Role]] = {
    Action.REGISTER_NETWORK: frozenset({_K}),
    Action.MANAGE_NETWORK: frozenset({_K}),
    Action.APPOINT_COORDINATOR: frozenset({_K}),
    Action.REGISTER_PERSON: frozenset({_C, _K}),
    Action.READ_PERSON: frozenset({_C, _K, _A}),
    Action.ERASE_PERSON: frozenset(),
    Action.REDACT: frozenset(),
    Action.PROPOSE_PROJECT: frozenset({_K}),
    Action.READ_PROJECT: frozenset({_C, _K, _D, _A}),
    Action.READ_HISTORY: frozenset({_A}),
    Action.MANAGE_TEAM: frozenset({_C, _K}),
    Action.ASSIGN_COACH: frozenset({_K}),
    Action.RECORD_NEED: frozenset({_C, _K}),
    Action.LOG_SESSION: frozenset({_C, _K}),
    Action.RECORD_MILESTONE: frozenset({_C, _K}),
    Action.DECIDE_STAGE: frozenset({_K}),
    Action.PROPOSE_STAGE: frozenset({_C, _K}),
    Action.CHANGE_STATUS: frozenset({_K}),
    Action.SELECT_ACCELERATOR: frozenset({_K}),
}


def may(principal: Principal, action: Action) -> bool:
    """May this role attempt the action at all?"""
    return principal.role is Role.ADMIN or principal.role in ALLOWED[action]


def may_on_project(
    principal: Principal,
    action: Action,
    coaches: Iterable[UUID],
    network_coordinator: object,
) -> bool:
    """May this principal do the action on a project with these coaches, in a network with
    this coordinator?"""
    if not may(principal, action):
        return False
    if principal.role is Role.COACH:
        return principal.person_id in set(coaches)
    if principal.role is Role.COORDINATOR:
        return principal.person_id is not None and principal.person_id == network_coordinator
    return True


def may_in_network(principal: Principal, action: Action, network_coordinator: object) -> bool:
    """May this principal do the action within a network (e.g. propose a project there)?"""
    if not may(principal, action):
        return False
    if principal.role is Role.COORDINATOR:
        return principal.person_id is not None and principal.person_id == network_coordinator
    return principal.role is not Role.COACH


def listing_coach(principal: Principal, coach_id: UUID | None) -> UUID | None:
    """Whose projects or sessions a listing is limited to: a coach only ever sees their own."""
    if principal.role is Role.COACH:
        return principal.person_id
    return coach_id
