"""A project's hours by type, coach and month, as the database sums them (one statement for
the page of sessions) and as they are summed from the project's rows (the whole history):
the same figures, withdrawn sessions left out, a correction's new coaches counted, months and
coaches as their strings."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from uuid import UUID

from app.bootstrap import Container
from app.commands import AssignCoach, CorrectSession, WithdrawSession
from domain.values import PersonRole, SessionType
from tests.integration.helpers import coaching, log_session, new_project


def test_the_summed_hours_equal_the_hours_of_the_rows(migrated_container: Container) -> None:
    incubator = migrated_container.incubator
    project, coach = new_project(incubator)
    other = incubator.register_person(display_name="Second coach", role=PersonRole.COACH).id
    incubator.execute(project, AssignCoach(coach_id=other), actor="system:test")
    sessions: list[UUID] = []
    types = (SessionType.COACHING, SessionType.TRAINING, SessionType.PEER_EXCHANGE)
    for n in range(9):
        details = coaching(coach, n * 20)  # across six months
        details = dataclasses.replace(
            details,
            session_type=types[n % 3],
            coach_ids=(coach, other) if n % 2 else (coach,),
            started_at=details.started_at + timedelta(hours=n),
        )
        session, _ = log_session(incubator, project, details, actor="coach")
        sessions.append(session)
    incubator.execute(
        project, WithdrawSession(session_id=sessions[4], reason="logged twice"), actor="coach"
    )
    incubator.execute(
        project,
        CorrectSession(
            session_id=sessions[0], changes={"coach_ids": (other,)}, reason="it was the other"
        ),
        actor="coach",
    )
    migrated_container.runner.catch_up()

    read_models = migrated_container.read_models
    _page, summed = read_models.project_sessions(project, 3, None)
    _everything, from_rows = read_models.coaching_history(project)
    assert summed == from_rows
    assert set(summed.by_type) == {t.value for t in types}
    assert set(summed.by_coach) == {str(coach), str(other)}
    kept_months = {
        (coaching(coach, n * 20).started_at + timedelta(hours=n)).strftime("%Y-%m")
        for n in range(9)
        if n != 4
    }
    assert set(summed.by_month) == kept_months  # six months, as "YYYY-MM"
    withdrawn = coaching(coach, 80).duration_minutes
    kept = sum(coaching(coach, n * 20).duration_minutes for n in range(9)) - withdrawn
    assert summed.total == round(kept / 60, 2)
