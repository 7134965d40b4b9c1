"""MicroProject: proposing a project, its needs, its team and its coaches (docs/DOMAIN.md)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.errors import (
    AlreadyRecorded,
    ImplausibleValue,
    InvalidTransition,
    TeamMemberNotFound,
)
from domain.project import MicroProject
from domain.values import (
    EmpowermentTool,
    Need,
    Stage,
    StageChange,
    Status,
    TargetGroup,
    TeamMember,
    TeamRole,
)
from tests.unit.domain.builders import (
    COACH,
    COACH_ID,
    COORDINATOR,
    NEED_ID,
    NETWORK_ID,
    OTHER_COACH_ID,
    PROJECT_ID,
    PROPOSED_ON,
    PROVIDER_ID,
    TODAY,
    TOMORROW,
    USER_ID,
    YESTERDAY,
    propose_alldi,
)

# --------------------------------------------------------------------------- propose


def test_propose_valid_input_starts_active_at_idea() -> None:
    project = propose_alldi()
    assert project.id == PROJECT_ID
    assert project.version == 1
    assert project.title == "AllDi"
    assert project.network_id == NETWORK_ID
    assert project.target_group is TargetGroup.SINGLE_PARENTS
    assert project.proposed_by == COORDINATOR
    assert project.proposed_on == PROPOSED_ON
    assert project.stage is Stage.IDEA
    assert project.status is Status.ACTIVE
    assert project.outcome is None
    assert not project.is_closed
    assert project.team == {}
    assert project.coaches == []
    assert project.needs == []
    assert project.sessions == {}
    assert project.milestones == {}
    assert project.reached_milestones == frozenset()
    assert project.accelerator is None


def test_propose_valid_input_opens_stage_history_with_proposal() -> None:
    project = propose_alldi(summary="Sponsoring circle")
    assert project.stage_history == [
        StageChange(None, Stage.IDEA, PROPOSED_ON, "Sponsoring circle", COORDINATOR, "proposed")
    ]


def test_propose_padded_texts_are_stripped() -> None:
    project = propose_alldi(title="  AllDi \n", summary="\t Sponsoring circle  ")
    assert project.title == "AllDi"
    assert project.summary == "Sponsoring circle"
    (proposed,) = project.collect_events()
    assert proposed.title == "AllDi"
    assert proposed.summary == "Sponsoring circle"


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_propose_empty_title_raises_implausible_value(title: str) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        propose_alldi(title=title)
    assert raised.value.field == "title"


def test_propose_title_over_200_characters_raises_implausible_value() -> None:
    propose_alldi(title="x" * 200)
    with pytest.raises(ImplausibleValue) as raised:
        propose_alldi(title="x" * 201)
    assert raised.value.field == "title"


def test_propose_empty_summary_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        propose_alldi(summary="  ")
    assert raised.value.field == "summary"


def test_propose_future_proposed_on_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        propose_alldi(proposed_on=TOMORROW)
    assert raised.value.field == "proposed_on"


def test_propose_proposed_on_before_2000_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        propose_alldi(proposed_on=date(1999, 12, 31))
    assert raised.value.field == "proposed_on"


def test_propose_proposed_today_is_accepted() -> None:
    assert propose_alldi(proposed_on=TODAY).proposed_on == TODAY


def test_propose_event_carries_actor_and_occurred_on() -> None:
    (proposed,) = propose_alldi().collect_events()
    assert isinstance(proposed, MicroProject.Proposed)
    assert proposed.actor == COORDINATOR
    assert proposed.occurred_on == PROPOSED_ON


# --------------------------------------------------------------------------- needs


def test_record_need_valid_input_appends_need(project: MicroProject) -> None:
    project.record_need(
        NEED_ID,
        "  Childcare in the evening ",
        EmpowermentTool.NEEDS_WORKSHOP,
        YESTERDAY,
        COACH,
        TODAY,
    )
    assert project.needs == [
        Need(NEED_ID, "Childcare in the evening", EmpowermentTool.NEEDS_WORKSHOP, YESTERDAY, COACH)
    ]
    (recorded,) = project.collect_events()
    assert isinstance(recorded, MicroProject.NeedRecorded)
    assert recorded.occurred_on == YESTERDAY
    assert recorded.actor == COACH


def test_record_need_empty_description_raises_implausible_value(project: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.record_need(NEED_ID, " ", EmpowermentTool.OTHER, YESTERDAY, COACH, TODAY)
    assert raised.value.field == "description"


def test_record_need_future_identified_on_raises_implausible_value(
    project: MicroProject,
) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.record_need(NEED_ID, "Childcare", EmpowermentTool.OTHER, TOMORROW, COACH, TODAY)
    assert raised.value.field == "identified_on"
    assert project.needs == []


# --------------------------------------------------------------------------- team


def test_add_team_member_new_person_joins_team(project: MicroProject) -> None:
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, YESTERDAY, COACH, TODAY)
    assert project.team == {str(USER_ID): TeamMember(USER_ID, TeamRole.SERVICE_USER, YESTERDAY)}
    (added,) = project.collect_events()
    assert isinstance(added, MicroProject.TeamMemberAdded)
    assert added.person_id == USER_ID
    assert added.occurred_on == YESTERDAY


def test_add_team_member_twice_raises_already_recorded(project: MicroProject) -> None:
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, YESTERDAY, COACH, TODAY)
    with pytest.raises(AlreadyRecorded):
        project.add_team_member(USER_ID, TeamRole.PROVIDER, TODAY, COACH, TODAY)
    assert project.team[str(USER_ID)].role is TeamRole.SERVICE_USER


def test_add_team_member_future_joined_on_raises_implausible_value(
    project: MicroProject,
) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.add_team_member(USER_ID, TeamRole.SERVICE_USER, TOMORROW, COACH, TODAY)
    assert raised.value.field == "joined_on"


def test_remove_team_member_member_leaves_team(project: MicroProject) -> None:
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, date(2021, 1, 1), COACH, TODAY)
    project.add_team_member(PROVIDER_ID, TeamRole.PROVIDER, date(2021, 1, 1), COACH, TODAY)
    project.collect_events()
    project.remove_team_member(USER_ID, " moved away ", YESTERDAY, COACH, TODAY)
    assert list(project.team) == [str(PROVIDER_ID)]
    (removed,) = project.collect_events()
    assert isinstance(removed, MicroProject.TeamMemberRemoved)
    assert removed.reason == "moved away"
    assert removed.occurred_on == YESTERDAY


def test_remove_team_member_unknown_person_raises_team_member_not_found(
    project: MicroProject,
) -> None:
    with pytest.raises(TeamMemberNotFound) as raised:
        project.remove_team_member(USER_ID, "moved away", YESTERDAY, COACH, TODAY)
    assert raised.value.identifier == str(USER_ID)


def test_remove_team_member_left_before_joined_raises_implausible_value(
    project: MicroProject,
) -> None:
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, YESTERDAY, COACH, TODAY)
    with pytest.raises(ImplausibleValue) as raised:
        project.remove_team_member(USER_ID, "moved", YESTERDAY - timedelta(days=1), COACH, TODAY)
    assert raised.value.field == "left_on"
    assert str(USER_ID) in project.team


def test_remove_team_member_left_on_day_joined_is_accepted(project: MicroProject) -> None:
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, YESTERDAY, COACH, TODAY)
    project.remove_team_member(USER_ID, "changed their mind", YESTERDAY, COACH, TODAY)
    assert project.team == {}


def test_remove_team_member_future_left_on_raises_implausible_value(
    project: MicroProject,
) -> None:
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, YESTERDAY, COACH, TODAY)
    with pytest.raises(ImplausibleValue) as raised:
        project.remove_team_member(USER_ID, "moving", TOMORROW, COACH, TODAY)
    assert raised.value.field == "left_on"


def test_remove_team_member_blank_reason_raises_implausible_value(project: MicroProject) -> None:
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, YESTERDAY, COACH, TODAY)
    with pytest.raises(ImplausibleValue) as raised:
        project.remove_team_member(USER_ID, " ", TODAY, COACH, TODAY)
    assert raised.value.field == "reason"


def test_add_team_member_after_removal_rejoins(project: MicroProject) -> None:
    project.add_team_member(USER_ID, TeamRole.SERVICE_USER, date(2021, 1, 1), COACH, TODAY)
    project.remove_team_member(USER_ID, "moved away", date(2021, 2, 1), COACH, TODAY)
    project.add_team_member(USER_ID, TeamRole.VOLUNTEER, date(2021, 5, 1), COACH, TODAY)
    assert project.team[str(USER_ID)] == TeamMember(USER_ID, TeamRole.VOLUNTEER, date(2021, 5, 1))


# --------------------------------------------------------------------------- coaches


def test_assign_coach_new_coach_is_assigned(project: MicroProject) -> None:
    project.assign_coach(COACH_ID, COORDINATOR)
    assert project.coaches == [COACH_ID]
    (assigned,) = project.collect_events()
    assert isinstance(assigned, MicroProject.CoachAssigned)
    assert assigned.actor == COORDINATOR


def test_assign_coach_twice_raises_already_recorded(project: MicroProject) -> None:
    project.assign_coach(COACH_ID, COORDINATOR)
    with pytest.raises(AlreadyRecorded):
        project.assign_coach(COACH_ID, COORDINATOR)
    assert project.coaches == [COACH_ID]


def test_release_coach_assigned_coach_is_released(project: MicroProject) -> None:
    project.assign_coach(COACH_ID, COORDINATOR)
    project.assign_coach(OTHER_COACH_ID, COORDINATOR)
    project.release_coach(COACH_ID, "parental leave", COORDINATOR)
    assert project.coaches == [OTHER_COACH_ID]


def test_release_coach_not_assigned_raises_invalid_transition(project: MicroProject) -> None:
    with pytest.raises(InvalidTransition):
        project.release_coach(COACH_ID, "parental leave", COORDINATOR)


def test_release_coach_blank_reason_raises_implausible_value(project: MicroProject) -> None:
    project.assign_coach(COACH_ID, COORDINATOR)
    with pytest.raises(ImplausibleValue) as raised:
        project.release_coach(COACH_ID, "", COORDINATOR)
    assert raised.value.field == "reason"
    assert project.coaches == [COACH_ID]


def test_assign_coach_after_release_assigns_again(project: MicroProject) -> None:
    project.assign_coach(COACH_ID, COORDINATOR)
    project.release_coach(COACH_ID, "parental leave", COORDINATOR)
    project.assign_coach(COACH_ID, COORDINATOR)
    assert project.coaches == [COACH_ID]
