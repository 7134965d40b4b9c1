"""MicroProject: pausing, resuming, closing (the closure gates), the accelerator, the events."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import uuid4

import pytest
from eventsourcing.domain import CanMutateAggregate

from domain.errors import (
    AlreadyRecorded,
    GateNotMet,
    ImplausibleValue,
    InvalidInput,
    InvalidTransition,
    ProjectClosed,
)
from domain.project import MicroProject
from domain.values import (
    AcceleratorSelection,
    EmpowermentTool,
    Outcome,
    ParticipationLevel,
    Stage,
    Status,
    TeamRole,
)
from tests.unit.domain.builders import (
    COACH,
    COACH_ID,
    COORDINATOR,
    INDEPENDENCE_CLOSURE_MILESTONES,
    NEED_ID,
    NOW,
    OTHER_COACH_ID,
    OTHER_SESSION_ID,
    PROGRAMME_ID,
    PROPOSED_ON,
    PROVIDER_ID,
    SESSION_ID,
    TODAY,
    TOMORROW,
    USER_ID,
    YESTERDAY,
    advance_to,
    details,
    event_names,
    reach,
)

# --------------------------------------------------------------------------- pause / resume


def test_pause_active_project_pauses_with_reason(project: MicroProject) -> None:
    project.pause(" coach ill ", COORDINATOR, TODAY, paused_on=YESTERDAY)
    assert project.status is Status.PAUSED
    assert project.status_reason == "coach ill"
    (paused,) = project.collect_events()
    assert isinstance(paused, MicroProject.Paused)
    assert paused.occurred_on == YESTERDAY
    assert paused.actor == COORDINATOR


def test_pause_without_paused_on_uses_today(project: MicroProject) -> None:
    project.pause("coach ill", COORDINATOR, TODAY)
    (paused,) = project.collect_events()
    assert paused.occurred_on == TODAY


def test_pause_paused_project_raises_invalid_transition(project: MicroProject) -> None:
    project.pause("coach ill", COORDINATOR, TODAY)
    with pytest.raises(InvalidTransition):
        project.pause("again", COORDINATOR, TODAY)


def test_pause_future_paused_on_raises_implausible_value(project: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.pause("holidays", COORDINATOR, TODAY, paused_on=TOMORROW)
    assert raised.value.field == "paused_on"
    assert project.status is Status.ACTIVE


def test_pause_blank_reason_raises_implausible_value(project: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.pause("", COORDINATOR, TODAY)
    assert raised.value.field == "reason"


def test_resume_paused_project_becomes_active(project: MicroProject) -> None:
    project.pause("coach ill", COORDINATOR, TODAY, paused_on=date(2021, 5, 1))
    project.collect_events()
    project.resume("coach back", COORDINATOR, TODAY)
    assert project.status is Status.ACTIVE
    assert project.status_reason == "coach back"
    (resumed,) = project.collect_events()
    assert isinstance(resumed, MicroProject.Resumed)
    assert resumed.occurred_on == TODAY


def test_resume_active_project_raises_invalid_transition(project: MicroProject) -> None:
    with pytest.raises(InvalidTransition):
        project.resume("why", COORDINATOR, TODAY)


def test_resume_future_resumed_on_raises_implausible_value(project: MicroProject) -> None:
    project.pause("coach ill", COORDINATOR, TODAY)
    with pytest.raises(ImplausibleValue) as raised:
        project.resume("back", COORDINATOR, TODAY, resumed_on=TOMORROW)
    assert raised.value.field == "resumed_on"
    assert project.status is Status.PAUSED


def test_advance_stage_while_paused_raises_invalid_transition(project: MicroProject) -> None:
    reach(project, "NEED-01", "TEAM-01")
    project.pause("coach ill", COORDINATOR, TODAY)
    with pytest.raises(InvalidTransition):
        project.advance_stage(Stage.CO_CREATION, "ready", COORDINATOR, TODAY)
    with pytest.raises(InvalidTransition):
        project.advance_stage(Stage.CO_CREATION, "ready", COORDINATOR, TODAY, override="urgent")
    assert project.stage is Stage.IDEA


def test_revert_stage_while_paused_raises_invalid_transition(project: MicroProject) -> None:
    advance_to(project, Stage.CO_CREATION)
    project.pause("coach ill", COORDINATOR, TODAY)
    with pytest.raises(InvalidTransition):
        project.revert_stage(Stage.IDEA, "back", COORDINATOR, TODAY)
    assert project.stage is Stage.CO_CREATION


def test_advance_stage_after_resume_moves_on(project: MicroProject) -> None:
    reach(project, "NEED-01", "TEAM-01")
    project.pause("coach ill", COORDINATOR, TODAY)
    project.resume("coach back", COORDINATOR, TODAY)
    project.advance_stage(Stage.CO_CREATION, "ready", COORDINATOR, TODAY)
    assert project.stage is Stage.CO_CREATION


# --------------------------------------------------------------------------- close


def test_close_independent_without_milestones_raises_gate_not_met(
    project: MicroProject,
) -> None:
    with pytest.raises(GateNotMet) as raised:
        project.close(Outcome.INDEPENDENT, "done", COORDINATOR, TODAY)
    assert raised.value.gate == "close as independent"
    assert raised.value.missing == (("ORG-02",), ("GOV-01",), ("FIN-01",), ("FIN-03",))
    assert project.status is Status.ACTIVE


@pytest.mark.parametrize("left_out", INDEPENDENCE_CLOSURE_MILESTONES)
def test_close_independent_one_milestone_missing_raises_gate_not_met(
    project: MicroProject, left_out: str
) -> None:
    reach(project, *(m for m in INDEPENDENCE_CLOSURE_MILESTONES if m != left_out))
    with pytest.raises(GateNotMet) as raised:
        project.close(Outcome.INDEPENDENT, "done", COORDINATOR, TODAY)
    assert raised.value.missing == ((left_out,),)


def test_close_independent_gate_met_closes_project(project: MicroProject) -> None:
    advance_to(project, Stage.INDEPENDENCE)
    reach(project, *INDEPENDENCE_CLOSURE_MILESTONES)
    project.collect_events()
    project.close(
        Outcome.INDEPENDENT, " association runs it ", COORDINATOR, TODAY, closed_on=YESTERDAY
    )
    assert project.status is Status.CLOSED
    assert project.is_closed
    assert project.outcome is Outcome.INDEPENDENT
    assert project.closure_rationale == "association runs it"
    (closed,) = project.collect_events()
    assert isinstance(closed, MicroProject.Closed)
    assert closed.outcome is Outcome.INDEPENDENT
    assert closed.override == ""
    assert closed.overridden == []
    assert closed.occurred_on == YESTERDAY
    assert closed.actor == COORDINATOR


def test_close_independent_revoked_milestone_does_not_count(project: MicroProject) -> None:
    reach(project, *INDEPENDENCE_CLOSURE_MILESTONES)
    project.revoke_milestone("FIN-03", "one sponsor withdrew", COORDINATOR)
    with pytest.raises(GateNotMet) as raised:
        project.close(Outcome.INDEPENDENT, "done", COORDINATOR, TODAY)
    assert raised.value.missing == (("FIN-03",),)


def test_close_independent_override_records_justification_in_event(
    project: MicroProject,
) -> None:
    reach(project, "ORG-02", "GOV-01")
    project.collect_events()
    project.close(
        Outcome.INDEPENDENT, "runs alone", COORDINATOR, TODAY, override=" municipality pays "
    )
    assert project.outcome is Outcome.INDEPENDENT
    (closed,) = project.collect_events()
    assert closed.override == "municipality pays"
    assert closed.overridden == ["FIN-01", "FIN-03"]
    assert closed.actor == COORDINATOR


@pytest.mark.parametrize("override", ["", "  "])
def test_close_independent_blank_override_raises_gate_not_met(
    project: MicroProject, override: str
) -> None:
    with pytest.raises(GateNotMet):
        project.close(Outcome.INDEPENDENT, "done", COORDINATOR, TODAY, override=override)
    assert not project.is_closed


@pytest.mark.parametrize(
    "outcome", [Outcome.INFORMAL_STABLE, Outcome.ABSORBED, Outcome.DISCONTINUED]
)
def test_close_other_outcome_needs_no_milestone(project: MicroProject, outcome: Outcome) -> None:
    project.close(outcome, "the group carries on by itself", COORDINATOR, TODAY)
    assert project.status is Status.CLOSED
    assert project.outcome is outcome
    (closed,) = project.collect_events()
    assert closed.overridden == []


def test_close_paused_project_closes(project: MicroProject) -> None:
    project.pause("no volunteers", COORDINATOR, TODAY)
    project.close(Outcome.DISCONTINUED, "no volunteers left", COORDINATOR, TODAY)
    assert project.status is Status.CLOSED


def test_close_blank_rationale_raises_implausible_value(project: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.close(Outcome.DISCONTINUED, " ", COORDINATOR, TODAY)
    assert raised.value.field == "rationale"


def test_close_future_closed_on_raises_implausible_value(project: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.close(Outcome.DISCONTINUED, "stop", COORDINATOR, TODAY, closed_on=TOMORROW)
    assert raised.value.field == "closed_on"
    assert not project.is_closed


# Every write a closed project must refuse; each gets a project with a session, a team
# member, a coach and a reached milestone, closed as discontinued.
WRITES_AFTER_CLOSURE: dict[str, Callable[[MicroProject], None]] = {
    "request_gate_review": lambda p: p.request_gate_review(
        uuid4(), Stage.CO_CREATION, "ready", COACH, TODAY
    ),
    "decline_gate_review": lambda p: p.decline_gate_review(uuid4(), "no", COORDINATOR, TODAY),
    "record_need": lambda p: p.record_need(
        NEED_ID, "more", EmpowermentTool.OTHER, YESTERDAY, COACH, TODAY
    ),
    "add_team_member": lambda p: p.add_team_member(
        PROVIDER_ID, TeamRole.PROVIDER, YESTERDAY, COACH, TODAY
    ),
    "remove_team_member": lambda p: p.remove_team_member(USER_ID, "left", YESTERDAY, COACH, TODAY),
    "assign_coach": lambda p: p.assign_coach(OTHER_COACH_ID, COORDINATOR),
    "release_coach": lambda p: p.release_coach(COACH_ID, "done", COORDINATOR),
    "log_session": lambda p: p.log_session(OTHER_SESSION_ID, details(), COACH, NOW),
    "correct_session": lambda p: p.correct_session(
        SESSION_ID, {"summary": "x"}, "typo", COACH, NOW
    ),
    "withdraw_session": lambda p: p.withdraw_session(SESSION_ID, "wrong", COACH),
    "reach_milestone": lambda p: reach(p, "TEAM-01"),
    "revoke_milestone": lambda p: p.revoke_milestone("NEED-01", "wrong", COORDINATOR),
    "advance_stage": lambda p: p.advance_stage(
        Stage.CO_CREATION, "go", COORDINATOR, TODAY, override="anyway"
    ),
    "revert_stage": lambda p: p.revert_stage(Stage.IDEA, "back", COORDINATOR, TODAY),
    "pause": lambda p: p.pause("pause", COORDINATOR, TODAY),
    "resume": lambda p: p.resume("resume", COORDINATOR, TODAY),
    "close": lambda p: p.close(Outcome.ABSORBED, "again", COORDINATOR, TODAY),
    "select_for_accelerator": lambda p: p.select_for_accelerator(
        "Accelerators 2020", YESTERDAY, COORDINATOR, TODAY
    ),
    "assess_participation": lambda p: p.assess_participation(
        ParticipationLevel.ENGAGED, ParticipationLevel.ENGAGED, "", YESTERDAY, COACH, TODAY
    ),
    "enrol": lambda p: p.enrol(PROGRAMME_ID, YESTERDAY, (PROPOSED_ON, TODAY), COORDINATOR, TODAY),
}


@pytest.fixture
def closed(project: MicroProject) -> MicroProject:
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, date(2021, 1, 1), COACH, TODAY)
    project.assign_coach(COACH_ID, COORDINATOR)
    project.log_session(SESSION_ID, details(), COACH, NOW)
    reach(project, "NEED-01")
    project.close(Outcome.DISCONTINUED, "no volunteers left", COORDINATOR, TODAY)
    project.collect_events()
    return project


@pytest.mark.parametrize("command", list(WRITES_AFTER_CLOSURE))
def test_write_after_closure_raises_project_closed(closed: MicroProject, command: str) -> None:
    version = closed.version
    with pytest.raises(ProjectClosed) as raised:
        WRITES_AFTER_CLOSURE[command](closed)
    assert raised.value.outcome == "discontinued"
    assert closed.version == version
    assert closed.collect_events() == []


def test_write_after_closure_covers_every_public_command() -> None:
    commands = {
        name
        for name, member in vars(MicroProject).items()
        if callable(member) and not name.startswith("_") and not isinstance(member, type)
    }
    # A redaction is the one write a closed project accepts (erasure requests mostly concern
    # finished projects): tests/unit/domain/test_redaction.py.
    assert commands == set(WRITES_AFTER_CLOSURE) | {"redact"}


def test_resume_after_closure_of_paused_project_raises_project_closed(
    project: MicroProject,
) -> None:
    project.pause("no volunteers", COORDINATOR, TODAY)
    project.close(Outcome.DISCONTINUED, "no volunteers left", COORDINATOR, TODAY)
    with pytest.raises(ProjectClosed):
        project.resume("found some", COORDINATOR, TODAY)


# --------------------------------------------------------------------------- accelerator


def test_select_for_accelerator_first_time_records_selection(project: MicroProject) -> None:
    project.select_for_accelerator(" Accelerators 2020 ", date(2019, 10, 15), COORDINATOR, TODAY)
    assert project.accelerator == AcceleratorSelection(
        "Accelerators 2020", date(2019, 10, 15), COORDINATOR
    )
    (selected,) = project.collect_events()
    assert isinstance(selected, MicroProject.SelectedForAccelerator)
    assert selected.occurred_on == date(2019, 10, 15)
    assert selected.actor == COORDINATOR


def test_select_for_accelerator_twice_raises_already_recorded(project: MicroProject) -> None:
    project.select_for_accelerator("Accelerators 2020", YESTERDAY, COORDINATOR, TODAY)
    with pytest.raises(AlreadyRecorded):
        project.select_for_accelerator("Accelerators 2021", TODAY, COORDINATOR, TODAY)
    assert project.accelerator is not None
    assert project.accelerator.cohort == "Accelerators 2020"


def test_select_for_accelerator_future_date_raises_implausible_value(
    project: MicroProject,
) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.select_for_accelerator("Accelerators 2020", TOMORROW, COORDINATOR, TODAY)
    assert raised.value.field == "selected_on"
    assert project.accelerator is None


def test_select_for_accelerator_blank_cohort_raises_implausible_value(
    project: MicroProject,
) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.select_for_accelerator(" ", YESTERDAY, COORDINATOR, TODAY)
    assert raised.value.field == "cohort"


# --------------------------------------------------------------------------- events


WORLD_FACT_EVENTS = {
    "Proposed",
    "NeedRecorded",
    "TeamMemberAdded",
    "TeamMemberRemoved",
    "SessionLogged",
    "MilestoneReached",
    "StageAdvanced",
    "StageReverted",
    "Paused",
    "Resumed",
    "Closed",
    "SelectedForAccelerator",
    "FieldRedacted",
    "GateReviewRequested",
    "GateReviewClosed",
}
FORBIDDEN_FIELD_FRAGMENTS = ("name", "contact", "email", "phone", "address")


def _event_classes() -> set[str]:
    return {
        name
        for name, member in vars(MicroProject).items()
        if isinstance(member, type)
        and issubclass(member, CanMutateAggregate)
        and name not in {"Event", "Created"}
    }


def _field_names(value: object) -> Iterator[str]:
    """Every attribute, dataclass field and mapping key inside `value`, recursively."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield field.name
            yield from _field_names(getattr(value, field.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _field_names(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _field_names(item)
    elif isinstance(value, CanMutateAggregate):
        for key, item in vars(value).items():
            yield key
            yield from _field_names(item)


def test_full_history_uses_every_event_class(
    full_history: tuple[MicroProject, list[Any]],
) -> None:
    _, events = full_history
    assert set(event_names(events)) == _event_classes()


def test_full_history_every_event_carries_actor(
    full_history: tuple[MicroProject, list[Any]],
) -> None:
    _, events = full_history
    for event in events:
        assert isinstance(event.actor, str), type(event).__name__
        assert event.actor in {COACH, COORDINATOR}


def test_full_history_world_fact_events_carry_occurred_on(
    full_history: tuple[MicroProject, list[Any]],
) -> None:
    _, events = full_history
    assert _event_classes() >= WORLD_FACT_EVENTS
    for event in events:
        if type(event).__name__ in WORLD_FACT_EVENTS:
            assert type(event.occurred_on) is date, type(event).__name__


def test_full_history_no_event_field_is_named_like_personal_data(
    full_history: tuple[MicroProject, list[Any]],
) -> None:
    _, events = full_history
    names = {name for event in events for name in _field_names(event)}
    assert "details" in names
    assert "participant_ids" in names  # the walk reaches nested session details
    offending = {n for n in names for f in FORBIDDEN_FIELD_FRAGMENTS if f in n.lower()}
    assert offending == set()


def test_full_history_ends_closed_independent(
    full_history: tuple[MicroProject, list[Any]],
) -> None:
    project, events = full_history
    assert project.outcome is Outcome.INDEPENDENT
    assert project.stage is Stage.INDEPENDENCE
    assert project.version == len(events)
    closed = [e for e in events if isinstance(e, MicroProject.Closed)]
    assert closed[-1].overridden == ["FIN-03"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("session_type", None),
        ("mode", "remote"),
        ("participation_level", None),
        ("summary", None),
        ("duration_minutes", "60"),
        ("duration_minutes", True),
        ("started_at", None),
        ("coach_ids", None),
        ("topics", [1]),
        ("tools", ["needs_workshop"]),
    ],
)
def test_correct_session_with_a_wrongly_typed_value_raises_invalid_input(
    project: MicroProject, field: str, value: object
) -> None:
    session_id = uuid4()
    project.log_session(session_id, details(), COACH, NOW)
    with pytest.raises(InvalidInput) as raised:
        project.correct_session(session_id, {field: value}, "typo", COACH, NOW)
    assert raised.value.field == field
    assert project.sessions[str(session_id)].corrections == 0
