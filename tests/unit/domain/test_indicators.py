"""Indicator rules on scripted histories, without I/O: corrections, withdrawals, revocations,
team changes, steps back, late enrolments and the take-up year after a period."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from domain.indicators import COMPUTE, Window
from domain.project import MicroProject
from domain.project_facts import ProjectFacts, fold
from domain.values import Outcome, ParticipationLevel, Stage, TeamRole
from tests.unit.domain.builders import (
    COACH,
    COORDINATOR,
    PROGRAMME_ID,
    SESSION_ID,
    TODAY,
    USER_ID,
    VOLUNTEER_ID,
    advance_to,
    details,
    evidence,
    propose_alldi,
)

PROGRAMME = (date(2019, 1, 1), date(2021, 12, 31))
P1 = Window(PROGRAMME_ID, date(2020, 1, 1), date(2020, 6, 30))
OTHER_SESSION = UUID("00000000-0000-4000-8000-0000000000e9")
NOW = datetime(2021, 6, 30, 12, tzinfo=UTC)


def facts_of(project: MicroProject) -> ProjectFacts:
    """The facts of every event the project has had (collected so far, kept per project)."""
    events: list[object] = project.__dict__.setdefault("_collected_in_test", [])
    events.extend(project.collect_events())
    folded = fold((event, n) for n, event in enumerate(events, start=1))
    assert folded is not None
    return folded


def enrolled(on: date = date(2019, 10, 1)) -> MicroProject:
    project = propose_alldi()
    project.enrol(PROGRAMME_ID, on, PROGRAMME, COORDINATOR, TODAY)
    return project


def value(code: str, *projects: MicroProject, window: Window = P1) -> float:
    return COMPUTE[code]([facts_of(p) for p in projects], {}, window).value


def test_hours_leave_out_withdrawn_sessions_and_follow_corrections() -> None:
    project = enrolled()
    project.log_session(
        SESSION_ID, details(started_at=datetime(2020, 3, 1, 9, tzinfo=UTC)), COACH, NOW
    )
    project.log_session(
        OTHER_SESSION, details(started_at=datetime(2020, 3, 2, 9, tzinfo=UTC)), COACH, NOW
    )
    project.withdraw_session(OTHER_SESSION, "logged twice", COACH)
    project.correct_session(SESSION_ID, {"duration_minutes": 30}, "shorter", COACH, NOW)
    assert value("HOURS", project) == 0.5


def test_hours_of_a_session_moved_out_of_the_period_by_a_correction_are_not_counted() -> None:
    project = enrolled()
    project.log_session(
        SESSION_ID, details(started_at=datetime(2020, 3, 1, 9, tzinfo=UTC)), COACH, NOW
    )
    moved = datetime(2020, 7, 1, 9, tzinfo=UTC)
    project.correct_session(SESSION_ID, {"started_at": moved}, "wrong month", COACH, NOW)
    assert value("HOURS", project) == 0


def test_a_revoked_workplace_is_not_counted() -> None:
    project = enrolled()
    project.reach_milestone("JOB-01", date(2020, 2, 1), evidence(), COACH, TODAY)
    assert value("JOBS", project) == 1
    project.revoke_milestone("JOB-01", "the job was not created", COORDINATOR)
    assert value("JOBS", project) == 0


def test_uptake_counts_a_transfer_within_a_year_after_the_period_only() -> None:
    within, after = enrolled(), enrolled()
    within.reach_milestone("TRANS-01", date(2020, 12, 30), evidence(), COACH, TODAY)
    after.reach_milestone("TRANS-01", date(2020, 12, 31), evidence(), COACH, TODAY)
    second_half_2019 = Window(PROGRAMME_ID, date(2019, 7, 1), date(2019, 12, 31))
    assert value("RCR104", within, window=second_half_2019) == 1
    assert value("RCR104", after, window=second_half_2019) == 0


def test_users_counts_members_on_the_team_during_the_period() -> None:
    project = enrolled()
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, date(2019, 11, 1), COACH, TODAY)
    project.add_team_member(VOLUNTEER_ID, TeamRole.SERVICE_USER, date(2019, 11, 1), COACH, TODAY)
    project.remove_team_member(VOLUNTEER_ID, "moved away", date(2019, 12, 31), COACH, TODAY)
    assert value("USERS", project) == 1


def test_a_step_back_into_pilot_is_not_a_pilot_action() -> None:
    project = enrolled()
    advance_to(project, Stage.INDEPENDENCE)  # decided on 2021-01-15, after P1
    project.revert_stage(Stage.PILOT, "the venue closed", COORDINATOR, TODAY, date(2021, 2, 1))
    window = Window(PROGRAMME_ID, date(2021, 1, 1), date(2021, 6, 30))
    assert value("RCO84", project, window=window) == 1  # the advance on 2021-01-15 only


def test_a_project_enrolled_after_the_period_counts_nothing_for_it() -> None:
    project = enrolled(on=date(2020, 7, 1))
    project.close(Outcome.ABSORBED, "taken over", COORDINATOR, TODAY, date(2020, 7, 2))
    assert value("RCO116", project) == 0
    assert (
        value("RCO116", project, window=Window(PROGRAMME_ID, date(2020, 7, 1), date(2020, 12, 31)))
        == 1
    )


def test_ladder_is_the_share_of_active_projects_at_co_producing_or_above() -> None:
    high, low, silent = enrolled(), enrolled(), enrolled()
    at = datetime(2020, 2, 1, 9, tzinfo=UTC)
    high.log_session(
        SESSION_ID,
        details(started_at=at, participation_level=ParticipationLevel.USER_LED),
        COACH,
        NOW,
    )
    low.log_session(
        SESSION_ID,
        details(started_at=at, participation_level=ParticipationLevel.ENGAGED),
        COACH,
        NOW,
    )
    assert value("LADDER", high, low, silent) == round(1 / 3, 4)
    assert value("LADDER") == 0.0


def test_what_a_project_did_before_its_enrolment_is_not_the_programmes() -> None:
    project = propose_alldi()
    before = datetime(2020, 2, 1, 9, tzinfo=UTC)
    project.log_session(SESSION_ID, details(started_at=before), COACH, NOW)
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, date(2020, 1, 5), COACH, TODAY)
    project.remove_team_member(USER_ID, "left", date(2020, 2, 10), COACH, TODAY)
    project.enrol(PROGRAMME_ID, date(2020, 3, 1), PROGRAMME, COORDINATOR, TODAY)
    assert value("HOURS", project) == 0
    assert value("USERS", project) == 0
