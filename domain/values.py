"""Value objects and enumerations of the incubation domain (see docs/DOMAIN.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from uuid import UUID

from domain.errors import ImplausibleValue


class Stage(Enum):
    IDEA = "idea"
    CO_CREATION = "co_creation"
    PILOT = "pilot"
    INDEPENDENCE = "independence"

    @property
    def index(self) -> int:
        return STAGE_ORDER.index(self)


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)


class Status(Enum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class Outcome(Enum):
    INDEPENDENT = "independent"
    INFORMAL_STABLE = "informal_stable"
    ABSORBED = "absorbed"
    DISCONTINUED = "discontinued"


class TargetGroup(Enum):
    SINGLE_PARENTS = "single_parents"
    YOUTH = "youth"
    ELDERLY = "elderly"
    MIGRANTS_REFUGEES = "migrants_refugees"
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"
    PEOPLE_WITH_DISABILITIES = "people_with_disabilities"


class TeamRole(Enum):
    SERVICE_USER = "service_user"
    PROVIDER = "provider"
    VOLUNTEER = "volunteer"


class EmpowermentTool(Enum):
    NEEDS_WORKSHOP = "needs_workshop"
    SOCIAL_BUSINESS_MODEL_CANVAS = "social_business_model_canvas"
    THEORY_OF_CHANGE = "theory_of_change"
    ACTION_LEARNING = "action_learning"
    OTHER = "other"


class SessionType(Enum):
    COACHING = "coaching"
    CONSULTING = "consulting"
    TRAINING = "training"
    PEER_EXCHANGE = "peer_exchange"
    NETWORK_MEETING = "network_meeting"
    NEEDS_WORKSHOP = "needs_workshop"
    GATE_REVIEW = "gate_review"
    BIOGRAPHY_CHECKIN = "biography_checkin"


class SessionMode(Enum):
    ON_SITE = "on_site"
    REMOTE = "remote"
    PHONE = "phone"


class ParticipationLevel(Enum):
    """A ladder, lowest rung first: compare with `.rung`."""

    INFORMED = "informed"
    CONSULTED = "consulted"
    ENGAGED = "engaged"
    CO_DESIGNING = "co_designing"
    CO_PRODUCING = "co_producing"
    USER_LED = "user_led"

    @property
    def rung(self) -> int:
        return tuple(ParticipationLevel).index(self)


class PersonRole(Enum):
    """The role a person registered in the personal-data store has in the programme."""

    SERVICE_USER = "service_user"
    PROVIDER = "provider"
    VOLUNTEER = "volunteer"
    COACH = "coach"
    COORDINATOR = "coordinator"


def require_text(field: str, value: str, max_length: int = 10_000) -> str:
    """Strips `value` and refuses it when empty or longer than `max_length`."""
    stripped = value.strip()
    if "\x00" in stripped:
        raise ImplausibleValue(field, "must not contain NUL characters")
    if not stripped:
        raise ImplausibleValue(field, "must not be empty")
    if len(stripped) > max_length:
        raise ImplausibleValue(field, f"must be at most {max_length} characters")
    return stripped


@dataclass(frozen=True)
class Evidence:
    """What shows a milestone was reached: a note and/or links."""

    note: str = ""
    links: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        links = tuple(link.strip() for link in self.links)
        if any(not link for link in links):
            raise ImplausibleValue("evidence.links", "a link must not be blank")
        if len(links) > 50 or any(len(link) > 2_000 for link in links):
            raise ImplausibleValue("evidence.links", "at most 50 links of 2000 characters")
        if len(self.note) > 10_000:
            raise ImplausibleValue("evidence.note", "must be at most 10000 characters")
        object.__setattr__(self, "links", links)
        object.__setattr__(self, "note", self.note.strip())
        if not self.note and not self.links:
            raise ImplausibleValue("evidence", "needs a note or at least one link")


@dataclass(frozen=True)
class TeamMember:
    person_id: UUID
    role: TeamRole
    joined_on: date


@dataclass(frozen=True)
class Need:
    need_id: UUID
    description: str
    tool: EmpowermentTool
    identified_on: date
    recorded_by: str


@dataclass(frozen=True)
class MilestoneRecord:
    """A milestone's current standing in one project."""

    milestone_id: str
    reached_on: date
    evidence: Evidence
    recorded_by: str
    catalogue_version: int
    revoked: bool = False
    revoked_reason: str = ""
    revoked_by: str = ""


@dataclass(frozen=True)
class StageChange:
    """One entry of a project's stage history."""

    from_stage: Stage | None
    to_stage: Stage
    occurred_on: date
    rationale: str
    actor: str
    kind: str  # "proposed", "advanced" or "reverted"
    override: str = ""  # the justification when a coordinator overrode the gate
    overridden: tuple[str, ...] = ()  # the requirements that were missing at the override

    def __post_init__(self) -> None:
        object.__setattr__(self, "overridden", tuple(self.overridden))


@dataclass(frozen=True)
class AcceleratorSelection:
    cohort: str
    selected_on: date
    actor: str


EARLIEST_DATE = date(2000, 1, 1)


def check_not_before(field: str, value: date, earliest: date, what: str) -> date:
    """Refuses a date earlier than `earliest` (e.g. a stage change before the previous one)."""
    if value < earliest:
        raise ImplausibleValue(field, f"{value.isoformat()} is before {what} ({earliest})")
    return value


def check_date(field: str, value: date, today: date) -> date:
    """Refuses dates in the future or before 2000: the world date of a recorded fact."""
    if value > today:
        raise ImplausibleValue(field, f"{value.isoformat()} is in the future")
    if value < EARLIEST_DATE:
        raise ImplausibleValue(field, f"{value.isoformat()} is before {EARLIEST_DATE.isoformat()}")
    return value
