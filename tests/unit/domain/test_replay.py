"""A project rebuilt from its events equals the live one (the auditor's replay)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from eventsourcing.application import project_aggregate

from domain.errors import ProjectClosed
from domain.project import MicroProject
from domain.values import EmpowermentTool, Outcome, Stage, Status, TeamRole
from tests.unit.domain.builders import (
    COACH,
    COACH_ID,
    COORDINATOR,
    NEED_ID,
    NOW,
    OTHER_SESSION_ID,
    SESSION_ID,
    TODAY,
    USER_ID,
    YESTERDAY,
    advance_to,
    details,
    propose_alldi,
    reach,
    state,
)


def replay_with_mutate(events: list[Any]) -> MicroProject:
    aggregate: MicroProject | None = None
    for event in events:
        aggregate = event.mutate(aggregate)
    assert isinstance(aggregate, MicroProject)
    return aggregate


def replay_with_projector(events: list[Any]) -> MicroProject:
    aggregate = project_aggregate(None, events)
    assert isinstance(aggregate, MicroProject)
    return aggregate


REPLAYS = [replay_with_mutate, replay_with_projector]


@pytest.mark.parametrize("replay", REPLAYS)
def test_replay_full_history_equals_live_project(
    full_history: tuple[MicroProject, list[Any]], replay: Any
) -> None:
    live, events = full_history
    rebuilt = replay(events)
    assert state(rebuilt) == state(live)


def test_replay_full_history_rebuilds_the_details_of_the_story(
    full_history: tuple[MicroProject, list[Any]],
) -> None:
    _, events = full_history
    rebuilt = replay_with_projector(events)
    assert rebuilt.status is Status.CLOSED
    assert rebuilt.outcome is Outcome.INDEPENDENT
    assert rebuilt.stage is Stage.INDEPENDENCE
    assert rebuilt.version == len(events)
    assert [c.kind for c in rebuilt.stage_history] == [
        "proposed",
        "advanced",
        "advanced",
        "reverted",
        "advanced",
        "advanced",
    ]
    assert rebuilt.stage_history[2].override == "plan agreed orally with the municipality"
    assert rebuilt.stage_history[2].overridden == ("PLAN-01",)
    corrected = rebuilt.sessions[str(SESSION_ID)]
    assert corrected.corrections == 2
    assert corrected.details.duration_minutes == 120
    assert rebuilt.sessions[str(OTHER_SESSION_ID)].withdrawn
    assert rebuilt.milestones["PLAN-01"].revoked is False
    assert rebuilt.reached_milestones == {
        "NEED-01",
        "TEAM-01",
        "CONC-02",
        "PLAN-01",
        "PILOT-01",
        "PILOT-02",
        "ORG-02",
        "GOV-01",
        "FIN-01",
    }
    assert rebuilt.accelerator is not None
    assert rebuilt.accelerator.cohort == "Accelerators 2020"
    assert len(rebuilt.coaches) == 1
    assert len(rebuilt.team) == 2
    assert len(rebuilt.needs) == 1


def test_replay_full_history_equals_live_project_including_pending_events(
    full_history: tuple[MicroProject, list[Any]],
) -> None:
    live, events = full_history
    assert replay_with_projector(events) == live


def test_replay_every_prefix_of_full_history_equals_live_project_at_that_point() -> None:
    """Each step of the script is replayed and compared with the live project at that step."""
    live = propose_alldi()
    events: list[Any] = list(live.collect_events())
    steps: list[Callable[[MicroProject], None]] = [
        lambda p: p.assign_coach(COACH_ID, COORDINATOR),
        lambda p: p.add_team_member(USER_ID, TeamRole.SERVICE_USER, YESTERDAY, COACH, TODAY),
        lambda p: p.record_need(
            NEED_ID, "childcare", EmpowermentTool.NEEDS_WORKSHOP, YESTERDAY, COACH, TODAY
        ),
        lambda p: p.log_session(SESSION_ID, details(), COACH, NOW),
        lambda p: p.correct_session(SESSION_ID, {"duration_minutes": 45}, "typo", COACH, NOW),
        lambda p: p.withdraw_session(SESSION_ID, "wrong project", COACH),
        lambda p: reach(p, "NEED-01", "TEAM-01"),
        lambda p: p.revoke_milestone("TEAM-01", "group fell apart", COORDINATOR),
        lambda p: reach(p, "TEAM-01"),
        lambda p: advance_to(p, Stage.PILOT),
        lambda p: p.pause("coach ill", COORDINATOR, TODAY),
        lambda p: p.resume("coach back", COORDINATOR, TODAY),
        lambda p: p.revert_stage(Stage.CO_CREATION, "pilot failed", COORDINATOR, TODAY),
        lambda p: p.select_for_accelerator("Accelerators 2020", YESTERDAY, COORDINATOR, TODAY),
        lambda p: p.remove_team_member(USER_ID, "moved away", TODAY, COACH, TODAY),
        lambda p: p.release_coach(COACH_ID, "parental leave", COORDINATOR),
        lambda p: p.close(Outcome.INFORMAL_STABLE, "runs informally", COORDINATOR, TODAY),
    ]
    for step in steps:
        step(live)
        events.extend(live.collect_events())
        assert state(replay_with_projector(events)) == state(live)


def test_replay_twice_gives_independent_equal_aggregates(
    full_history: tuple[MicroProject, list[Any]],
) -> None:
    _, events = full_history
    first = replay_with_mutate(events)
    second = replay_with_mutate(events)
    assert state(first) == state(second)
    first.sessions.clear()
    first.milestones.clear()
    assert second.sessions
    assert second.milestones


def test_replay_closed_project_still_refuses_writes(
    full_history: tuple[MicroProject, list[Any]],
) -> None:
    _, events = full_history
    rebuilt = replay_with_projector(events)
    with pytest.raises(ProjectClosed) as raised:
        rebuilt.pause("again", COORDINATOR, TODAY)
    assert raised.value.outcome == "independent"


def test_replay_then_continue_matches_live_continuation() -> None:
    live = propose_alldi()
    reach(live, "NEED-01")
    live.add_team_member(USER_ID, TeamRole.SERVICE_USER, date(2021, 1, 1), COACH, TODAY)
    rebuilt = replay_with_projector(list(live.collect_events()))
    for project in (live, rebuilt):
        reach(project, "TEAM-01")
        project.advance_stage(Stage.CO_CREATION, "ready", COORDINATOR, TODAY)
    live_events = live.collect_events()
    rebuilt_events = rebuilt.collect_events()
    assert [e.originator_version for e in live_events] == [
        e.originator_version for e in rebuilt_events
    ]
    assert live.stage is rebuilt.stage is Stage.CO_CREATION
    assert live.reached_milestones == rebuilt.reached_milestones
