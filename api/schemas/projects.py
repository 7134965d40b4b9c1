"""Bodies of /projects: proposal, team, coaches, needs, stage gates, status; the project's
state and summaries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from api.schemas.common import LongText, Reason, Request, Text200, WriteResult
from api.schemas.milestones import MilestoneRecordPublic
from api.schemas.sessions import SessionPublic
from app import commands as c
from app.incubator import Incubator
from app.programmes import SelectAndEnrol, enrolment
from domain.values import (
    EmpowermentTool,
    Outcome,
    Stage,
    Status,
    TargetGroup,
    TeamRole,
)
from store.receipts import CommandResult


class NeedRecordedResult(WriteResult):
    need_id: UUID


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

    def propose(self, incubator: Incubator, actor: str) -> CommandResult:
        return incubator.propose_project(
            title=self.title,
            network_id=self.network_id,
            target_group=self.target_group,
            summary=self.summary,
            actor=actor,
            proposed_on=self.proposed_on,
        )


class TeamMemberCreate(Request):
    person_id: UUID
    role: TeamRole
    joined_on: date

    def command(self) -> c.AddTeamMember:
        return c.AddTeamMember(self.person_id, self.role, self.joined_on)


class TeamMemberRemoval(Request):
    reason: Reason
    left_on: date | None = Field(default=None, description="Defaults to today.")

    def command(self, person_id: UUID) -> c.RemoveTeamMember:
        return c.RemoveTeamMember(person_id, self.reason, self.left_on)


class CoachAssignment(Request):
    coach_id: UUID

    def command(self) -> c.AssignCoach:
        return c.AssignCoach(self.coach_id)


class CoachRelease(Request):
    reason: Reason

    def command(self, coach_id: UUID) -> c.ReleaseCoach:
        return c.ReleaseCoach(coach_id, self.reason)


class NeedCreate(Request):
    description: LongText
    tool: EmpowermentTool
    identified_on: date

    def command(self) -> c.RecordNeed:
        return c.RecordNeed(self.description, self.tool, self.identified_on)


class StageTransition(Request):
    to: Stage = Field(description="The next stage (advance) or the previous one (step back).")
    rationale: LongText
    override: Annotated[str, StringConstraints(min_length=1, max_length=2_000)] | None = Field(
        default=None,
        description="A coordinator's justification for moving although the gate is not met.",
    )
    decided_on: date | None = Field(default=None, description="Defaults to today.")
    review_id: UUID | None = Field(
        default=None,
        description="The gate review this decides (it is closed); its `to` must be this `to`.",
    )

    def command(self) -> c.ChangeStage:
        return c.ChangeStage(
            self.to, self.rationale, self.override, self.decided_on, self.review_id
        )

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"to": "co_creation", "rationale": "gate review passed"}]},
    )


class Pause(Request):
    reason: Reason
    paused_on: date | None = Field(default=None, description="Defaults to today.")

    def command(self) -> c.Pause:
        return c.Pause(self.reason, self.paused_on)


class Resumption(Request):
    reason: Reason
    resumed_on: date | None = Field(default=None, description="Defaults to today.")

    def command(self) -> c.Resume:
        return c.Resume(self.reason, self.resumed_on)


class Closure(Request):
    outcome: Outcome
    rationale: LongText
    override: Annotated[str, StringConstraints(min_length=1, max_length=2_000)] | None = None
    closed_on: date | None = Field(default=None, description="Defaults to today.")

    def command(self) -> c.Close:
        return c.Close(self.outcome, self.rationale, self.override, self.closed_on)


class AcceleratorSelectionCreate(Request):
    cohort: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    selected_on: date
    programme: UUID | None = Field(
        None,
        description="A programme to enrol the project in on `selected_on`, with the selection "
        "(both recorded, or neither): the accelerator cohort as an enrolment. Unknown → 404, "
        "already enrolled → 409, a day outside the programme → 422.",
    )

    def command(self) -> c.SelectForAccelerator:
        """The v1 selection alone (the status page's form)."""
        return c.SelectForAccelerator(self.cohort, self.selected_on)

    def enrolling(self, incubator: Incubator) -> c.Command:
        """The selection and, when `programme` is named, the enrolment in it (404 when there
        is no such programme), as one command."""
        if self.programme is None:
            return self.command()
        return SelectAndEnrol(
            self.command(), enrolment(incubator, self.programme, self.selected_on)
        )


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


class RedactionPublic(BaseModel):
    version: int
    field: str

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, value: Any) -> Any:
        if isinstance(value, tuple | list) and len(value) == 2:
            return {"version": value[0], "field": value[1]}
        return value


class EnrolmentPublic(BaseModel):
    programme_id: UUID
    enrolled_on: date


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
    sessions: list[SessionPublic] = Field(
        description="The first sessions in time order (at most 50; `sessions_total` says how "
        "many there are): the rest are pages of `sessions_href`, from `sessions_next_cursor`."
    )
    sessions_total: int | None = Field(default=None, description="How many sessions there are.")
    sessions_next_cursor: str | None = Field(
        default=None,
        description="The `cursor` of the page of `GET /projects/{id}/sessions` after the "
        "embedded sessions (null: every session is embedded).",
    )
    sessions_href: str | None = Field(
        default=None, description="The paged list of the sessions: `/projects/{id}/sessions`."
    )
    milestones: list[MilestoneRecordPublic]
    reached_milestones: list[str]
    stage_history: list[StageChangePublic]
    accelerator: AcceleratorPublic | None
    enrolments: list[EnrolmentPublic] = Field(
        default_factory=list, description="The programmes the project is enrolled in, in order."
    )
    redactions: list[RedactionPublic] = Field(
        default_factory=list,
        description="Each free-text value redacted: the version of its event and the field "
        '(a pointer into that event\'s data); the value reads "redacted" wherever shown.',
    )

    @field_validator("reached_milestones", mode="before")
    @classmethod
    def _sorted(cls, value: Iterable[str]) -> list[str]:
        return sorted(value)


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
