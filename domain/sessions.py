"""Support sessions: what a coach logs, and how corrections change it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.catalogue import milestone
from domain.errors import ImplausibleValue, InvalidInput
from domain.values import (
    EmpowermentTool,
    ParticipationLevel,
    SessionMode,
    SessionType,
    TeamRole,
    require_text,
)

MAX_SESSION_MINUTES = 12 * 60


@dataclass(frozen=True)
class HeadCount:
    """Anonymous participants: how many people of one role took part without being named."""

    role: TeamRole
    count: int

    def __post_init__(self) -> None:
        if not isinstance(self.role, TeamRole):
            raise InvalidInput("anonymous_participants.role", "must be a team role")
        if not isinstance(self.count, int) or isinstance(self.count, bool):
            raise InvalidInput("anonymous_participants.count", "must be a whole number")
        if not 1 <= self.count <= 10_000:
            raise ImplausibleValue("anonymous_participants", "a head count is from 1 to 10000")


@dataclass(frozen=True)
class FollowUp:
    what: str
    due_on: date
    who: UUID | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.what, str):
            raise InvalidInput("follow_ups.what", "must be text")
        if not isinstance(self.due_on, date) or isinstance(self.due_on, datetime):
            raise InvalidInput("follow_ups.due_on", "must be a date")
        if self.who is not None and not isinstance(self.who, UUID):
            raise InvalidInput("follow_ups.who", "must be a person id")


@dataclass(frozen=True)
class SessionDetails:
    """Everything a logged session says; corrections replace some of these fields."""

    session_type: SessionType
    started_at: datetime
    duration_minutes: int
    mode: SessionMode
    coach_ids: tuple[UUID, ...]
    participation_level: ParticipationLevel
    summary: str = ""
    participant_ids: tuple[UUID, ...] = ()
    anonymous_participants: tuple[HeadCount, ...] = ()
    topics: tuple[str, ...] = ()
    milestone_ids: tuple[str, ...] = ()
    tools: tuple[EmpowermentTool, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()

    def __post_init__(self) -> None:
        _check_types(self)
        for name in (
            "coach_ids",
            "participant_ids",
            "anonymous_participants",
            "topics",
            "milestone_ids",
            "tools",
            "follow_ups",
        ):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if self.started_at.tzinfo is None or self.started_at.utcoffset() is None:
            raise ImplausibleValue("started_at", "needs a time zone offset")
        if not 1 <= self.duration_minutes <= MAX_SESSION_MINUTES:
            raise ImplausibleValue(
                "duration_minutes", f"must be from 1 to {MAX_SESSION_MINUTES} minutes"
            )
        if not self.coach_ids:
            raise ImplausibleValue("coach_ids", "at least one coach held the session")
        if len(set(self.coach_ids)) != len(self.coach_ids):
            raise ImplausibleValue("coach_ids", "a coach is named twice")
        if len(set(self.participant_ids)) != len(self.participant_ids):
            raise ImplausibleValue("participant_ids", "a participant is named twice")
        for milestone_id in self.milestone_ids:
            milestone(milestone_id, field="milestone_ids")
        for follow_up in self.follow_ups:
            require_text("follow_ups.what", follow_up.what, 2_000)
            if follow_up.due_on < self.started_at.date():
                raise ImplausibleValue("follow_ups.due_on", "is before the session")

    @property
    def ended_at(self) -> datetime:
        return self.started_at + timedelta(minutes=self.duration_minutes)

    @property
    def hours(self) -> float:
        return self.duration_minutes / 60

    def corrected(self, changes: Mapping[str, Any]) -> SessionDetails:
        """A copy with `changes` applied; refuses unknown fields and empty corrections."""
        if not changes:
            raise InvalidInput("changes", "a correction changes at least one field")
        known = {f.name for f in dataclasses.fields(self)}
        for name in changes:
            if name not in known:
                raise InvalidInput("changes", f"{name!r} is not a field of a support session")
        return dataclasses.replace(self, **dict(changes))


_SEQUENCES = {
    "coach_ids": UUID,
    "participant_ids": UUID,
    "anonymous_participants": HeadCount,
    "topics": str,
    "milestone_ids": str,
    "tools": EmpowermentTool,
    "follow_ups": FollowUp,
}
_SCALARS: dict[str, type | tuple[type, ...]] = {
    "session_type": SessionType,
    "started_at": datetime,
    "duration_minutes": int,
    "mode": SessionMode,
    "participation_level": ParticipationLevel,
    "summary": str,
}


def _check_types(details: SessionDetails) -> None:
    """Refuses values of the wrong type, so that no event can ever carry one."""
    for name, expected in _SCALARS.items():
        value = getattr(details, name)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise InvalidInput(name, f"has the wrong type ({type(value).__name__})")
    for name, item_type in _SEQUENCES.items():
        value = getattr(details, name)
        if not isinstance(value, tuple | list) or not all(isinstance(v, item_type) for v in value):
            raise InvalidInput(name, "must be a list of " + item_type.__name__)


def check_session_time(details: SessionDetails, now: datetime, field: str = "started_at") -> None:
    """Refuses sessions that start in the future or implausibly long ago."""
    if details.started_at > now:
        raise ImplausibleValue(field, "a session is logged after it took place")
    if details.started_at.year < 2000:
        raise ImplausibleValue(field, "is before the year 2000")
