"""Builders shared by the integration tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from app.commands import AssignCoach, CorrectSession, LogSession
from app.incubator import Incubator
from domain.sessions import SessionDetails
from domain.values import ParticipationLevel, PersonRole, SessionMode, SessionType, TargetGroup
from store.receipts import CommandResult


def new_project(incubator: Incubator, title: str = "Stopover Coffee Shop") -> tuple[UUID, UUID]:
    """A network and a project in it, with one assigned coach: (project id, coach id)."""
    coach = incubator.register_person(display_name="Coach", role=PersonRole.COACH)
    network = incubator.register_network(
        name="LEN Liepāja",
        country="LV",
        region="Liepāja",
        target_group=TargetGroup.YOUTH,
        institutions=["Liepāja municipality"],
        actor="system:test",
    )
    project = incubator.propose_project(
        title=title,
        network_id=network.id,
        target_group=TargetGroup.YOUTH,
        summary="Young mothers run a coffee shop at the bus stopover.",
        actor="system:test",
        proposed_on=date(2019, 5, 1),
    )
    incubator.execute(project.id, AssignCoach(coach_id=coach.id), actor="system:test")
    return project.id, coach.id


def coaching(coach_id: UUID, n: int = 0) -> SessionDetails:
    return SessionDetails(
        session_type=SessionType.COACHING,
        started_at=datetime(2020, 1, 1, 9, 0, tzinfo=UTC) + timedelta(days=n),
        duration_minutes=60 + n % 60,
        mode=SessionMode.REMOTE,
        coach_ids=(coach_id,),
        participation_level=ParticipationLevel.ENGAGED,
        summary=f"session {n}",
    )


def log_session(
    incubator: Incubator,
    project_id: UUID,
    details: SessionDetails,
    *,
    actor: str,
    expected_version: int | None = None,
    session_id: UUID | None = None,
) -> tuple[UUID, CommandResult]:
    """Logs a session; (its id, the write's result)."""
    command = LogSession(details, session_id) if session_id else LogSession(details)
    result = incubator.execute(project_id, command, actor=actor, expected_version=expected_version)
    return command.session_id, result


def correct_duration(
    incubator: Incubator, project_id: UUID, session_id: UUID, minutes: int
) -> None:
    """Corrects a logged session's duration to `minutes` (actor "x", reason "r")."""
    command = CorrectSession(
        session_id=session_id, changes={"duration_minutes": minutes}, reason="r"
    )
    incubator.execute(project_id, command, actor="x")
