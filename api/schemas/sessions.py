"""Bodies of support sessions and the coaching history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AliasChoices,
    AliasPath,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from api.schemas.common import MilestoneId, Reason, Request, WriteResult
from app import commands as c
from domain.sessions import FollowUp, HeadCount, SessionDetails
from domain.values import (
    EmpowermentTool,
    ParticipationLevel,
    SessionMode,
    SessionType,
    TeamRole,
)


class SessionLoggedResult(WriteResult):
    session_id: UUID


class HeadCountIn(Request):
    role: TeamRole
    count: int = Field(ge=1, le=10_000)

    def value(self) -> HeadCount:
        return HeadCount(role=self.role, count=self.count)


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

    def value(self) -> FollowUp:
        return FollowUp(what=self.what, due_on=self.due_on, who=self.who)


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

    def command(self, default_coach: UUID | None) -> c.LogSession:
        """The session to log; `coach_ids` defaults to the calling coach."""
        coach_ids = self.coach_ids or ([default_coach] if default_coach else [])
        return c.LogSession(
            SessionDetails(
                session_type=self.type,
                started_at=self.started_at,
                duration_minutes=self.duration_minutes,
                mode=self.mode,
                coach_ids=tuple(coach_ids),
                participation_level=self.participation_level,
                summary=self.summary,
                participant_ids=tuple(self.participants.person_ids),
                anonymous_participants=tuple(h.value() for h in self.participants.anonymous),
                topics=tuple(self.topics),
                milestone_ids=tuple(self.milestone_ids),
                tools=tuple(self.tools),
                follow_ups=tuple(f.value() for f in self.follow_ups),
            )
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

    def values(self) -> dict[str, Any]:
        """The changed fields, named and typed as SessionDetails has them."""
        changes: dict[str, Any] = {}
        for name in self.model_fields_set:
            value = getattr(self, name)
            if name == "type":
                changes["session_type"] = value
            elif name == "participants":
                changes["participant_ids"] = tuple(value.person_ids)
                changes["anonymous_participants"] = tuple(h.value() for h in value.anonymous)
            elif name == "follow_ups":
                changes["follow_ups"] = tuple(f.value() for f in value)
            elif isinstance(value, list):
                changes[name] = tuple(value)
            else:
                changes[name] = value
        return changes


class SessionCorrection(Request):
    changes: SessionChanges
    reason: Reason

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"changes": {"duration_minutes": 120}, "reason": "typo in duration"}]
        },
    )

    def command(self, session_id: UUID) -> c.CorrectSession:
        return c.CorrectSession(session_id, self.changes.values(), self.reason)


class SessionWithdrawal(Request):
    reason: Reason

    def command(self, session_id: UUID) -> c.WithdrawSession:
        return c.WithdrawSession(session_id, self.reason)


class HeadCountPublic(BaseModel):
    role: TeamRole
    count: int


class FollowUpPublic(BaseModel):
    what: str
    due_on: date
    who: UUID | None


def _of_details(name: str, stored: str | None = None) -> Any:
    """A session field read from the view's `details` (the reply stays flat)."""
    return Field(validation_alias=AliasChoices(name, AliasPath("details", stored or name)))


class SessionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    session_id: UUID
    type: SessionType = Field(
        validation_alias=AliasChoices("type", AliasPath("details", "session_type"))
    )
    started_at: datetime = _of_details("started_at")
    duration_minutes: int = _of_details("duration_minutes")
    mode: SessionMode = _of_details("mode")
    coach_ids: list[UUID] = _of_details("coach_ids")
    participant_ids: list[UUID] = _of_details("participant_ids")
    anonymous_participants: list[HeadCountPublic] = _of_details("anonymous_participants")
    topics: list[str] = _of_details("topics")
    milestone_ids: list[str] = _of_details("milestone_ids")
    tools: list[EmpowermentTool] = _of_details("tools")
    summary: str = _of_details("summary")
    follow_ups: list[FollowUpPublic] = _of_details("follow_ups")
    participation_level: ParticipationLevel = _of_details("participation_level")
    logged_by: str
    corrections: int
    withdrawn: bool
    withdrawal_reason: str


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
    sessions: list[SessionEntryPublic] = Field(
        description="A page of the sessions in time order (`limit`, default 50, max 500)."
    )
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page (null: the last page)."
    )
    hours: HourTotalsPublic = Field(
        description="Totals of all the project's sessions not withdrawn (not only the page's)."
    )


class ProjectSessionsPublic(BaseModel):
    project_id: UUID
    items: list[SessionEntryPublic]
    next_cursor: str | None
    hours: HourTotalsPublic = Field(
        description="Totals of all the project's sessions not withdrawn (not only the page's)."
    )


class CoachSessionsPublic(BaseModel):
    coach_id: UUID
    items: list[SessionEntryPublic]
    next_cursor: str | None
    hours: HourTotalsPublic
