"""MicroProject: every command and every invariant of docs/DOMAIN.md."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
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
    SessionAlreadyWithdrawn,
    SessionNotFound,
    TeamMemberNotFound,
    UnknownMilestone,
)
from domain.project import MicroProject, SessionRecord
from domain.sessions import MAX_SESSION_MINUTES, FollowUp, HeadCount
from domain.values import (
    AcceleratorSelection,
    EmpowermentTool,
    Evidence,
    MilestoneRecord,
    Need,
    Outcome,
    ParticipationLevel,
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
    INDEPENDENCE_CLOSURE_MILESTONES,
    NEED_ID,
    NETWORK_ID,
    NOW,
    OTHER_COACH_ID,
    OTHER_SESSION_ID,
    PROGRAMME_ID,
    PROJECT_ID,
    PROPOSED_ON,
    PROVIDER_ID,
    SESSION_ID,
    SESSION_START,
    TODAY,
    TOMORROW,
    USER_ID,
    YESTERDAY,
    advance_to,
    details,
    event_names,
    evidence,
    propose_alldi,
    reach,
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


# --------------------------------------------------------------------------- sessions: log


def test_log_session_valid_details_records_session(project: MicroProject) -> None:
    logged_details = details()
    project.log_session(SESSION_ID, logged_details, COACH, NOW)
    assert project.sessions == {str(SESSION_ID): SessionRecord(SESSION_ID, logged_details, COACH)}
    (logged,) = project.collect_events()
    assert isinstance(logged, MicroProject.SessionLogged)
    assert logged.details == logged_details
    assert logged.actor == COACH
    assert logged.occurred_on == SESSION_START.date()


def test_log_session_occurred_on_is_the_local_start_date(project: MicroProject) -> None:
    riga = timezone(timedelta(hours=3))
    started = datetime(2021, 6, 2, 1, 30, tzinfo=riga)  # 1 June 22:30 UTC
    project.log_session(SESSION_ID, details(started_at=started), COACH, NOW)
    (logged,) = project.collect_events()
    assert logged.occurred_on == date(2021, 6, 2)


def test_log_session_full_details_kept_as_given(project: MicroProject) -> None:
    full = details(
        participant_ids=[USER_ID, PROVIDER_ID],
        anonymous_participants=[HeadCount(TeamRole.SERVICE_USER, 3)],
        topics=["sponsoring"],
        milestone_ids=["NEED-01", "TEAM-01"],
        tools=[EmpowermentTool.SOCIAL_BUSINESS_MODEL_CANVAS],
        follow_ups=[FollowUp("call the mayor", SESSION_START.date(), USER_ID)],
    )
    project.log_session(SESSION_ID, full, COACH, NOW)
    stored = project.sessions[str(SESSION_ID)].details
    assert stored.participant_ids == (USER_ID, PROVIDER_ID)
    assert stored.milestone_ids == ("NEED-01", "TEAM-01")
    assert stored.follow_ups == (FollowUp("call the mayor", SESSION_START.date(), USER_ID),)


def test_log_session_same_id_twice_raises_already_recorded(project: MicroProject) -> None:
    project.log_session(SESSION_ID, details(), COACH, NOW)
    with pytest.raises(AlreadyRecorded):
        project.log_session(SESSION_ID, details(duration_minutes=30), COACH, NOW)
    assert project.sessions[str(SESSION_ID)].details.duration_minutes == 90


def test_log_session_in_the_future_raises_implausible_value(project: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.log_session(SESSION_ID, details(started_at=NOW + timedelta(minutes=1)), COACH, NOW)
    assert raised.value.field == "started_at"
    assert project.sessions == {}


def test_log_session_starting_now_is_accepted(project: MicroProject) -> None:
    project.log_session(SESSION_ID, details(started_at=NOW), COACH, NOW)
    assert str(SESSION_ID) in project.sessions


def test_log_session_before_2000_raises_implausible_value(project: MicroProject) -> None:
    long_ago = datetime(1999, 12, 31, 10, tzinfo=UTC)
    with pytest.raises(ImplausibleValue) as raised:
        project.log_session(SESSION_ID, details(started_at=long_ago), COACH, NOW)
    assert raised.value.field == "started_at"


@pytest.mark.parametrize("minutes", [0, -30, MAX_SESSION_MINUTES + 1, 24 * 60])
def test_log_session_duration_out_of_range_raises_implausible_value(minutes: int) -> None:
    assert MAX_SESSION_MINUTES == 720
    with pytest.raises(ImplausibleValue) as raised:
        details(duration_minutes=minutes)
    assert raised.value.field == "duration_minutes"


@pytest.mark.parametrize("minutes", [1, MAX_SESSION_MINUTES])
def test_log_session_duration_at_the_bounds_is_accepted(
    project: MicroProject, minutes: int
) -> None:
    project.log_session(SESSION_ID, details(duration_minutes=minutes), COACH, NOW)
    assert project.sessions[str(SESSION_ID)].details.duration_minutes == minutes


def test_log_session_naive_datetime_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(started_at=datetime(2021, 6, 1, 10))
    assert raised.value.field == "started_at"


def test_log_session_unknown_milestone_raises_unknown_milestone() -> None:
    with pytest.raises(UnknownMilestone) as raised:
        details(milestone_ids=("NEED-01", "NEED-99"))
    assert raised.value.field == "milestone_ids"
    assert raised.value.milestone_id == "NEED-99"


def test_log_session_follow_up_due_before_session_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(follow_ups=(FollowUp("call back", SESSION_START.date() - timedelta(days=1)),))
    assert raised.value.field == "follow_ups.due_on"


def test_log_session_follow_up_blank_what_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(follow_ups=(FollowUp("  ", SESSION_START.date()),))
    assert raised.value.field == "follow_ups.what"


def test_log_session_no_coach_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(coach_ids=())
    assert raised.value.field == "coach_ids"


def test_log_session_coach_named_twice_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(coach_ids=(COACH_ID, COACH_ID))
    assert raised.value.field == "coach_ids"


def test_log_session_participant_named_twice_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        details(participant_ids=(USER_ID, USER_ID))
    assert raised.value.field == "participant_ids"


@pytest.mark.parametrize("count", [0, -1, 10_001])
def test_log_session_head_count_out_of_range_raises_implausible_value(count: int) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        HeadCount(TeamRole.SERVICE_USER, count)
    assert raised.value.field == "anonymous_participants"


def test_log_session_details_hours_and_end_follow_duration() -> None:
    logged = details(duration_minutes=90)
    assert logged.hours == 1.5
    assert logged.ended_at == SESSION_START + timedelta(minutes=90)


# --------------------------------------------------------------------------- sessions: correct


@pytest.fixture
def logged(project: MicroProject) -> MicroProject:
    """The project with SESSION_ID logged (events collected)."""
    project.log_session(SESSION_ID, details(), COACH, NOW)
    project.collect_events()
    return project


def test_correct_session_known_fields_replaces_them(logged: MicroProject) -> None:
    logged.correct_session(
        SESSION_ID,
        {"duration_minutes": 60, "participation_level": ParticipationLevel.CO_PRODUCING},
        " wrong duration ",
        COACH,
        NOW,
    )
    record = logged.sessions[str(SESSION_ID)]
    assert record.details == details(
        duration_minutes=60, participation_level=ParticipationLevel.CO_PRODUCING
    )
    assert record.corrections == 1
    assert record.logged_by == COACH
    (corrected,) = logged.collect_events()
    assert isinstance(corrected, MicroProject.SessionCorrected)
    assert corrected.session_id == SESSION_ID
    assert corrected.changes == {
        "duration_minutes": 60,
        "participation_level": ParticipationLevel.CO_PRODUCING,
    }
    assert corrected.reason == "wrong duration"
    assert corrected.actor == COACH


def test_correct_session_twice_counts_both_corrections(logged: MicroProject) -> None:
    logged.correct_session(SESSION_ID, {"summary": "first"}, "typo", COACH, NOW)
    logged.correct_session(SESSION_ID, {"topics": ("sponsoring",)}, "forgot", COACH, NOW)
    record = logged.sessions[str(SESSION_ID)]
    assert record.corrections == 2
    assert record.details.summary == "first"
    assert record.details.topics == ("sponsoring",)


def test_correct_session_caller_mutates_changes_afterwards_event_unchanged(
    logged: MicroProject,
) -> None:
    changes: dict[str, Any] = {"summary": "first"}
    logged.correct_session(SESSION_ID, changes, "typo", COACH, NOW)
    changes["summary"] = "tampered"
    (corrected,) = logged.collect_events()
    assert corrected.changes == {"summary": "first"}


def test_correct_session_unknown_session_raises_session_not_found(logged: MicroProject) -> None:
    with pytest.raises(SessionNotFound) as raised:
        logged.correct_session(OTHER_SESSION_ID, {"summary": "x"}, "typo", COACH, NOW)
    assert raised.value.identifier == str(OTHER_SESSION_ID)


def test_correct_session_withdrawn_session_raises_session_already_withdrawn(
    logged: MicroProject,
) -> None:
    logged.withdraw_session(SESSION_ID, "wrong project", COACH)
    with pytest.raises(SessionAlreadyWithdrawn) as raised:
        logged.correct_session(SESSION_ID, {"summary": "x"}, "typo", COACH, NOW)
    assert raised.value.session_id == str(SESSION_ID)


def test_correct_session_unknown_field_raises_invalid_input(logged: MicroProject) -> None:
    with pytest.raises(InvalidInput) as raised:
        logged.correct_session(SESSION_ID, {"venue": "town hall"}, "typo", COACH, NOW)
    assert raised.value.field == "changes"
    assert logged.sessions[str(SESSION_ID)].corrections == 0
    assert logged.collect_events() == []


def test_correct_session_empty_changes_raises_invalid_input(logged: MicroProject) -> None:
    with pytest.raises(InvalidInput) as raised:
        logged.correct_session(SESSION_ID, {}, "nothing", COACH, NOW)
    assert raised.value.field == "changes"


def test_correct_session_started_at_in_future_raises_implausible_value(
    logged: MicroProject,
) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        logged.correct_session(
            SESSION_ID, {"started_at": NOW + timedelta(hours=1)}, "wrong day", COACH, NOW
        )
    assert raised.value.field == "started_at"
    assert logged.sessions[str(SESSION_ID)].details.started_at == SESSION_START


def test_correct_session_started_at_in_past_is_accepted(logged: MicroProject) -> None:
    earlier = SESSION_START - timedelta(days=7)
    logged.correct_session(SESSION_ID, {"started_at": earlier}, "wrong week", COACH, NOW)
    assert logged.sessions[str(SESSION_ID)].details.started_at == earlier


def test_correct_session_zero_duration_raises_implausible_value(logged: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        logged.correct_session(SESSION_ID, {"duration_minutes": 0}, "typo", COACH, NOW)
    assert raised.value.field == "duration_minutes"


def test_correct_session_naive_started_at_raises_implausible_value(logged: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        logged.correct_session(
            SESSION_ID, {"started_at": datetime(2021, 6, 1, 9)}, "typo", COACH, NOW
        )
    assert raised.value.field == "started_at"


def test_correct_session_unknown_milestone_raises_unknown_milestone(logged: MicroProject) -> None:
    with pytest.raises(UnknownMilestone) as raised:
        logged.correct_session(SESSION_ID, {"milestone_ids": ("BOGUS",)}, "typo", COACH, NOW)
    assert raised.value.field == "milestone_ids"


def test_correct_session_start_moved_after_follow_up_due_raises_implausible_value(
    project: MicroProject,
) -> None:
    due = SESSION_START.date()
    project.log_session(SESSION_ID, details(follow_ups=(FollowUp("call back", due),)), COACH, NOW)
    with pytest.raises(ImplausibleValue) as raised:
        project.correct_session(
            SESSION_ID, {"started_at": SESSION_START + timedelta(days=2)}, "later", COACH, NOW
        )
    assert raised.value.field == "follow_ups.due_on"


def test_correct_session_blank_reason_raises_implausible_value(logged: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        logged.correct_session(SESSION_ID, {"summary": "x"}, "  ", COACH, NOW)
    assert raised.value.field == "reason"


# --------------------------------------------------------------------------- sessions: withdraw


def test_withdraw_session_logged_session_is_marked_withdrawn(logged: MicroProject) -> None:
    logged.withdraw_session(SESSION_ID, " logged twice ", COACH)
    record = logged.sessions[str(SESSION_ID)]
    assert record.withdrawn
    assert record.withdrawal_reason == "logged twice"
    assert record.details == details()
    (withdrawn,) = logged.collect_events()
    assert isinstance(withdrawn, MicroProject.SessionWithdrawn)
    assert withdrawn.session_id == SESSION_ID
    assert withdrawn.actor == COACH


def test_withdraw_session_twice_raises_session_already_withdrawn(logged: MicroProject) -> None:
    logged.withdraw_session(SESSION_ID, "logged twice", COACH)
    with pytest.raises(SessionAlreadyWithdrawn):
        logged.withdraw_session(SESSION_ID, "again", COACH)


def test_withdraw_session_unknown_session_raises_session_not_found(logged: MicroProject) -> None:
    with pytest.raises(SessionNotFound):
        logged.withdraw_session(OTHER_SESSION_ID, "logged twice", COACH)


def test_withdraw_session_blank_reason_raises_implausible_value(logged: MicroProject) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        logged.withdraw_session(SESSION_ID, "", COACH)
    assert raised.value.field == "reason"
    assert not logged.sessions[str(SESSION_ID)].withdrawn


def test_log_session_id_of_withdrawn_session_raises_already_recorded(
    logged: MicroProject,
) -> None:
    logged.withdraw_session(SESSION_ID, "logged twice", COACH)
    with pytest.raises(AlreadyRecorded):
        logged.log_session(SESSION_ID, details(), COACH, NOW)


# --------------------------------------------------------------------------- milestones


def test_reach_milestone_catalogue_id_records_milestone(project: MicroProject) -> None:
    proof = Evidence("canvas photo", ("https://example.org/canvas.jpg",))
    project.reach_milestone("CONC-01", date(2020, 2, 1), proof, COACH, TODAY)
    assert project.milestones == {
        "CONC-01": MilestoneRecord("CONC-01", date(2020, 2, 1), proof, COACH, 1)
    }
    assert project.reached_milestones == {"CONC-01"}
    (reached,) = project.collect_events()
    assert isinstance(reached, MicroProject.MilestoneReached)
    assert reached.occurred_on == date(2020, 2, 1)
    assert reached.catalogue_version == 1
    assert reached.evidence == proof
    assert reached.actor == COACH


def test_reach_milestone_unknown_id_raises_unknown_milestone(project: MicroProject) -> None:
    with pytest.raises(UnknownMilestone) as raised:
        project.reach_milestone("CONC-03", YESTERDAY, evidence(), COACH, TODAY)
    assert raised.value.field == "milestone_id"
    assert raised.value.milestone_id == "CONC-03"


def test_reach_milestone_twice_raises_already_recorded(project: MicroProject) -> None:
    reach(project, "NEED-01")
    with pytest.raises(AlreadyRecorded):
        project.reach_milestone("NEED-01", TODAY, evidence("again"), COACH, TODAY)
    assert project.milestones["NEED-01"].reached_on == YESTERDAY


def test_reach_milestone_future_reached_on_raises_implausible_value(
    project: MicroProject,
) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        project.reach_milestone("NEED-01", TOMORROW, evidence(), COACH, TODAY)
    assert raised.value.field == "reached_on"
    assert project.milestones == {}


def test_reach_milestone_evidence_link_only_is_accepted(project: MicroProject) -> None:
    project.reach_milestone(
        "NEED-01", YESTERDAY, Evidence(links=["https://example.org/m"]), COACH, TODAY
    )
    assert project.milestones["NEED-01"].evidence.links == ("https://example.org/m",)


def test_reach_milestone_evidence_without_note_or_link_raises_implausible_value() -> None:
    with pytest.raises(ImplausibleValue) as raised:
        Evidence(note="  ")
    assert raised.value.field == "evidence"


@pytest.mark.parametrize("links", [("",), ("  ",)])
def test_reach_milestone_evidence_blank_link_only_raises_implausible_value(
    links: tuple[str, ...],
) -> None:
    with pytest.raises(ImplausibleValue) as raised:
        Evidence(links=links)
    assert raised.value.field == "evidence.links"


def test_revoke_milestone_reached_marks_it_revoked(project: MicroProject) -> None:
    reach(project, "NEED-01")
    project.collect_events()
    project.revoke_milestone("NEED-01", " users were not asked ", COORDINATOR)
    record = project.milestones["NEED-01"]
    assert record.revoked
    assert record.revoked_reason == "users were not asked"
    assert record.revoked_by == COORDINATOR
    assert record.recorded_by == COACH
    assert project.reached_milestones == frozenset()
    (revoked,) = project.collect_events()
    assert isinstance(revoked, MicroProject.MilestoneRevoked)
    assert revoked.actor == COORDINATOR


def test_revoke_milestone_unreached_raises_invalid_transition(project: MicroProject) -> None:
    with pytest.raises(InvalidTransition):
        project.revoke_milestone("NEED-01", "no proof", COORDINATOR)


def test_revoke_milestone_twice_raises_invalid_transition(project: MicroProject) -> None:
    reach(project, "NEED-01")
    project.revoke_milestone("NEED-01", "no proof", COORDINATOR)
    with pytest.raises(InvalidTransition):
        project.revoke_milestone("NEED-01", "no proof", COORDINATOR)


def test_revoke_milestone_unknown_id_raises_unknown_milestone(project: MicroProject) -> None:
    with pytest.raises(UnknownMilestone):
        project.revoke_milestone("NOPE-01", "no proof", COORDINATOR)


def test_revoke_milestone_blank_reason_raises_implausible_value(project: MicroProject) -> None:
    reach(project, "NEED-01")
    with pytest.raises(ImplausibleValue) as raised:
        project.revoke_milestone("NEED-01", " ", COORDINATOR)
    assert raised.value.field == "reason"
    assert project.reached_milestones == {"NEED-01"}


def test_reach_milestone_after_revocation_reaches_it_again(project: MicroProject) -> None:
    reach(project, "NEED-01", on=date(2020, 1, 1))
    project.revoke_milestone("NEED-01", "no proof", COORDINATOR)
    project.reach_milestone("NEED-01", date(2021, 3, 1), evidence("workshop notes"), COACH, TODAY)
    assert project.reached_milestones == {"NEED-01"}
    assert project.milestones["NEED-01"] == MilestoneRecord(
        "NEED-01", date(2021, 3, 1), evidence("workshop notes"), COACH, 1
    )


def test_advance_stage_revoked_milestone_no_longer_counts_for_gate(
    project: MicroProject,
) -> None:
    reach(project, "NEED-01", "TEAM-01")
    project.revoke_milestone("TEAM-01", "group stopped meeting", COORDINATOR)
    with pytest.raises(GateNotMet) as raised:
        project.advance_stage(Stage.CO_CREATION, "ready", COORDINATOR, TODAY)
    assert raised.value.missing == (("TEAM-01",),)


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
