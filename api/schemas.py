"""Request and response bodies: pydantic models with field limits and OpenAPI examples.

Names follow `XCreate` (request to create), `XPublic` (a resource as returned), `XsPublic` (a page).
Enum values are the lower-case words of DOMAIN.md. Unknown fields are refused (422).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from domain.catalogue import Family
from domain.values import (
    EmpowermentTool,
    Outcome,
    ParticipationLevel,
    PersonRole,
    SessionMode,
    SessionType,
    Stage,
    Status,
    TargetGroup,
    TeamRole,
)

Text200 = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=5_000)]
Link = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
MilestoneId = Annotated[str, StringConstraints(min_length=1, max_length=20)]


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any) -> Any:
        """NUL cannot be stored in PostgreSQL text: refuse it everywhere, on every database."""
        if _has_nul(data):
            raise ValueError("text must not contain NUL (\\u0000) characters")
        return data


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


# ---------------------------------------------------------------------------- write replies
class WriteResult(BaseModel):
    id: UUID = Field(description="The stream (project or network) written to.")
    version: int = Field(description="The stream's version after the write (also in ETag).")
    position: int | None = Field(
        description="Global position of the write's last event (also in X-Event-Position); "
        "pass it as X-Min-Position to read your own write from projections."
    )


class SessionLoggedResult(WriteResult):
    session_id: UUID


class NeedRecordedResult(WriteResult):
    need_id: UUID


# ---------------------------------------------------------------------------- networks
class NetworkCreate(Request):
    name: Text200
    country: str = Field(pattern=r"^[A-Za-z]{2}$", description="ISO 3166 alpha-2 code")
    region: Text200
    target_group: TargetGroup
    institutions: list[Text200] = Field(default_factory=list, max_length=200)
    coordinator_id: UUID | None = Field(
        default=None, description="Defaults to the calling coordinator."
    )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "LEN Dithmarschen",
                    "country": "DE",
                    "region": "Dithmarschen",
                    "target_group": "single_parents",
                    "institutions": ["Kreis Dithmarschen", "Diakonie", "Stadtbücherei Heide"],
                }
            ]
        },
    )


class NetworkPublic(BaseModel):
    id: UUID
    version: int
    name: str
    country: str
    region: str
    target_group: TargetGroup
    institutions: list[str]
    coordinator_id: UUID | None
    registered_on: date


# ---------------------------------------------------------------------------- people
class PersonCreate(Request):
    display_name: Text200
    contact: Annotated[str, StringConstraints(min_length=1, max_length=500)] | None = None
    role: PersonRole

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"display_name": "Anna K.", "contact": "anna@example.org", "role": "service_user"}
            ]
        },
    )


class PersonPublic(BaseModel):
    id: UUID
    role: PersonRole
    display_name: str | None = Field(description='null once erased (shown as "erased")')
    contact: str | None
    registered_at: datetime
    erased: bool
    erased_at: datetime | None


class Erasure(Request):
    reason: Reason


# ---------------------------------------------------------------------------- projects
class ProjectCreate(Request):
    title: Text200
    network_id: UUID
    target_group: TargetGroup
    summary: LongText
    proposed_on: date | None = Field(default=None, description="Defaults to today.")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "AllDi",
                    "network_id": "2f9c3a51-5d0e-4a43-9a8e-1f2b3c4d5e6f",
                    "target_group": "single_parents",
                    "summary": "Single parents in Dithmarschen: a website and a sponsoring circle.",
                }
            ]
        },
    )


class TeamMemberCreate(Request):
    person_id: UUID
    role: TeamRole
    joined_on: date


class TeamMemberRemoval(Request):
    reason: Reason
    left_on: date | None = Field(default=None, description="Defaults to today.")


class CoachAssignment(Request):
    coach_id: UUID


class NeedCreate(Request):
    description: LongText
    tool: EmpowermentTool
    identified_on: date


class EvidenceIn(Request):
    note: Annotated[str, StringConstraints(max_length=10_000)] = ""
    links: list[Link] = Field(default_factory=list, max_length=50)


class MilestoneReach(Request):
    milestone_id: MilestoneId
    reached_on: date
    evidence: EvidenceIn

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "milestone_id": "NEED-01",
                    "reached_on": "2017-03-02",
                    "evidence": {"note": "needs workshop with 7 parents", "links": []},
                }
            ]
        },
    )


class MilestoneRevocation(Request):
    reason: Reason


class StageTransition(Request):
    to: Stage = Field(description="The next stage (advance) or the previous one (step back).")
    rationale: LongText
    override: Annotated[str, StringConstraints(min_length=1, max_length=2_000)] | None = Field(
        default=None,
        description="A coordinator's justification for moving although the gate is not met.",
    )
    decided_on: date | None = Field(default=None, description="Defaults to today.")

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"to": "co_creation", "rationale": "gate review passed"}]},
    )


class Pause(Request):
    reason: Reason
    paused_on: date | None = Field(default=None, description="Defaults to today.")


class Resumption(Request):
    reason: Reason
    resumed_on: date | None = Field(default=None, description="Defaults to today.")


class Closure(Request):
    outcome: Outcome
    rationale: LongText
    override: Annotated[str, StringConstraints(min_length=1, max_length=2_000)] | None = None
    closed_on: date | None = Field(default=None, description="Defaults to today.")


class AcceleratorSelectionCreate(Request):
    cohort: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    selected_on: date


# ---------------------------------------------------------------------------- sessions
class HeadCountIn(Request):
    role: TeamRole
    count: int = Field(ge=1, le=10_000)


class Participants(Request):
    person_ids: list[UUID] = Field(default_factory=list, max_length=500)
    anonymous: list[HeadCountIn] = Field(
        default_factory=list,
        max_length=10,
        description="Head counts by role of people who do not want to be named.",
    )


class FollowUpIn(Request):
    what: Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
    due_on: date
    who: UUID | None = None


Topic = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class SessionCreate(Request):
    type: SessionType
    started_at: AwareDatetime
    duration_minutes: int = Field(ge=1, le=720)
    mode: SessionMode
    coach_ids: list[UUID] = Field(
        default_factory=list,
        max_length=20,
        description="The coaches who held it; defaults to the calling coach.",
    )
    participants: Participants = Field(default_factory=Participants)
    topics: list[Topic] = Field(default_factory=list, max_length=50)
    milestone_ids: list[MilestoneId] = Field(default_factory=list, max_length=20)
    tools: list[EmpowermentTool] = Field(default_factory=list, max_length=10)
    summary: Annotated[str, StringConstraints(max_length=10_000)] = ""
    follow_ups: list[FollowUpIn] = Field(default_factory=list, max_length=50)
    participation_level: ParticipationLevel

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "type": "coaching",
                    "started_at": "2018-04-12T17:00:00+02:00",
                    "duration_minutes": 90,
                    "mode": "on_site",
                    "participants": {"anonymous": [{"role": "service_user", "count": 5}]},
                    "topics": ["website", "sponsoring circle"],
                    "milestone_ids": ["CONC-01"],
                    "tools": ["social_business_model_canvas"],
                    "summary": "Worked through the canvas with five parents.",
                    "follow_ups": [{"what": "draft the sponsor letter", "due_on": "2018-04-26"}],
                    "participation_level": "co_designing",
                }
            ]
        },
    )


class SessionChanges(Request):
    """Only the fields to change; at least one. A field may be left out, never set to null."""

    @model_validator(mode="after")
    def _no_nulls(self) -> SessionChanges:
        nulls = sorted(name for name in self.model_fields_set if getattr(self, name) is None)
        if nulls:
            raise ValueError(f"a correction cannot set {', '.join(nulls)} to null")
        if not self.model_fields_set:
            raise ValueError("a correction changes at least one field")
        return self

    type: SessionType | None = None
    started_at: AwareDatetime | None = None
    duration_minutes: int | None = Field(default=None, ge=1, le=720)
    mode: SessionMode | None = None
    coach_ids: list[UUID] | None = Field(default=None, min_length=1, max_length=20)
    participants: Participants | None = None
    topics: list[Topic] | None = Field(default=None, max_length=50)
    milestone_ids: list[MilestoneId] | None = Field(default=None, max_length=20)
    tools: list[EmpowermentTool] | None = Field(default=None, max_length=10)
    summary: Annotated[str, StringConstraints(max_length=10_000)] | None = None
    follow_ups: list[FollowUpIn] | None = Field(default=None, max_length=50)
    participation_level: ParticipationLevel | None = None


class SessionCorrection(Request):
    changes: SessionChanges
    reason: Reason

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"changes": {"duration_minutes": 120}, "reason": "typo in duration"}]
        },
    )


class SessionWithdrawal(Request):
    reason: Reason


# ---------------------------------------------------------------------------- project state
class HeadCountPublic(BaseModel):
    role: TeamRole
    count: int


class FollowUpPublic(BaseModel):
    what: str
    due_on: date
    who: UUID | None


class SessionPublic(BaseModel):
    session_id: UUID
    type: SessionType
    started_at: datetime
    duration_minutes: int
    mode: SessionMode
    coach_ids: list[UUID]
    participant_ids: list[UUID]
    anonymous_participants: list[HeadCountPublic]
    topics: list[str]
    milestone_ids: list[str]
    tools: list[EmpowermentTool]
    summary: str
    follow_ups: list[FollowUpPublic]
    participation_level: ParticipationLevel
    logged_by: str
    corrections: int
    withdrawn: bool
    withdrawal_reason: str


class TeamMemberPublic(BaseModel):
    person_id: UUID
    role: TeamRole
    joined_on: date


class NeedPublic(BaseModel):
    need_id: UUID
    description: str
    tool: EmpowermentTool
    identified_on: date
    recorded_by: str


class EvidencePublic(BaseModel):
    note: str
    links: list[str]


class MilestoneRecordPublic(BaseModel):
    milestone_id: str
    reached_on: date
    evidence: EvidencePublic
    recorded_by: str
    catalogue_version: int
    revoked: bool
    revoked_reason: str
    revoked_by: str


class StageChangePublic(BaseModel):
    from_stage: Stage | None
    to_stage: Stage
    occurred_on: date
    rationale: str
    actor: str
    kind: str
    override: str
    overridden: list[str]


class AcceleratorPublic(BaseModel):
    cohort: str
    selected_on: date
    actor: str


class ProjectPublic(BaseModel):
    id: UUID
    version: int
    title: str
    network_id: UUID
    target_group: TargetGroup
    summary: str
    stage: Stage
    status: Status
    outcome: Outcome | None
    status_reason: str
    proposed_on: date
    proposed_by: str
    created_at: datetime
    modified_at: datetime
    team: list[TeamMemberPublic]
    coaches: list[UUID]
    needs: list[NeedPublic]
    sessions: list[SessionPublic]
    milestones: list[MilestoneRecordPublic]
    reached_milestones: list[str]
    stage_history: list[StageChangePublic]
    accelerator: AcceleratorPublic | None


# ---------------------------------------------------------------------------- audit
class EventPublic(BaseModel):
    version: int
    position: int | None
    type: str = Field(examples=["MicroProject.StageAdvanced"])
    recorded_at: datetime
    occurred_on: date | None
    actor: str | None
    actor_name: str | None = Field(
        default=None,
        description='The actor\'s display name ("erased" after an erasure); only for roles '
        "that may see personal data.",
    )
    data: dict[str, Any]


class EventsPublic(BaseModel):
    items: list[EventPublic]
    next_cursor: str | None


# ---------------------------------------------------------------------------- catalogue
class MilestonePublic(BaseModel):
    id: str
    title: str
    family: Family
    gates: list[str]


class CataloguePublic(BaseModel):
    version: int
    items: list[MilestonePublic]


# ---------------------------------------------------------------------------- problems
class ProblemPublic(BaseModel):
    """An RFC 9457 problem: every error reply has this shape."""

    type: str = Field(examples=["/problems/gate-not-met"])
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] | None = Field(
        default=None, description="For 422: each bad field and what is wrong with it."
    )
    missing_milestones: list[str] | None = Field(default=None, description="For gate-not-met.")
    missing_requirements: list[str] | None = None
    current_version: int | None = Field(default=None, description="For version-conflict.")

    model_config = ConfigDict(extra="allow")


class PersonCreated(BaseModel):
    id: UUID


class ErasureResult(BaseModel):
    id: UUID
    erased: bool


# ---------------------------------------------------------------------------- read models
class ProjectSummaryPublic(BaseModel):
    project_id: UUID
    title: str
    network_id: UUID
    country: str
    target_group: TargetGroup
    stage: Stage
    status: Status
    outcome: Outcome | None
    proposed_on: date
    stage_since: date
    closed_on: date | None
    accelerator_cohort: str | None
    sessions: int
    coaching_hours: float
    milestones_reached: int
    version: int
    coach_ids: list[UUID]


class ProjectsPublic(BaseModel):
    items: list[ProjectSummaryPublic]
    next_cursor: str | None


class MilestoneStandingPublic(BaseModel):
    milestone_id: str
    title: str
    family: Family
    gates: list[str] = Field(description="The gates this milestone counts towards.")
    reached: bool
    reached_on: date | None
    evidence_note: str | None
    evidence_links: list[str]
    recorded_by: str | None
    revoked: bool
    revoked_reason: str | None


class FamilyScorePublic(BaseModel):
    family: Family
    reached: int
    total: int
    score: float = Field(ge=0, le=1)


class MilestoneBoardPublic(BaseModel):
    project_id: UUID
    catalogue_version: int
    score: float = Field(ge=0, le=1, description="Share of the catalogue reached.")
    families: list[FamilyScorePublic]
    milestones: list[MilestoneStandingPublic]


class HourTotalsPublic(BaseModel):
    total: float
    by_type: dict[str, float]
    by_coach: dict[str, float]
    by_month: dict[str, float]


class SessionEntryPublic(BaseModel):
    session_id: UUID
    project_id: UUID
    details: dict[str, Any] = Field(description="The session as corrected.")
    logged_by: str
    corrections: int
    withdrawn: bool
    withdrawal_reason: str


class CoachingHistoryPublic(BaseModel):
    project_id: UUID
    sessions: list[SessionEntryPublic]
    hours: HourTotalsPublic = Field(description="Totals of the sessions not withdrawn.")


class CoachSessionsPublic(BaseModel):
    coach_id: UUID
    items: list[SessionEntryPublic]
    next_cursor: str | None
    hours: HourTotalsPublic


class StagePeriodPublic(BaseModel):
    seq: int
    stage: Stage
    entered_on: date
    left_on: date | None
    days: int = Field(description="Days in the stage (until today while it lasts).")
    how: str
    rationale: str
    override: str
    actor: str


class StageHistoryPublic(BaseModel):
    project_id: UUID
    periods: list[StagePeriodPublic]


class CohortProgressPublic(BaseModel):
    cohort: str
    projects: int
    by_stage: dict[str, int]
    by_outcome: dict[str, int]
    reached_independence: int


class PortfolioPublic(BaseModel):
    projects: int
    by_stage: dict[str, int]
    by_status: dict[str, int]
    by_country: dict[str, int]
    by_target_group: dict[str, int]
    by_outcome: dict[str, int]
    funnel: dict[str, int] = Field(description="Projects that ever reached each stage.")
    median_days_in_stage: dict[str, float | None]
    coaching_hours_per_month: dict[str, float]
    accelerator_cohorts: list[CohortProgressPublic]


class ReadyPublic(BaseModel):
    status: str
    database: str
    head_position: int
    projection_positions: dict[str, int]
    lag_events: int
    lag_seconds: float


class VerificationPublic(BaseModel):
    intact: bool
    events: int = Field(description="Events verified before the first broken link (or all).")
    head: str = Field(description="The hash of the last verified event (the chain head).")
    broken_at: int | None = Field(default=None, description="The version of the first bad link.")
    reason: str | None = None


class FieldChangePublic(BaseModel):
    field: str = Field(examples=["stage", "sessions[…].details.duration_minutes"])
    before: Any
    after: Any
    text: str


class DiffPublic(BaseModel):
    from_version: int
    to_version: int
    changes: list[FieldChangePublic]


class StageOnPublic(BaseModel):
    date: date
    as_known_at: datetime | None = Field(
        description="The recording instant the answer is based on (null: everything recorded)."
    )
    known_version: int
    stage: Stage | None = Field(description="null when the project was not yet proposed then.")
