"""Who may do what: the roles of docs/DOMAIN.md as one table, and the project-scoped rules.

- coach: writes to projects they are assigned to (sessions, milestones, needs, team); reads those.
- coordinator: writes within the networks they coordinate (projects, coaches, gates, closure).
- dashboard: reads, never personal data.
- auditor: reads everything including history; writes nothing.
- admin: everything, including erasure.

A dashboard or coordinator token may also be scoped to a programme (`Principal.programme_id`):
it then sees, and a coordinator writes to, only the projects enrolled in that programme (an
enrolment recorded in the project's stream, whatever its day: a project's one stream runs on
from programme to programme, so the whole of it is seen), on top of the role's own rule. An
unscoped token is not limited by programme at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum
from typing import Protocol
from uuid import UUID

from domain.values import PersonRole
from projections.summaries import SummaryFilter
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
    READ_METRICS = "read the service's metrics"
    CREATE_PROGRAMME = "create a programme"
    READ_PROGRAMME = "read programmes"
    ENROL = "enrol a project in a programme"
    READ_INDICATORS = "read a programme's indicators"
    READ_ATTENTION = "read what is due"
    ASSESS_PARTICIPATION = "record a participation assessment"
    READ_BIOGRAPHY = "read a project's start-up biography"
    READ_LADDER = "read a programme's participation ladder"


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
    # Admin API tokens, or the scrape token SEEDBED_METRICS_TOKEN (api/deps.py), which is no
    # API token and opens nothing else.
    Action.READ_METRICS: frozenset(),
    Action.CREATE_PROGRAMME: frozenset(),
    Action.READ_PROGRAMME: frozenset({_C, _K, _D, _A}),
    Action.ENROL: frozenset({_K}),
    Action.READ_INDICATORS: frozenset({_K, _D, _A}),
    Action.READ_ATTENTION: frozenset({_C, _K, _A}),
    Action.ASSESS_PARTICIPATION: frozenset({_C, _K}),
    Action.READ_BIOGRAPHY: frozenset({_C, _K, _A}),
    # Counts only, coordinator: their networks' projects (Guard.projects_within).
    Action.READ_LADDER: frozenset({_K, _D, _A}),
}


# A programme-scoped token proposes no project: the new project would be outside its programme.
NOT_FOR_A_PROGRAMME = frozenset({Action.PROPOSE_PROJECT})


def may(principal: Principal, action: Action) -> bool:
    """May this role (and, for a programme-scoped token, its scope) attempt the action at all?"""
    if principal.programme_id is not None and action in NOT_FOR_A_PROGRAMME:
        return False
    return principal.role is Role.ADMIN or principal.role in ALLOWED[action]


def within_programme(principal: Principal, enrolments: Iterable[UUID | str]) -> bool:
    """Is a project enrolled in these programmes inside the principal's programme scope? Always
    for an unscoped token."""
    scope = principal.programme_id
    return scope is None or str(scope) in {str(p) for p in enrolments}


def programme_visible(principal: Principal, programme_id: UUID) -> bool:
    """May this principal see this programme (its record, its indicators)? A scoped token sees
    only its own."""
    return principal.programme_id is None or principal.programme_id == programme_id


def may_on_project(
    principal: Principal,
    action: Action,
    coaches: Iterable[UUID],
    network_coordinator: object,
    enrolments: Iterable[UUID | str] = (),
) -> bool:
    """May this principal do the action on a project with these coaches, in a network with
    this coordinator, enrolled in these programmes?"""
    if not may(principal, action) or not within_programme(principal, enrolments):
        return False
    if principal.role is Role.COACH:
        return principal.person_id in set(coaches)
    if principal.role is Role.COORDINATOR:
        return principal.person_id is not None and principal.person_id == network_coordinator
    return True


def may_in_network(principal: Principal, action: Action, network_coordinator: object) -> bool:
    """May this principal do the action within a network (e.g. propose a project there)?
    Network changes are not limited by a programme scope."""
    if not may(principal, action):
        return False
    if principal.role is Role.COORDINATOR:
        return principal.person_id is not None and principal.person_id == network_coordinator
    return principal.role is not Role.COACH


def may_name_coordinator(principal: Principal, named: UUID | None) -> bool:
    """May this principal register a network coordinated by `named`? A coordinator's network
    is theirs (naming nobody or themselves); only an admin registers one for someone else."""
    if principal.role is Role.ADMIN:
        return True
    return named is None or named == principal.person_id


def network_coordinator(principal: Principal, named: UUID | None) -> UUID | None:
    """The coordinator of a network this principal registers: a coordinator's own by default."""
    if named is None and principal.role is Role.COORDINATOR:
        return principal.person_id
    return named


