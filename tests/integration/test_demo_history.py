"""The demo records its history when it happened, so the bitemporal questions have answers,
while every other writer records at server time; the projections' lag in seconds is measured
from each event's commit, not from a back-dated recording."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest

from app import audit
from app.bootstrap import Container, build_container
from app.commands import Pause
from app.demo import END, DemoProgramme, DemoSummary
from app.settings import Settings
from domain.errors import NotRecordedYet
from domain.project import MicroProject
from domain.values import Stage, Status
from migrations import upgrade


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Container, DemoSummary]]:
    folder = tmp_path_factory.mktemp("demo")
    settings = Settings(database_url=f"sqlite:///{folder / 'demo.sqlite3'}", snapshot_interval=50)
    upgrade(settings.database_url)
    container = build_container(settings)
    summary = DemoProgramme(container.incubator).load()
    try:
        yield container, summary
    finally:
        container.close()


def test_demo_events_are_recorded_when_they_happened_in_order(
    demo: tuple[Container, DemoSummary],
) -> None:
    container, summary = demo
    assert summary.alldi_id is not None
    history = audit.project_history(container.incubator, summary.alldi_id)
    recorded = [entry.recorded_at for entry in history]
    assert recorded == sorted(recorded)
    assert len(set(recorded)) == len(recorded)
    proposed = container.incubator.get_project(summary.alldi_id)
    assert recorded[0] == datetime.combine(proposed.proposed_on, time(18), UTC)
    assert 2016 <= proposed.proposed_on.year <= 2018
    assert recorded[-1] <= datetime.combine(END, datetime.min.time(), UTC) + timedelta(days=1)
    for entry in history:
        if entry.occurred_on is not None:
            assert entry.recorded_at.date() >= date.fromisoformat(str(entry.occurred_on))


def test_the_bitemporal_questions_answer_on_the_demo(demo: tuple[Container, DemoSummary]) -> None:
    container, summary = demo
    assert summary.alldi_id is not None
    incubator = container.incubator
    now = incubator.get_project(summary.alldi_id)
    with pytest.raises(NotRecordedYet):  # before it was proposed
        audit.project_as_of(incubator, summary.alldi_id, datetime(2016, 1, 1, tzinfo=UTC))
    proposed = datetime.combine(now.proposed_on, time(18), UTC)
    early = audit.project_as_of(incubator, summary.alldi_id, proposed + timedelta(days=30))
    assert 1 <= early.version < now.version
    assert early.stage is Stage.IDEA
    assert early.status is Status.ACTIVE
    stage, known = audit.stage_on(
        incubator, summary.alldi_id, date(2018, 3, 1), datetime(2018, 3, 2, tzinfo=UTC)
    )
    assert stage is not None
    assert known.version < now.version
    assert audit.stage_on(incubator, summary.alldi_id, date(2018, 3, 1), None)[0] == stage


def test_the_walk_through_project_is_active_with_its_coach_and_coordinator(
    demo: tuple[Container, DemoSummary],
) -> None:
    container, summary = demo
    assert summary.project_id is not None
    project = container.incubator.get_project(summary.project_id)
    network = container.incubator.get_network(project.network_id)
    assert project.status is Status.ACTIVE
    assert summary.coach_id in project.coaches
    assert summary.coordinator_id == network.coordinator_id
    assert "NEED-01" not in project.reached_milestones  # the README's gate example is refused


def test_other_writers_record_at_server_time(demo: tuple[Container, DemoSummary]) -> None:
    container, summary = demo
    assert summary.project_id is not None
    assert summary.coordinator_id is not None
    before = datetime.now(UTC)
    result = container.incubator.execute(
        summary.project_id, Pause("the coach is ill"), actor=str(summary.coordinator_id)
    )
    (entry,) = audit.project_history(
        container.incubator, summary.project_id, from_version=result.version
    )
    assert entry.type == MicroProject.Paused.__qualname__
    assert before <= entry.recorded_at <= datetime.now(UTC)


def test_lag_seconds_follow_the_commit_not_a_back_dated_recording(
    demo: tuple[Container, DemoSummary],
) -> None:
    container, _summary = demo
    lag = container.read_models.lag()  # nothing projected yet: the whole demo is behind
    assert lag.events > 1000
    assert 0 <= lag.seconds < 600  # committed moments ago, though recorded in 2016-2021
    container.runner.catch_up()
    caught_up = container.read_models.lag()
    assert (caught_up.events, caught_up.seconds) == (0, 0.0)
