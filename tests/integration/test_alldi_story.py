"""AllDi (single parents, Dithmarschen DE): from idea to an `independent` closure, every gate.

The same story runs on popo, a SQLite file and PostgreSQL; at each gate the move is first refused
with the missing milestones named, then allowed once they are reached.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.commands import (
    AddTeamMember,
    AssignCoach,
    ChangeStage,
    Close,
    Pause,
    ReachMilestone,
    RecordNeed,
    SelectForAccelerator,
)
from app.incubator import Incubator
from domain.errors import GateNotMet, ProjectClosed
from domain.sessions import FollowUp, HeadCount, SessionDetails
from domain.values import (
    EmpowermentTool,
    Evidence,
    Outcome,
    ParticipationLevel,
    PersonRole,
    SessionMode,
    SessionType,
    Stage,
    Status,
    TargetGroup,
    TeamRole,
)
from tests.integration.helpers import log_session


def test_alldi_walks_from_idea_to_independent_closure_through_every_gate(
    incubator: Incubator,
) -> None:
    coordinator = incubator.register_person(
        display_name="Kreis coordinator", role=PersonRole.COORDINATOR
    )
    coach = incubator.register_person(display_name="Coach", role=PersonRole.COACH)
    parent = incubator.register_person(display_name="A single parent", role=PersonRole.SERVICE_USER)
    network = incubator.register_network(
        name="LEN Dithmarschen",
        country="DE",
        region="Dithmarschen",
        target_group=TargetGroup.SINGLE_PARENTS,
        institutions=["Kreis Dithmarschen", "Diakonie", "Stadtbücherei Heide"],
        coordinator_id=coordinator.id,
        actor=str(coordinator.id),
    )
    by = str(coordinator.id)
    alldi = incubator.propose_project(
        title="AllDi",
        network_id=network.id,
        target_group=TargetGroup.SINGLE_PARENTS,
        summary="Single parents in Dithmarschen help each other: website, sponsoring circle.",
        actor=by,
        proposed_on=date(2017, 2, 1),
    ).id
    incubator.execute(alldi, AssignCoach(coach_id=coach.id), actor=by)
    incubator.execute(
        alldi,
        AddTeamMember(person_id=parent.id, role=TeamRole.SERVICE_USER, joined_on=date(2017, 2, 1)),
        actor=by,
    )
    incubator.execute(
        alldi,
        RecordNeed(
            description="Childcare during evening shifts",
            tool=EmpowermentTool.NEEDS_WORKSHOP,
            identified_on=date(2017, 3, 2),
        ),
        actor=str(coach.id),
    )
    log_session(
        incubator,
        alldi,
        details=SessionDetails(
            session_type=SessionType.NEEDS_WORKSHOP,
            started_at=datetime(2017, 3, 2, 17, 0, tzinfo=UTC),
            duration_minutes=120,
            mode=SessionMode.ON_SITE,
            coach_ids=(coach.id,),
            participation_level=ParticipationLevel.CONSULTED,
            participant_ids=(parent.id,),
            anonymous_participants=(HeadCount(TeamRole.SERVICE_USER, 6),),
            milestone_ids=("NEED-01",),
            tools=(EmpowermentTool.NEEDS_WORKSHOP,),
            follow_ups=(FollowUp("draft the website plan", date(2017, 3, 16), parent.id),),
        ),
        actor=str(coach.id),
    )

    def reach(*ids: str) -> None:
        for milestone_id in ids:
            incubator.execute(
                alldi,
                ReachMilestone(
                    milestone_id=milestone_id,
                    reached_on=date(2018, 1, 15),
                    evidence=Evidence("minutes of the meeting", ("https://alldi.example/minutes",)),
                ),
                actor=str(coach.id),
            )

    gates = [
        (Stage.CO_CREATION, ("NEED-01", "TEAM-01"), date(2018, 2, 1)),
        (Stage.PILOT, ("CONC-01", "PLAN-01"), date(2018, 9, 3)),
        (Stage.INDEPENDENCE, ("PILOT-01", "PILOT-02"), date(2019, 9, 2)),
    ]
    for to, required, decided_on in gates:
        with pytest.raises(GateNotMet) as refused:
            incubator.execute(alldi, ChangeStage(to=to, rationale="try early"), actor=by)
        assert {m for group in refused.value.missing for m in group} >= {required[-1]}
        reach(*required)
        incubator.execute(
            alldi,
            ChangeStage(to=to, rationale="gate review passed", decided_on=decided_on),
            actor=by,
        )
        assert incubator.get_project(alldi).stage is to

    with pytest.raises(GateNotMet) as refused:
        incubator.execute(alldi, Close(outcome=Outcome.INDEPENDENT, rationale="early"), actor=by)
    assert refused.value.missing == (("ORG-02",), ("GOV-01",), ("FIN-01",), ("FIN-03",))
    reach("ORG-02", "GOV-01", "FIN-01", "FIN-03")
    incubator.execute(
        alldi,
        SelectForAccelerator(cohort="Accelerators 2019", selected_on=date(2019, 10, 1)),
        actor=by,
    )
    closed = incubator.execute(
        alldi,
        Close(
            outcome=Outcome.INDEPENDENT,
            rationale="Registered association with its own sponsoring circle",
            closed_on=date(2021, 6, 30),
        ),
        actor=by,
    )

    state = incubator.get_project(alldi)
    assert state.status is Status.CLOSED
    assert state.outcome is Outcome.INDEPENDENT
    assert state.version == closed.version
    assert [c.to_stage for c in state.stage_history] == [
        Stage.IDEA,
        Stage.CO_CREATION,
        Stage.PILOT,
        Stage.INDEPENDENCE,
    ]
    assert all(c.override == "" for c in state.stage_history)
    assert state.reached_milestones >= {"NEED-01", "TEAM-01", "PILOT-02", "FIN-03"}
    with pytest.raises(ProjectClosed):
        incubator.execute(alldi, Pause(reason="after closure"), actor=by)
    assert incubator.get_project(alldi).version == closed.version