class PeopleTies(Protocol):
    """Who works with whom, as the read models know it (projections/teams.py)."""

    def coach_works_with(self, coach_id: UUID, person_id: UUID) -> bool: ...

    def coordinator_works_with(self, coordinator_id: UUID, person_id: UUID) -> bool: ...


@dataclass(frozen=True)
class KnownTies:
    """Ties as the set of people a caller works with: for a programme-scoped coordinator, the
    teams and coaches of its programme's projects."""

    people: frozenset[UUID]

    def coach_works_with(self, coach_id: UUID, person_id: UUID) -> bool:
        return person_id in self.people

    def coordinator_works_with(self, coordinator_id: UUID, person_id: UUID) -> bool:
        return person_id in self.people


# A coordinator assigns coaches and hands networks over, so they may read every coach and
# coordinator (docs/API.md, "Finding things").
STAFF = frozenset({PersonRole.COACH, PersonRole.COORDINATOR})


def may_read_person(
    principal: Principal, person_id: UUID, person_role: PersonRole, ties: PeopleTies
) -> bool:
    """May this principal read this person's name and contact? Admin and auditor: everyone.
    A coach: themselves, and the teams and coaches of the projects they coach. A coordinator:
    themselves, the teams and coaches of their networks' projects, and every coach and
    coordinator. A dashboard: nobody."""
    if not may(principal, Action.READ_PERSON):
        return False
    if principal.role in (Role.ADMIN, Role.AUDITOR):
        return True
    me = principal.person_id
    if me is None:
        return False
    if person_id == me:
        return True
    if principal.role is Role.COACH:
        return ties.coach_works_with(me, person_id)
    if principal.role is Role.COORDINATOR:
        return person_role in STAFF or ties.coordinator_works_with(me, person_id)
    return False


@dataclass(frozen=True)
class SessionScope:
    """Which of a coach's sessions a reader sees: all of them, or (for a coordinator) only
    those of projects in the networks `network_coordinator` coordinates. A coach may work for
    several networks, so a coordinator's view is filtered rather than refused."""

    network_coordinator: UUID | None = None
    programme_id: UUID | None = None  # only those of projects enrolled in this programme


def coach_sessions_scope(principal: Principal, coach_id: UUID) -> SessionScope | None:
    """What this principal sees of a coach's sessions; None when refused (another coach's)."""
    programme = principal.programme_id
    if principal.role is Role.COACH:
        return SessionScope() if principal.person_id == coach_id else None
    if principal.role is Role.COORDINATOR:
        if principal.person_id is None:
            return None
        return SessionScope(network_coordinator=principal.person_id, programme_id=programme)
    return SessionScope(programme_id=programme)


def listing_coach(principal: Principal, coach_id: UUID | None) -> UUID | None:
    """Whose projects or sessions a listing is limited to: a coach only ever sees their own."""
    if principal.role is Role.COACH:
        return principal.person_id
    return coach_id


def project_listing(principal: Principal, where: SummaryFilter) -> SummaryFilter:
    """A project list's filter as this principal may see it: a coach's own projects, a
    programme-scoped token's programme's."""
    return replace(
        where,
        coach_id=listing_coach(principal, where.coach_id),
        programme_id=principal.programme_id or where.programme_id,
    )


def may_manage_device(
    principal: Principal, owner: UUID | None, issued_with: str, token_id: str
) -> bool:
    """May this principal see and revoke a device credential? An admin every one; anyone
    else their own: the same person, or (for roles without one) issued with their token."""
    if principal.role is Role.ADMIN:
        return True
    if principal.person_id is not None:
        return owner == principal.person_id
    return principal.token_id in (issued_with, token_id)
