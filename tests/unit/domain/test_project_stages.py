"""MicroProject: stage gates, advancing (with overrides) and stepping back."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import (
    AlreadyRecorded,
    GateNotMet,
    ImplausibleValue,
    InvalidTransition,
)
from domain.project import MicroProject
from domain.values import (
    EmpowermentTool,
    Outcome,
    Stage,
    StageChange,
)
from tests.unit.domain.builders import (
    COACH,
    COORDINATOR,
    NEED_ID,
    TODAY,
    TOMORROW,
    YESTERDAY,
    advance_to,
    reach,
)

# --------------------------------------------------------------------------- advance_stage


def test_advance_stage_gate_met_moves_one_stage(project: MicroProject) -> None:
    reach(project, "NEED-01", "TEAM-01")
    project.collect_events()
    project.advance_stage(
        Stage.CO_CREATION, " needs and team ", COORDINATOR, TODAY, decided_on=YESTERDAY
    )
    assert project.stage is Stage.CO_CREATION
    assert project.stage_history[-1] == StageChange(
        Stage.IDEA, Stage.CO_CREATION, YESTERDAY, "needs and team", COORDINATOR, "advanced"
    )
    (advanced,) = project.collect_events()
    assert isinstance(advanced, MicroProject.StageAdvanced)
    assert advanced.from_stage is Stage.IDEA
    assert advanced.to_stage is Stage.CO_CREATION
    assert advanced.override == ""
    assert advanced.overridden == []
    assert advanced.occurred_on == YESTERDAY
    assert advanced.actor == COORDINATOR


def test_advance_stage_without_decided_on_uses_today(project: MicroProject) -> None:
    reach(project, "NEED-01", "TEAM-01")
    project.advance_stage(Stage.CO_CREATION, "ok", COORDINATOR, TODAY)
    assert project.stage_history[-1].occurred_on == TODAY


def test_advance_stage_decided_before_last_stage_change_raises_implausible_value(
    project: MicroProject,
) -> None:
    advance_to(project, Stage.CO_CREATION)
    reach(project, "CONC-01", "PLAN-01")
    with pytest.raises(ImplausibleValue) as raised:
        project.advance_stage(Stage.PILOT, "ok", COORDINATOR, TODAY, decided_on=date(2020, 12, 31))
    assert raised.value.field == "decided_on"
    assert project.stage is Stage.CO_CREATION


def test_record_need_same_id_twice_raises_already_recorded(project: MicroProject) -> None:
    project.record_need(NEED_ID, "childcare", EmpowermentTool.NEEDS_WORKSHOP, TODAY, COACH, TODAY)
    with pytest.raises(AlreadyRecorded):
        project.record_need(NEED_ID, "again", EmpowermentTool.OTHER, TODAY, COACH, TODAY)
    assert len(project.needs) == 1


def test_close_with_override_keeps_justification_and_waived_on_aggregate(
    project: MicroProject,
) -> None:
    project.close(Outcome.INDEPENDENT, "host took it", COORDINATOR, TODAY, override="board decided")
    assert project.closure_override == "board decided"
    assert project.closure_waived == ("ORG-02", "GOV-01", "FIN-01", "FIN-03")
    assert project.closed_on == TODAY


def test_advance_stage_future_decided_on_raises_implausible_value(project: MicroProject) -> None:
    reach(project, "NEED-01", "TEAM-01")
    with pytest.raises(ImplausibleValue) as raised:
        project.advance_stage(Stage.CO_CREATION, "ok", COORDINATOR, TODAY, decided_on=TOMORROW)
    assert raised.value.field == "decided_on"
    assert project.stage is Stage.IDEA


def test_advance_stage_blank_rationale_raises_implausible_value(project: MicroProject) -> None:
    reach(project, "NEED-01", "TEAM-01")
    with pytest.raises(ImplausibleValue) as raised:
        project.advance_stage(Stage.CO_CREATION, "  ", COORDINATOR, TODAY)
    assert raised.value.field == "rationale"


@pytest.mark.parametrize(
    ("reached", "missing"),
    [
        ((), (("NEED-01",), ("TEAM-01",))),
        (("NEED-01",), (("TEAM-01",),)),
        (("TEAM-01",), (("NEED-01",),)),
        (("TEAM-02", "CONC-01"), (("NEED-01",), ("TEAM-01",))),
    ],
)
def test_advance_stage_idea_gate_missing_raises_gate_not_met(
    project: MicroProject, reached: tuple[str, ...], missing: tuple[tuple[str, ...], ...]
) -> None:
    reach(project, *reached)
    project.collect_events()
    with pytest.raises(GateNotMet) as raised:
        project.advance_stage(Stage.CO_CREATION, "ready", COORDINATOR, TODAY)
    assert raised.value.gate == "idea→co_creation"
    assert raised.value.missing == missing
    assert project.stage is Stage.IDEA
    assert project.collect_events() == []


@pytest.mark.parametrize(
    ("reached", "missing"),
    [
        ((), (("CONC-01", "CONC-02"), ("PLAN-01",))),
        (("CONC-01",), (("PLAN-01",),)),
        (("CONC-02",), (("PLAN-01",),)),
        (("PLAN-01",), (("CONC-01", "CONC-02"),)),
    ],
)
def test_advance_stage_co_creation_gate_missing_raises_gate_not_met(
    project: MicroProject, reached: tuple[str, ...], missing: tuple[tuple[str, ...], ...]
) -> None:
    advance_to(project, Stage.CO_CREATION)
    reach(project, *reached)
    with pytest.raises(GateNotMet) as raised:
        project.advance_stage(Stage.PILOT, "ready", COORDINATOR, TODAY)
    assert raised.value.gate == "co_creation→pilot"
    assert raised.value.missing == missing
    assert project.stage is Stage.CO_CREATION


@pytest.mark.parametrize("concept", ["CONC-01", "CONC-02"])
def test_advance_stage_co_creation_either_concept_milestone_opens_gate(
    project: MicroProject, concept: str
) -> None:
    advance_to(project, Stage.CO_CREATION)
    reach(project, concept, "PLAN-01")
    project.advance_stage(Stage.PILOT, "plan agreed", COORDINATOR, TODAY)
    assert project.stage is Stage.PILOT
    assert project.stage_history[-1].overridden == ()


@pytest.mark.parametrize(
    ("reached", "missing"),
    [
        ((), (("PILOT-01",), ("PILOT-02",))),
        (("PILOT-01",), (("PILOT-02",),)),
        (("PILOT-02",), (("PILOT-01",),)),
    ],
)
def test_advance_stage_pilot_gate_missing_raises_gate_not_met(
    project: MicroProject, reached: tuple[str, ...], missing: tuple[tuple[str, ...], ...]
) -> None:
    advance_to(project, Stage.PILOT)
    reach(project, *reached)
    with pytest.raises(GateNotMet) as raised:
        project.advance_stage(Stage.INDEPENDENCE, "ready", COORDINATOR, TODAY)
    assert raised.value.gate == "pilot→independence"
    assert raised.value.missing == missing
    assert project.stage is Stage.PILOT


def test_advance_stage_all_gates_met_reaches_independence(project: MicroProject) -> None:
    advance_to(project, Stage.INDEPENDENCE)
    assert project.stage is Stage.INDEPENDENCE
    assert [(c.from_stage, c.to_stage, c.kind) for c in project.stage_history] == [
        (None, Stage.IDEA, "proposed"),
        (Stage.IDEA, Stage.CO_CREATION, "advanced"),
        (Stage.CO_CREATION, Stage.PILOT, "advanced"),
        (Stage.PILOT, Stage.INDEPENDENCE, "advanced"),
    ]


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Stage.IDEA, Stage.PILOT),
        (Stage.IDEA, Stage.INDEPENDENCE),
        (Stage.CO_CREATION, Stage.INDEPENDENCE),
    ],
)
def test_advance_stage_skipping_a_stage_raises_invalid_transition(
    project: MicroProject, start: Stage, target: Stage
) -> None:
    advance_to(project, start)
    reach(
        project,
        *(
            m
            for m in ("CONC-01", "PLAN-01", "PILOT-01", "PILOT-02")
            if m not in project.reached_milestones
        ),
    )
    with pytest.raises(InvalidTransition):
        project.advance_stage(target, "in a hurry", COORDINATOR, TODAY, override="urgent")
    assert project.stage is start


@pytest.mark.parametrize("target", list(Stage))
def test_advance_stage_past_independence_raises_invalid_transition(
    project: MicroProject, target: Stage
) -> None:
    advance_to(project, Stage.INDEPENDENCE)
    with pytest.raises(InvalidTransition):
        project.advance_stage(target, "further", COORDINATOR, TODAY, override="because")
    assert project.stage is Stage.INDEPENDENCE


@pytest.mark.parametrize("target", [Stage.IDEA, Stage.CO_CREATION])
def test_advance_stage_to_current_or_earlier_stage_raises_invalid_transition(
    project: MicroProject, target: Stage
) -> None:
    advance_to(project, Stage.CO_CREATION)
    with pytest.raises(InvalidTransition):
        project.advance_stage(target, "back", COORDINATOR, TODAY)


def test_advance_stage_override_records_justification_and_waived_groups(
    project: MicroProject,
) -> None:
    advance_to(project, Stage.CO_CREATION)
    project.collect_events()
    project.advance_stage(
        Stage.PILOT,
        "pilot starts in summer",
        COORDINATOR,
        TODAY,
        override="  plan agreed orally with the mayor ",
    )
    assert project.stage is Stage.PILOT
    change = project.stage_history[-1]
    assert change.kind == "advanced"
    assert change.override == "plan agreed orally with the mayor"
    assert change.overridden == ("CONC-01 or CONC-02", "PLAN-01")
    assert change.actor == COORDINATOR
    (advanced,) = project.collect_events()
    assert advanced.override == "plan agreed orally with the mayor"
    assert advanced.overridden == ["CONC-01 or CONC-02", "PLAN-01"]


def test_advance_stage_override_of_partly_met_gate_lists_only_missing(
    project: MicroProject,
) -> None:
    reach(project, "NEED-01")
    project.advance_stage(
        Stage.CO_CREATION, "ready", COORDINATOR, TODAY, override="group meets from next week"
    )
    assert project.stage_history[-1].overridden == ("TEAM-01",)


@pytest.mark.parametrize("override", ["", "   ", "\n"])
def test_advance_stage_blank_override_raises_gate_not_met(
    project: MicroProject, override: str
) -> None:
    with pytest.raises(GateNotMet) as raised:
        project.advance_stage(Stage.CO_CREATION, "ready", COORDINATOR, TODAY, override=override)
    assert raised.value.missing == (("NEED-01",), ("TEAM-01",))
    assert project.stage is Stage.IDEA


def test_advance_stage_gate_met_with_override_waives_nothing(project: MicroProject) -> None:
    reach(project, "NEED-01", "TEAM-01")
    project.advance_stage(Stage.CO_CREATION, "ready", COORDINATOR, TODAY, override="not needed")
    assert project.stage_history[-1].overridden == ()


# --------------------------------------------------------------------------- revert_stage


def test_revert_stage_one_step_back_moves_back_with_reason(project: MicroProject) -> None:
    advance_to(project, Stage.PILOT)
    project.collect_events()
    project.revert_stage(
        Stage.CO_CREATION, " pilot failed: no venue ", COORDINATOR, TODAY, decided_on=YESTERDAY
    )
    assert project.stage is Stage.CO_CREATION
    assert project.stage_history[-1] == StageChange(
        Stage.PILOT,
        Stage.CO_CREATION,
        YESTERDAY,
        "pilot failed: no venue",
        COORDINATOR,
        "reverted",
    )
    (reverted,) = project.collect_events()
    assert isinstance(reverted, MicroProject.StageReverted)
    assert reverted.reason == "pilot failed: no venue"
    assert reverted.occurred_on == YESTERDAY
    assert reverted.actor == COORDINATOR


def test_revert_stage_at_idea_raises_invalid_transition(project: MicroProject) -> None:
    for target in Stage:
        with pytest.raises(InvalidTransition):
            project.revert_stage(target, "back", COORDINATOR, TODAY)
    assert project.stage is Stage.IDEA


@pytest.mark.parametrize("target", [Stage.IDEA, Stage.PILOT, Stage.INDEPENDENCE])
def test_revert_stage_other_than_one_step_back_raises_invalid_transition(
    project: MicroProject, target: Stage
) -> None:
    advance_to(project, Stage.PILOT)
    with pytest.raises(InvalidTransition):
        project.revert_stage(target, "back", COORDINATOR, TODAY)
    assert project.stage is Stage.PILOT


def test_revert_stage_blank_reason_raises_implausible_value(project: MicroProject) -> None:
    advance_to(project, Stage.CO_CREATION)
    with pytest.raises(ImplausibleValue) as raised:
        project.revert_stage(Stage.IDEA, " ", COORDINATOR, TODAY)
    assert raised.value.field == "reason"


def test_revert_stage_future_decided_on_raises_implausible_value(project: MicroProject) -> None:
    advance_to(project, Stage.CO_CREATION)
    with pytest.raises(ImplausibleValue) as raised:
        project.revert_stage(Stage.IDEA, "back", COORDINATOR, TODAY, decided_on=TOMORROW)
    assert raised.value.field == "decided_on"


def test_advance_stage_after_revert_checks_gate_again(project: MicroProject) -> None:
    advance_to(project, Stage.PILOT)
    project.revert_stage(Stage.CO_CREATION, "pilot failed", COORDINATOR, TODAY)
    project.revoke_milestone("PLAN-01", "new plan needed", COORDINATOR)
    with pytest.raises(GateNotMet) as raised:
        project.advance_stage(Stage.PILOT, "second try", COORDINATOR, TODAY)
    assert raised.value.missing == (("PLAN-01",),)
