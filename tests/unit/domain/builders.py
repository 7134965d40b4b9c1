"""Builders shared by the domain unit tests: fixed dates, ids and small scripted histories
(tests/unit/domain/conftest.py serves two of them as the `project` and `full_history` fixtures).

Every date is fixed (TODAY / NOW are passed to the commands), so no test reads the real clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.network import LocalNetwork
from domain.project import MicroProject
from domain.sessions import FollowUp, HeadCount, SessionDetails
from domain.values import (
    EmpowermentTool,
    Evidence,
    Outcome,
    ParticipationLevel,
    SessionMode,
    SessionType,
    Stage,
    TargetGroup,
    TeamRole,
)

TODAY = date(2021, 6, 30)
NOW = datetime(2021, 6, 30, 12, tzinfo=UTC)
YESTERDAY = TODAY - timedelta(days=1)
TOMORROW = TODAY + timedelta(days=1)
PROPOSED_ON = date(2019, 10, 1)

# Actors are account ids, never names.
COACH = "coach-0001"
COORDINATOR = "coordinator-0001"

PROJECT_ID = UUID("00000000-0000-4000-8000-000000000001")
NETWORK_ID = UUID("00000000-0000-4000-8000-000000000002")
COACH_ID = UUID("00000000-0000-4000-8000-0000000000c1")
OTHER_COACH_ID = UUID("00000000-0000-4000-8000-0000000000c2")
USER_ID = UUID("00000000-0000-4000-8000-0000000000a1")
PROVIDER_ID = UUID("00000000-0000-4000-8000-0000000000a2")
VOLUNTEER_ID = UUID("00000000-0000-4000-8000-0000000000a3")
NEED_ID = UUID("00000000-0000-4000-8000-0000000000d1")
SESSION_ID = UUID("00000000-0000-4000-8000-0000000000e1")
OTHER_SESSION_ID = UUID("00000000-0000-4000-8000-0000000000e2")
PROGRAMME_ID = UUID("00000000-0000-4000-8000-0000000000f1")

SESSION_START = datetime(2021, 6, 1, 10, tzinfo=UTC)

# The milestones each forward move needs (the first alternative where there is a choice).
GATE_MILESTONES: dict[Stage, tuple[str, ...]] = {
    Stage.CO_CREATION: ("NEED-01", "TEAM-01"),
    Stage.PILOT: ("CONC-01", "PLAN-01"),
    Stage.INDEPENDENCE: ("PILOT-01", "PILOT-02"),
}
INDEPENDENCE_CLOSURE_MILESTONES = ("ORG-02", "GOV-01", "FIN-01", "FIN-03")


def propose_alldi(**overrides: Any) -> MicroProject:
    arguments: dict[str, Any] = {
        "id": PROJECT_ID,
        "title": "AllDi",
        "network_id": NETWORK_ID,
        "target_group": TargetGroup.SINGLE_PARENTS,
        "summary": "Website and sponsoring circle for single parents in Dithmarschen",
        "actor": COORDINATOR,
        "proposed_on": PROPOSED_ON,
        "today": TODAY,
    }
    arguments.update(overrides)
    return MicroProject.propose(**arguments)


def register_dithmarschen(**overrides: Any) -> LocalNetwork:
    arguments: dict[str, Any] = {
        "id": NETWORK_ID,
        "name": "LEN Dithmarschen",
        "country": "DE",
        "region": "Dithmarschen",
        "target_group": TargetGroup.SINGLE_PARENTS,
        "institutions": ["Municipality of Heide", "Family centre"],
        "coordinator_id": None,
        "actor": COORDINATOR,
        "today": TODAY,
    }
    arguments.update(overrides)
    return LocalNetwork.register(**arguments)


def details(**overrides: Any) -> SessionDetails:
    """A plausible coaching session held on SESSION_START; any field can be overridden."""
    fields: dict[str, Any] = {
        "session_type": SessionType.COACHING,
        "started_at": SESSION_START,
        "duration_minutes": 90,
        "mode": SessionMode.ON_SITE,
        "coach_ids": (COACH_ID,),
        "participation_level": ParticipationLevel.ENGAGED,
        "summary": "Planned the sponsoring circle",
    }
    fields.update(overrides)
    return SessionDetails(**fields)


def evidence(note: str = "minutes of the meeting") -> Evidence:
    return Evidence(note=note)


def reach(project: MicroProject, *milestone_ids: str, on: date = YESTERDAY) -> None:
    for milestone_id in milestone_ids:
        project.reach_milestone(milestone_id, on, evidence(), COACH, TODAY)


# Gate decisions of `advance_to` are dated early, so later decisions may be dated any day after.
STAGE_DECIDED_ON = date(2021, 1, 15)


def advance_to(project: MicroProject, stage: Stage) -> None:
    """Reaches the gate milestones of every move up to `stage` and makes those moves."""
    while project.stage.index < stage.index:
        to = Stage(tuple(Stage)[project.stage.index + 1])
        reach(project, *(m for m in GATE_MILESTONES[to] if m not in project.reached_milestones))
        project.advance_stage(
            to, f"ready for {to.value}", COORDINATOR, TODAY, decided_on=STAGE_DECIDED_ON
        )


REVIEW = UUID("00000000-0000-4000-8000-00000000a001")
DECLINED_REVIEW = UUID("00000000-0000-4000-8000-00000000a002")


def script_full_history(project: MicroProject) -> None:
    """A long history touching every command: corrections, withdrawals, revocations,
    overrides, a revert, a pause and a closure."""
    project.record_need(
        NEED_ID,
        "Childcare during evening shifts",
        EmpowermentTool.NEEDS_WORKSHOP,
        date(2019, 11, 5),
        COACH,
        TODAY,
    )
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, date(2019, 11, 5), COACH, TODAY)
    project.add_team_member(PROVIDER_ID, TeamRole.PROVIDER, date(2019, 11, 5), COACH, TODAY)
    project.add_team_member(VOLUNTEER_ID, TeamRole.VOLUNTEER, date(2019, 12, 1), COACH, TODAY)
    project.remove_team_member(VOLUNTEER_ID, "moved away", date(2020, 3, 1), COACH, TODAY)
    project.assign_coach(COACH_ID, COORDINATOR)
    project.assign_coach(OTHER_COACH_ID, COORDINATOR)
    project.release_coach(OTHER_COACH_ID, "parental leave", COORDINATOR)
    project.log_session(
        SESSION_ID,
        details(
            session_type=SessionType.NEEDS_WORKSHOP,
            started_at=datetime(2019, 11, 5, 17, tzinfo=timezone(timedelta(hours=1))),
            participant_ids=(USER_ID, PROVIDER_ID),
            anonymous_participants=(HeadCount(TeamRole.SERVICE_USER, 4),),
            topics=("childcare", "evening shifts"),
            milestone_ids=("NEED-01",),
            tools=(EmpowermentTool.NEEDS_WORKSHOP,),
            follow_ups=(FollowUp("ask the day-care centre", date(2019, 11, 20), PROVIDER_ID),),
        ),
        COACH,
        NOW,
    )
    project.log_session(OTHER_SESSION_ID, details(), COACH, NOW)
    project.correct_session(
        SESSION_ID, {"duration_minutes": 120, "summary": "Needs workshop"}, "typo", COACH, NOW
    )
    project.correct_session(
        SESSION_ID,
        {"participation_level": ParticipationLevel.CO_DESIGNING},
        "users designed the agenda",
        COACH,
        NOW,
    )
    project.withdraw_session(OTHER_SESSION_ID, "logged on the wrong project", COACH)
    reach(project, "NEED-01", "TEAM-01")
    project.request_gate_review(DECLINED_REVIEW, Stage.CO_CREATION, "group meets", COACH, TODAY)
    project.decline_gate_review(DECLINED_REVIEW, "needs not assessed yet", COORDINATOR, TODAY)
    project.request_gate_review(
        REVIEW, Stage.CO_CREATION, "needs assessed, group meets", COACH, TODAY
    )
    project.advance_stage(
        Stage.CO_CREATION, "needs and team in place", COORDINATOR, TODAY, review_id=REVIEW
    )
    reach(project, "CONC-02", "PLAN-01")
    project.revoke_milestone("PLAN-01", "plan not signed yet", COORDINATOR)
    project.advance_stage(
        Stage.PILOT,
        "pilot starts with the summer holidays",
        COORDINATOR,
        TODAY,
        override="plan agreed orally with the municipality",
    )
    reach(project, "PLAN-01")
    project.pause("coach on sick leave", COORDINATOR, TODAY)
    project.resume("coach back", COORDINATOR, TODAY)
    project.revert_stage(Stage.CO_CREATION, "pilot failed: no venue", COORDINATOR, TODAY)
    project.advance_stage(Stage.PILOT, "venue found", COORDINATOR, TODAY)
    project.select_for_accelerator("Accelerators 2020", date(2020, 9, 1), COORDINATOR, TODAY)
    project.enrol(PROGRAMME_ID, date(2020, 9, 1), (date(2019, 1, 1), TODAY), COORDINATOR, TODAY)
    project.assess_participation(
        ParticipationLevel.CO_DESIGNING,
        ParticipationLevel.CO_PRODUCING,
        "the group plans the pilot itself",
        date(2020, 9, 15),
        COACH,
        TODAY,
    )
    reach(project, "PILOT-01", "PILOT-02")
    project.advance_stage(Stage.INDEPENDENCE, "delivering every week", COORDINATOR, TODAY)
    reach(project, "ORG-02", "GOV-01", "FIN-01")
    project.close(
        Outcome.INDEPENDENT,
        "registered association runs the service",
        COORDINATOR,
        TODAY,
        override="second income source signed, starts next month",
    )
    project.redact(5, "/reason", "a family's name was typed into the reason", COORDINATOR, TODAY)


def state(aggregate: Aggregate) -> dict[str, Any]:
    """An aggregate's attributes, without the events still pending."""
    attributes = dict(vars(aggregate))
    attributes.pop("_pending_events", None)
    return attributes


def event_names(events: Sequence[object]) -> list[str]:
    return [type(e).__name__ for e in events]
