"""Each read model against a scripted history; catch-up is exactly once; rebuild equals live."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from uuid import UUID

import pytest

from app.bootstrap import Container, build_container
from app.commands import (
    AssignCoach,
    ChangeStage,
    Close,
    CorrectSession,
    ReachMilestone,
    RevokeMilestone,
    SelectForAccelerator,
    WithdrawSession,
)
from app.settings import Settings
from domain.values import Evidence, Outcome, PersonRole, SessionType, Stage, TargetGroup
from projections.registry import NAMES
from projections.summaries import SummaryFilter
from tests.clock import fixed_clock
from tests.databases import migrated_container, read_model_differences, rebuilder_for
from tests.integration.helpers import coaching, correct_duration, log_session, new_project


@pytest.fixture
def container(database_url: str) -> Iterator[Container]:
    settings = Settings(database_url=database_url, snapshot_interval=5, projection_batch_size=7)
    built = migrated_container(settings, fixed_clock)
    yield built
    built.close()


def _reach(c: Container, project: UUID, *ids: str, on: date = date(2019, 6, 1)) -> None:
    for milestone_id in ids:
        c.incubator.execute(
            project,
            ReachMilestone(milestone_id=milestone_id, reached_on=on, evidence=Evidence("minutes")),
            actor="system:test",
        )


def scripted_history(c: Container) -> dict[str, UUID]:
    """Two projects: one walks to pilot, steps back, and is closed informal; one is closed
    independent with a cohort. Sessions are corrected and withdrawn, a milestone revoked."""
    inc = c.incubator
    first, coach = new_project(inc, "Stopover Coffee Shop")
    second_coach = inc.register_person(display_name="Second coach", role=PersonRole.COACH).id
    inc.execute(first, AssignCoach(coach_id=second_coach), actor="system:test")
    s1, _ = log_session(inc, first, details=coaching(coach, 0), actor=str(coach))  # 60 min, 2020-01
    s2, _ = log_session(
        inc, first, details=coaching(coach, 40), actor=str(coach)
    )  # 100 min, 2020-02
    s3, _ = log_session(inc, first, details=coaching(second_coach, 1), actor=str(coach))  # 61 min
    inc.execute(
        first,
        CorrectSession(
            session_id=s1,
            changes={"duration_minutes": 120, "session_type": SessionType.TRAINING},
            reason="was a training",
        ),
        actor=str(coach),
    )
    inc.execute(first, WithdrawSession(session_id=s3, reason="logged twice"), actor=str(coach))
    _reach(inc_c := c, first, "NEED-01", "TEAM-01", "TEAM-02")
    inc.execute(
        first, RevokeMilestone(milestone_id="TEAM-02", reason="lead left"), actor="system:test"
    )
    inc.execute(
        first,
        ChangeStage(to=Stage.CO_CREATION, rationale="gate", decided_on=date(2019, 7, 1)),
        actor="x",
    )
    _reach(inc_c, first, "CONC-02", "PLAN-01")
    inc.execute(
        first, ChangeStage(to=Stage.PILOT, rationale="gate", decided_on=date(2019, 9, 1)), actor="x"
    )
    inc.execute(
        first,
        ChangeStage(to=Stage.CO_CREATION, rationale="pilot failed", decided_on=date(2019, 11, 1)),
        actor="x",
    )
    inc.execute(
        first,
        Close(
            outcome=Outcome.INFORMAL_STABLE, rationale="runs informally", closed_on=date(2020, 3, 1)
        ),
        actor="x",
    )
    second, coach2 = new_project(inc, "Martyno Žąsys")
    log_session(inc, second, details=coaching(coach2, 3), actor=str(coach2))  # 63 min, 2020-01
    inc.execute(
        second, SelectForAccelerator(cohort="2019", selected_on=date(2019, 10, 1)), actor="x"
    )
    inc.execute(
        second,
        Close(
            outcome=Outcome.INDEPENDENT,
            rationale="association",
            override="host arrangement documented",
            closed_on=date(2021, 5, 1),
        ),
        actor="x",
    )
    return {
        "first": first,
        "second": second,
        "coach": coach,
        "second_coach": second_coach,
        "s1": s1,
        "s2": s2,
        "s3": s3,
    }


def test_each_projection_answers_the_scripted_history_exactly(container: Container) -> None:
    ids = scripted_history(container)
    container.runner.catch_up()
    rm = container.read_models

    listed = {p.title: p for p in rm.list_projects(SummaryFilter(), 10, None)}
    assert set(listed) == {"Stopover Coffee Shop", "Martyno Žąsys"}
    stopover = listed["Stopover Coffee Shop"]
    assert (stopover.stage, stopover.status, stopover.outcome) == (
        "co_creation",
        "closed",
        "informal_stable",
    )
    assert stopover.sessions == 2
    assert stopover.coaching_hours == round((120 + 100) / 60, 2)
    assert stopover.milestones_reached == 4
    assert stopover.country == "LV"
    assert set(stopover.coach_ids) == {ids["coach"], ids["second_coach"]}
    assert [
        p.title for p in rm.list_projects(SummaryFilter(coach_id=ids["second_coach"]), 10, None)
    ] == ["Stopover Coffee Shop"]
    assert rm.list_projects(SummaryFilter(status="active"), 10, None) == []

    board = rm.milestone_board(ids["first"])
    standing = {m.milestone_id: m for m in board.milestones}
    assert len(standing) == 20
    assert standing["NEED-01"].reached
    assert standing["NEED-01"].gates == ("idea→co_creation",)
    assert standing["TEAM-02"].revoked
    assert not standing["TEAM-02"].reached
    assert standing["TEAM-02"].revoked_reason == "lead left"
    participation = next(f for f in board.families if f.family.value == "participation")
    assert (participation.reached, participation.total) == (2, 3)
    assert board.score == round(4 / 20, 4)

    sessions, hours = rm.coaching_history(ids["first"])
    assert [s.session_id for s in sessions] == [ids["s1"], ids["s3"], ids["s2"]]  # by start time
    assert sessions[0].details["session_type"] == "training"
    assert sessions[0].corrections == 1
    assert sessions[1].withdrawn
    assert sessions[1].withdrawal_reason == "logged twice"
    assert hours.by_type == {"coaching": round(100 / 60, 2), "training": 2.0}
    assert hours.by_month == {"2020-01": 2.0, "2020-02": round(100 / 60, 2)}
    assert hours.by_coach == {str(ids["coach"]): round(220 / 60, 2)}
    coach_items, coach_hours = rm.coach_sessions(ids["second_coach"], 10, None)
    assert [s.session_id for s in coach_items] == [ids["s3"]]
    assert coach_hours.total == 0

    periods = rm.stage_periods(ids["first"], date(2021, 12, 15))
    assert [(p.stage, p.entered_on, p.left_on, p.how) for p in periods] == [
        ("idea", date(2019, 5, 1), date(2019, 7, 1), "proposed"),
        ("co_creation", date(2019, 7, 1), date(2019, 9, 1), "advanced"),
        ("pilot", date(2019, 9, 1), date(2019, 11, 1), "advanced"),
        ("co_creation", date(2019, 11, 1), date(2020, 3, 1), "reverted"),
    ]
    assert [p.days for p in periods] == [61, 62, 61, 121]

    portfolio = rm.portfolio()
    assert portfolio.projects == 2
    assert portfolio.by_outcome == {"independent": 1, "informal_stable": 1}
    assert portfolio.funnel == {"idea": 2, "co_creation": 1, "pilot": 1, "independence": 0}
    assert portfolio.median_days_in_stage["pilot"] == 61
    assert portfolio.coaching_hours_per_month == {
        "2020-01": round(183 / 60, 2),
        "2020-02": round(100 / 60, 2),
    }
    (cohort,) = portfolio.accelerator_cohorts
    assert (cohort.cohort, cohort.projects, cohort.by_outcome) == ("2019", 1, {"independent": 1})


def test_catching_up_twice_changes_nothing(container: Container) -> None:
    scripted_history(container)
    first_pass = container.runner.catch_up()
    before = container.read_models.portfolio()
    assert container.runner.catch_up() == 0
    assert container.read_models.portfolio() == before
    assert set(container.runner.positions().values()) == {container.runner.head()} == {first_pass}


def test_events_a_projection_ignores_still_move_its_position(container: Container) -> None:
    container.incubator.register_person(display_name="x", role=PersonRole.COACH)
    container.incubator.register_network(
        name="LEN",
        country="FI",
        region="Kainuu",
        target_group=TargetGroup.ELDERLY,
        institutions=[],
        actor="x",
    )
    container.runner.catch_up()
    assert container.runner.positions()["coaching_history"] == container.runner.head() == 1


def test_rebuild_and_verify_find_the_live_models_identical(container: Container) -> None:
    scripted_history(container)
    container.runner.catch_up()
    rebuilder = rebuilder_for(container)
    for name in NAMES:
        assert rebuilder.verify(name).identical
    before = container.read_models.portfolio()
    for name in NAMES:
        assert rebuilder.rebuild(name) == container.runner.head()
    assert container.read_models.portfolio() == before


def test_verify_reports_a_tampered_read_model(container: Container) -> None:
    ids = scripted_history(container)
    container.runner.catch_up()
    from sqlalchemy import update

    from projections import summaries

    with container.engine.begin() as connection:
        connection.execute(
            update(summaries.LIVE.projects)
            .where(summaries.LIVE.projects.c.project_id == ids["first"])
            .values(sessions=99)
        )
    rebuilder = rebuilder_for(container)
    report = rebuilder.verify("project_summaries")
    assert not report.identical
    assert report.differences[0].table == "project_summaries"
    rebuilder.rebuild("project_summaries")
    assert rebuilder.verify("project_summaries").identical


def test_two_runners_at_once_apply_each_event_exactly_once(container: Container) -> None:
    for n in range(6):
        project, coach = new_project(container.incubator, f"Project {n}")
        for i in range(5):
            log_session(container.incubator, project, details=coaching(coach, i), actor=str(coach))
    other = build_container(container.settings, clock=fixed_clock)
    try:
        errors: list[BaseException] = []

        def run(c: Container) -> None:
            try:
                c.runner.catch_up()
            except BaseException as error:
                errors.append(error)

        threads = [
            threading.Thread(target=run, args=(c,)) for c in (container, other, container, other)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
    finally:
        other.close()
    portfolio = container.read_models.portfolio()
    assert portfolio.projects == 6
    rebuilder = rebuilder_for(container)
    assert all(rebuilder.verify(name).identical for name in NAMES)


@pytest.mark.parametrize(
    "events", [2_000, pytest.param(10_000, marks=pytest.mark.slow)], ids=["2k", "10k"]
)
def test_verify_finds_no_difference_after_a_long_history(database_url: str, events: int) -> None:
    settings = Settings(database_url=database_url, projection_batch_size=500)
    c = migrated_container(settings, fixed_clock)
    try:
        n = 0
        while c.runner.head() < events:
            project, coach = new_project(c.incubator, f"Project {n}")
            n += 1
            for i in range(100):
                session_id, _ = log_session(
                    c.incubator, project, details=coaching(coach, i), actor=str(coach)
                )
                if i % 10 == 3:
                    correct_duration(c.incubator, project, session_id, 45)
                if i % 25 == 7:
                    c.incubator.execute(
                        project, WithdrawSession(session_id=session_id, reason="dup"), actor="x"
                    )
        c.runner.catch_up()
        differences = read_model_differences(c)
        assert c.runner.head() >= events
        assert differences == [[]] * len(NAMES)
    finally:
        c.close()


@pytest.mark.postgres
def test_runner_on_postgresql_wakes_on_notify_from_another_process(postgres_url: str) -> None:
    settings = Settings(database_url=postgres_url, projection_poll_interval=30)
    projecting = migrated_container(settings, fixed_clock)
    writing = build_container(settings, clock=fixed_clock)  # shares no in-process wake-up
    try:
        projecting.runner.start()
        time.sleep(0.5)  # let the listener subscribe
        project, coach = new_project(writing.incubator)
        position = log_session(
            writing.incubator, project, details=coaching(coach), actor=str(coach)
        )[1].position
        assert position is not None
        deadline = time.monotonic() + 5  # far below the 30 s poll interval
        while projecting.runner.min_position() < position:  # (wait_for would wake it itself)
            assert time.monotonic() < deadline, "the runner was not woken by NOTIFY"
            time.sleep(0.05)
    finally:
        projecting.close()
        writing.close()


def test_portfolio_is_recomputed_after_new_events_and_after_a_rebuild(container: Container) -> None:
    scripted_history(container)
    container.runner.catch_up()
    first = container.read_models.portfolio()
    assert container.read_models.portfolio() is first  # nothing moved: the same answer
    new_project(container.incubator, "Another one")
    container.runner.catch_up()
    second = container.read_models.portfolio()
    assert second.projects == first.projects + 1
    from sqlalchemy import update

    from projections import summaries

    with container.engine.begin() as connection:  # a tampered read model ...
        connection.execute(update(summaries.LIVE.projects).values(country="XX"))
    rebuilder_for(container).rebuild("project_summaries")  # ... rebuilt: next one not cached
    assert "XX" not in container.read_models.portfolio().by_country


def test_sessions_are_ordered_by_their_instant_whatever_their_offset(container: Container) -> None:
    from datetime import timezone

    from domain.sessions import SessionDetails
    from domain.values import ParticipationLevel, SessionMode, SessionType

    project, coach = new_project(container.incubator)

    def at(hour: int, offset: int) -> SessionDetails:
        return SessionDetails(
            SessionType.COACHING,
            datetime(2020, 5, 4, hour, 0, tzinfo=timezone(timedelta(hours=offset))),
            60,
            SessionMode.ON_SITE,
            (coach,),
            ParticipationLevel.ENGAGED,
        )

    riga, _ = log_session(container.incubator, project, details=at(9, 3), actor="x")  # 06:00Z
    heide, _ = log_session(container.incubator, project, details=at(8, 1), actor="x")  # 07:00Z
    container.runner.catch_up()
    sessions, _ = container.read_models.coaching_history(project)
    assert [s.session_id for s in sessions] == [riga, heide]
    items, _ = container.read_models.coach_sessions(coach, 10, None)
    assert [s.session_id for s in items] == [riga, heide]
