"""Histories for benchmarks, made with the domain's own commands and saved per project."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from app.incubator import Incubator
from domain.network import LocalNetwork
from domain.project import MicroProject
from domain.sessions import SessionDetails
from domain.values import Evidence, ParticipationLevel, SessionMode, SessionType, TargetGroup

NOW = datetime(2021, 12, 15, tzinfo=UTC)
SESSION_TYPES = list(SessionType)


def network(incubator: Incubator) -> UUID:
    created = LocalNetwork.register(
        id=uuid4(),
        name="LEN bench",
        country="DE",
        region="Plön",
        target_group=TargetGroup.ELDERLY,
        institutions=[],
        coordinator_id=None,
        actor="bench",
        today=NOW.date(),
    )
    incubator.save(created)
    return created.id


def project(incubator: Incubator, network_id: UUID, events: int, coach: UUID | None = None) -> UUID:
    """One project of about `events` events: sessions (some corrected), milestones, a gate."""
    coach = coach or uuid4()
    made = MicroProject.propose(
        id=uuid4(),
        title="Bench project",
        network_id=network_id,
        target_group=TargetGroup.ELDERLY,
        summary="a benchmark project",
        actor="bench",
        proposed_on=date(2017, 1, 1),
        today=NOW.date(),
    )
    made.assign_coach(coach, "bench")
    i = 0
    while made.version < events:
        i += 1
        if i == 20:
            for milestone in ("NEED-01", "TEAM-01"):
                made.reach_milestone(
                    milestone, date(2017, 6, 1), Evidence("notes"), "bench", NOW.date()
                )
            made.advance_stage(
                made.stage.__class__("co_creation"), "gate", "bench", NOW.date(), date(2017, 7, 1)
            )
            continue
        details = SessionDetails(
            SESSION_TYPES[i % len(SESSION_TYPES)],
            datetime(2017, 1, 2, 10, tzinfo=UTC) + timedelta(days=i % 1500),
            45 + (i % 4) * 15,
            SessionMode.REMOTE,
            (coach,),
            ParticipationLevel.ENGAGED,
            "benchmark session with a summary of about the usual length for a coach's note",
        )
        session = uuid4()
        made.log_session(session, details, str(coach), NOW)
        if i % 10 == 5 and made.version < events:
            made.correct_session(session, {"duration_minutes": 50}, "typo", str(coach), NOW)
    incubator.save(made)
    return made.id


def programme(incubator: Incubator, projects: int, events_per_project: int) -> list[UUID]:
    network_id = network(incubator)
    return [project(incubator, network_id, events_per_project) for _ in range(projects)]
